/**
 * Generated records for the search benchmark: organizations in the most populous communes, needs with
 * roles from the ROME list and French descriptions built from the field's vocabulary, offers of every
 * kind. Deterministic (seeded), inserted in bulk, without outbox rows (the benchmark reindexes).
 */
import type { Db } from '../../../db/client';
import { needs, offers, organizations } from '../../../db/schema';
import { WEEK_SLOTS } from '../../../db/schema/needs';
import { OFFER_KINDS } from '../../../db/schema/offers';
import { ORGANIZATION_KINDS } from '../../../db/schema/organizations';
import { loadPlaces } from '../../../server/places';
import { ROLES } from '../../../server/roles';
import { createRng } from '../../demo/random';

const WORDS = (
  'accompagnement salariés parcours insertion chantier atelier encadrement équipe planning paie clôture bilan ' +
  'facturation recrutement formation sécurité prévention entretien parcs jardins espaces verts maraîchage ' +
  'réemploi recyclerie collecte tri logistique livraison entrepôt nettoyage locaux bureaux restauration cuisine ' +
  'communication réseaux sociaux site internet rapport activité subventions partenaires collectivités marché ' +
  'public clause sociale photovoltaïque toiture énergie rénovation bâtiment peinture menuiserie numérique ' +
  'médiation accueil usagers territoire mutualisation groupement employeurs temps partagé contrat durée indéterminée'
).split(' ');

export interface Generated {
  organizations: number;
  needs: number;
  offers: number;
}

export async function generateRecords(db: Db, total: number, seed = 42): Promise<Generated> {
  const rng = createRng(seed);
  const towns = [...loadPlaces().communes]
    .filter((c) => !c.approximate && c.kind === 'commune')
    .sort((a, b) => b.population - a.population)
    .slice(0, 300);
  const organizationCount = Math.max(20, Math.round(total / 25));
  const orgRows = Array.from({ length: organizationCount }, (_, i) => {
    const town = rng.pick(towns);
    return {
      name: `Structure ${i + 1} de ${town.name}`,
      kind: rng.pick(ORGANIZATION_KINDS),
      communeCode: town.code,
      communeName: town.name,
      departement: town.departement,
      lat: town.lat + (rng.next() - 0.5) * 0.05,
      lon: town.lon + (rng.next() - 0.5) * 0.05,
      status: rng.chance(0.95) ? ('validated' as const) : ('pending' as const),
    };
  });
  const orgs: { id: number; row: (typeof orgRows)[number] }[] = [];
  for (let i = 0; i < orgRows.length; i += 1000) {
    const chunk = orgRows.slice(i, i + 1000);
    const ids = await db.insert(organizations).values(chunk).returning({ id: organizations.id });
    for (const [j, r] of ids.entries()) orgs.push({ id: r.id, row: chunk[j] });
  }
  const sentence = (n: number) => Array.from({ length: n }, () => rng.pick(WORDS)).join(' ');
  const offerCount = Math.round(total / 10);
  const needCount = total - offerCount;
  const weekdays = WEEK_SLOTS.slice(0, 10);
  for (let i = 0; i < needCount; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, needCount - i) }, () => {
      const org = rng.pick(orgs);
      const role = rng.pick(ROLES);
      const hundredths = rng.chance(0.8) ? 350 * rng.int(1, 7) : rng.int(200, 3000);
      const slotsNeeded = Math.min(10, Math.ceil(hundredths / 350));
      const start = rng.int(0, 9);
      const allowed = new Set<string>();
      for (let k = 0; allowed.size < Math.min(10, slotsNeeded + rng.int(0, 3)); k++)
        allowed.add(weekdays[(start + k) % 10]);
      const draft = rng.chance(0.1);
      return {
        organizationId: org.id,
        roleCode: role.code,
        roleLabel: role.label,
        title: `${role.label} ${rng.pick(['à temps partiel', 'mutualisé', 'partagé', 'en CDI', 'pour nos chantiers'])}`,
        description: `${sentence(rng.int(15, 40))}.`,
        hoursHundredths: hundredths,
        slotsNeeded,
        allowedSlots: WEEK_SLOTS.filter((s) => allowed.has(s)),
        communeCode: org.row.communeCode,
        communeName: org.row.communeName,
        departement: org.row.departement,
        lat: org.row.lat,
        lon: org.row.lon,
        maxTravelKm: rng.pick([10, 20, 30, 40]),
        startDate: `2027-0${rng.int(1, 9)}-1${rng.int(0, 9)}`,
        status: draft ? ('draft' as const) : ('published' as const),
        publishedAt: draft ? null : new Date(Date.UTC(2026, 0, 1) + rng.int(0, 300) * 86_400_000),
      };
    });
    await db.insert(needs).values(rows);
  }
  for (let i = 0; i < offerCount; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, offerCount - i) }, () => {
      const org = rng.pick(orgs);
      return {
        organizationId: org.id,
        kind: rng.pick(OFFER_KINDS),
        title: `Coopération : ${sentence(4)}`,
        description: `${sentence(rng.int(20, 50))}.`,
        departements: [org.row.departement],
        status: 'published' as const,
        publishedAt: new Date(Date.UTC(2026, 0, 1) + rng.int(0, 300) * 86_400_000),
      };
    });
    await db.insert(offers).values(rows);
  }
  return { organizations: organizationCount, needs: needCount, offers: offerCount };
}
