/**
 * Demo cooperation offers: a few dozen across the demo organizations, from the stories (Île-de-France SIAE
 * co-bidding on a green-spaces tender, Belfort pooling, Provence ENR firms sharing premises and purchases,
 * the Orléans GE lending staff) and generated ones, with some interest already shown so that partner
 * suggestions have past activity to cite. Each offer gets its search outbox row (offers' `insertOffers`).
 */
import { offerInterests } from '../../db/schema';
import type { OfferKind } from '../../db/schema/offers';
import type { OrganizationKind } from '../../db/schema/organizations';
import { insertOffers } from '../../server/offers/service';
import type { DemoContext, DemoOrganization } from './context';

interface OfferSpec {
  org: string;
  kind: OfferKind;
  title: string;
  description: string;
  departements: string[];
  deadline?: string;
  partners?: OrganizationKind[];
  /** Keys of organizations that already said they are interested. */
  interested?: string[];
}

const STORY: OfferSpec[] = [
  {
    org: 'montreuil-aci',
    kind: 'gme',
    title: 'GME pour l’entretien des parcs et jardins d’Est Ensemble',
    description:
      'Marché public de quatre ans, six lots d’espaces verts avec clause d’insertion. Nous cherchons des SIAE pour répondre ensemble en groupement momentané d’entreprises : encadrement, équipes et matériel partagés.',
    departements: ['93', '75'],
    deadline: '2027-02-12',
    partners: ['ACI', 'EI', 'RQ'],
    interested: ['aubervilliers-aci', 'pantin-rq'],
  },
  {
    org: 'nanterre-aci',
    kind: 'gme',
    title: 'Cotraitance : entretien des berges de Seine',
    description:
      'Appel d’offres départemental, lot débroussaillage et ramassage. Recherche d’une entreprise d’insertion disposant d’un tracteur.',
    departements: ['92'],
    deadline: '2027-03-05',
    partners: ['EI', 'ACI'],
    interested: ['ivry-ei'],
  },
  {
    org: 'belfort-aci',
    kind: 'pooling',
    title: 'Mutualiser la comptabilité entre SIAE belfortaines',
    description:
      'Quatre structures du Territoire de Belfort veulent partager un poste de comptable en CDI à temps plein, porté par le GES. Ouvert à d’autres SIAE proches.',
    departements: ['90'],
    partners: ['ACI', 'AI', 'EI', 'RQ'],
    interested: ['belfort-ai', 'belfort-ei'],
  },
  {
    org: 'belfort-ai',
    kind: 'staff_lending',
    title: 'Mise à disposition de personnel pour les chantiers d’hiver',
    description:
      'Notre association intermédiaire peut mettre à disposition des salariés en parcours pour la saison creuse des ACI.',
    departements: ['90', '25'],
    partners: ['ACI', 'EI'],
  },
  {
    org: 'marseille-scop-solaire',
    kind: 'shared_premises',
    title: 'Atelier partagé pour le stockage de panneaux photovoltaïques',
    description:
      '200 m² à Marseille 15e, accès poids lourds. Nous cherchons deux structures de l’ESS pour partager le bail.',
    departements: ['13'],
    interested: ['aix-scic-energie'],
  },
  {
    org: 'aix-scic-energie',
    kind: 'joint_purchasing',
    title: 'Achats groupés d’onduleurs et de structures de pose',
    description:
      'Commande commune pour 2027 afin d’obtenir des prix de gros : trois coopératives déjà engagées.',
    departements: ['13', '84'],
    deadline: '2027-01-29',
  },
  {
    org: 'orleans-ge',
    kind: 'staff_lending',
    title: 'Le GE met à disposition un encadrant technique mutualisé',
    description:
      'Le groupement d’employeurs emploie un encadrant technique à temps plein partagé entre trois ACI adhérents ; une quatrième structure peut le rejoindre.',
    departements: ['45'],
    partners: ['ACI'],
  },
];

const GENERATED: Record<OfferKind, { title: string; description: string }[]> = {
  gme: [
    {
      title: 'Cotraitance pour un marché de propreté urbaine',
      description:
        'Lot réservé aux structures d’insertion : nous cherchons un cotraitant pour le nettoiement des marchés.',
    },
    {
      title: 'GME second œuvre pour la rénovation de logements sociaux',
      description: 'Peinture, sols et petite menuiserie : réponse commune avec clause d’insertion.',
    },
  ],
  pooling: [
    {
      title: 'Mutualiser un poste de chargé de communication',
      description: 'Site, réseaux sociaux et rapport d’activité pour trois structures voisines.',
    },
    {
      title: 'Partager un conseiller en insertion professionnelle',
      description: 'Accompagnement socioprofessionnel à temps partagé entre ateliers.',
    },
    {
      title: 'Mutualisation des ressources humaines et de la paie',
      description: 'Un poste RH partagé, porté par un groupement d’employeurs.',
    },
  ],
  staff_lending: [
    {
      title: 'Prêt de main-d’œuvre entre structures pour les pics d’activité',
      description: 'Convention de mise à disposition à but non lucratif, salariés volontaires.',
    },
  ],
  joint_purchasing: [
    {
      title: 'Achats groupés de vêtements de travail et d’EPI',
      description: 'Commande annuelle commune pour réduire les coûts des équipements de protection.',
    },
    {
      title: 'Groupement d’achat pour le carburant et l’entretien des véhicules',
      description: 'Une flotte de vingt utilitaires à entretenir ensemble.',
    },
  ],
  shared_premises: [
    {
      title: 'Bureaux partagés au cœur du quartier',
      description: 'Deux bureaux et une salle de formation à partager avec une structure de l’ESS.',
    },
  ],
  other: [
    {
      title: 'Formation commune des encadrants techniques',
      description: 'Sessions partagées sur la pédagogie de l’encadrement et la sécurité.',
    },
  ],
};

const KINDS = Object.keys(GENERATED) as OfferKind[];

export async function loadDemoOffers(ctx: DemoContext): Promise<void> {
  const { rng } = ctx;
  const specs: (OfferSpec & { organization: DemoOrganization })[] = [];
  for (const spec of STORY) {
    const organization = ctx.organizations.get(spec.org);
    if (organization) specs.push({ ...spec, organization });
  }
  const structures = [...ctx.organizations.values()].filter((o) => o.kind !== 'GE');
  for (let i = 0; i < 30; i++) {
    const organization = rng.pick(structures);
    const kind = rng.pick(KINDS);
    const template = rng.pick(GENERATED[kind]);
    specs.push({
      org: organization.key,
      organization,
      kind,
      title: template.title,
      description: `${template.description} Proposé par ${organization.name} (${organization.communeName}).`,
      departements: [organization.departement],
      deadline:
        kind === 'gme' ? `2027-0${rng.int(1, 6)}-${String(rng.int(1, 28)).padStart(2, '0')}` : undefined,
    });
  }
  const ids = await insertOffers(
    ctx.tx,
    specs.map((s, i) => ({
      organizationId: s.organization.id,
      createdBy: s.organization.ownerId,
      kind: s.kind,
      title: s.title,
      description: s.description,
      departements: s.departements,
      tenderDeadline: s.deadline ?? null,
      partnerKinds: s.partners ?? [],
      status: i >= STORY.length && rng.chance(0.1) ? ('draft' as const) : ('published' as const),
      publishedAt: new Date(Date.UTC(2026, 9, 1) + rng.int(0, 50) * 86_400_000),
    })),
  );
  const interests = specs.flatMap((s, i) =>
    (s.interested ?? [])
      .map((key) => ctx.organizations.get(key))
      .filter((o): o is DemoOrganization => Boolean(o))
      .map((o) => ({ offerId: ids[i], organizationId: o.id, personId: o.ownerId })),
  );
  if (interests.length) await ctx.tx.insert(offerInterests).values(interests);
}
