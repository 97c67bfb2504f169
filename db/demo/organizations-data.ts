/**
 * The demo's organizations: fictional names in real communes, telling the seeds' stories. Each has a
 * stable key that later demo parts (needs, offers, compositions) use to find it. `commune` is
 * "Name (département)", resolved through server/places at load time.
 */
import type { OrganizationKind, OrganizationStatus } from '../schema/organizations';

export interface DemoOrganizationSpec {
  key: string;
  name: string;
  kind: OrganizationKind;
  commune: string;
  description: string;
  /** Keys of the GEs it belongs to. */
  ges?: string[];
  status?: OrganizationStatus;
  idcc?: string;
}

const ACI_IDCC = '3016';

/** Story 1: four SIAE of Belfort pooling accounting, HR, communication and an 80 % developer (a GES). */
const BELFORT: DemoOrganizationSpec[] = [
  {
    key: 'belfort-ges',
    name: 'GES Solidarités du Lion',
    kind: 'GE',
    commune: 'Belfort (90)',
    description:
      'Groupe économique solidaire créé par quatre SIAE belfortaines pour porter ensemble la comptabilité, les ressources humaines, la communication et un poste de développeur à 80 %.',
  },
  {
    key: 'belfort-aci',
    name: 'Atelier Lion Vert',
    kind: 'ACI',
    commune: 'Belfort (90)',
    idcc: ACI_IDCC,
    ges: ['belfort-ges', 'nfc-ge'],
    description:
      'Chantier d’insertion en espaces verts et second œuvre du bâtiment : 32 salariés en parcours, 6 encadrants. Cherche à partager sa comptabilité et sa communication.',
  },
  {
    key: 'belfort-ai',
    name: 'Trait d’Union Emploi',
    kind: 'AI',
    commune: 'Belfort (90)',
    ges: ['belfort-ges'],
    description:
      'Association intermédiaire : mises à disposition auprès des particuliers, des collectivités et des entreprises du Territoire de Belfort.',
  },
  {
    key: 'belfort-ei',
    name: 'Savoureuse Services',
    kind: 'EI',
    commune: 'Valdoie (90)',
    ges: ['belfort-ges'],
    description: 'Entreprise d’insertion de nettoyage industriel et de logistique, au bord de la Savoureuse.',
  },
  {
    key: 'belfort-rq',
    name: 'Régie des Quartiers des Glacis',
    kind: 'RQ',
    commune: 'Belfort (90)',
    ges: ['belfort-ges'],
    description:
      'Régie de quartier : entretien des parties communes, petits travaux, lien social dans les quartiers des Glacis et des Résidences.',
  },
];

/** Nord Franche-Comté and Doubs: more SIAE around Belfort, Montbéliard and Besançon. */
const FRANCHE_COMTE: DemoOrganizationSpec[] = [
  {
    key: 'nfc-ge',
    name: 'GE Compétences Partagées Nord Franche-Comté',
    kind: 'GE',
    commune: 'Montbéliard (25)',
    description:
      'Groupement d’employeurs associatif : il emploie en CDI des salariés à temps plein qui travaillent pour plusieurs structures adhérentes de l’aire urbaine Belfort-Montbéliard-Héricourt.',
  },
  {
    key: 'offemont-aci',
    name: 'Recyclerie du Salbert',
    kind: 'ACI',
    commune: 'Offemont (90)',
    idcc: ACI_IDCC,
    ges: ['nfc-ge'],
    description:
      'Collecte, tri et revente d’objets de seconde main ; ateliers de réparation ouverts au public.',
  },
  {
    key: 'giromagny-aci',
    name: 'Jardins du Ballon',
    kind: 'ACI',
    commune: 'Giromagny (90)',
    idcc: ACI_IDCC,
    description: 'Maraîchage biologique en insertion, paniers hebdomadaires pour 300 familles adhérentes.',
  },
  {
    key: 'delle-ei',
    name: 'Bâtir Ensemble Sud Territoire',
    kind: 'EI',
    commune: 'Delle (90)',
    ges: ['nfc-ge'],
    description: 'Entreprise d’insertion du bâtiment : rénovation énergétique, isolation, plâtrerie.',
  },
  {
    key: 'beaucourt-aci',
    name: 'Atelier Mécanique Solidaire',
    kind: 'ACI',
    commune: 'Beaucourt (90)',
    idcc: ACI_IDCC,
    ges: ['nfc-ge'],
    description:
      'Garage solidaire : entretien de véhicules pour les personnes à faibles revenus, location de voitures et de scooters.',
  },
  {
    key: 'belfort-etti',
    name: 'Territoire Intérim Solidaire',
    kind: 'ETTI',
    commune: 'Belfort (90)',
    description:
      'Entreprise de travail temporaire d’insertion : missions dans l’industrie, la logistique et le BTP.',
  },
  {
    key: 'montbeliard-aci',
    name: 'Chantier du Pays de Montbéliard',
    kind: 'ACI',
    commune: 'Montbéliard (25)',
    idcc: ACI_IDCC,
    ges: ['nfc-ge'],
    description: 'Entretien des berges et des espaces naturels, valorisation du patrimoine industriel.',
  },
  {
    key: 'audincourt-ai',
    name: 'Audincourt Services Emploi',
    kind: 'AI',
    commune: 'Audincourt (25)',
    ges: ['nfc-ge'],
    description:
      'Association intermédiaire : ménage, repassage, manutention, aide aux associations sportives.',
  },
  {
    key: 'montbeliard-etti',
    name: 'Intérim Insertion Nord Doubs',
    kind: 'ETTI',
    commune: 'Montbéliard (25)',
    description: 'Missions d’intérim accompagnées vers l’industrie automobile et ses sous-traitants.',
  },
  {
    key: 'hericourt-ei',
    name: 'Blanchisserie de la Lizaine',
    kind: 'EI',
    commune: 'Héricourt (70)',
    ges: ['nfc-ge'],
    description: 'Blanchisserie industrielle pour les EHPAD et les hôtels du Nord Franche-Comté.',
  },
  {
    key: 'besancon-aci',
    name: 'Jardins de Chailluz',
    kind: 'ACI',
    commune: 'Besançon (25)',
    idcc: ACI_IDCC,
    ges: ['doubs-ge'],
    description: 'Maraîchage et entretien forestier en insertion aux portes de Besançon.',
  },
  {
    key: 'besancon-ai',
    name: 'Relais Emploi Bisontin',
    kind: 'AI',
    commune: 'Besançon (25)',
    ges: ['doubs-ge'],
    description:
      'Mises à disposition de personnel auprès des particuliers et des collectivités du Grand Besançon.',
  },
  {
    key: 'besancon-rq',
    name: 'Régie de Quartier de Planoise',
    kind: 'RQ',
    commune: 'Besançon (25)',
    ges: ['doubs-ge'],
    description: 'Entretien, médiation et services de proximité dans le quartier de Planoise.',
  },
  {
    key: 'besancon-scop',
    name: 'Bois & Comtois',
    kind: 'SCOP',
    commune: 'Besançon (25)',
    description:
      'SCOP de menuiserie et d’agencement en bois local ; accueille des salariés en fin de parcours d’insertion.',
  },
  {
    key: 'besancon-ei',
    name: 'Vélo Cité Comtoise',
    kind: 'EI',
    commune: 'Besançon (25)',
    ges: ['doubs-ge'],
    description: 'Livraison à vélo, réparation et remise en état de cycles.',
  },
  {
    key: 'pontarlier-aci',
    name: 'Ressourcerie du Haut-Doubs',
    kind: 'ACI',
    commune: 'Pontarlier (25)',
    idcc: ACI_IDCC,
    description: 'Réemploi de meubles et d’électroménager, collecte en déchèterie.',
  },
  {
    key: 'doubs-ge',
    name: 'GE Insertion Doubs Central',
    kind: 'GE',
    commune: 'Besançon (25)',
    description:
      'Groupement d’employeurs de SIAE bisontines : encadrants techniques et chargés d’accompagnement partagés.',
  },
];

/** Story 2: renewable-energy and circular-economy ESS firms around Marseille and Aix needing a part-time project manager. */
const PROVENCE: DemoOrganizationSpec[] = [
  {
    key: 'provence-ge',
    name: 'GE Transitions Provence',
    kind: 'GE',
    commune: 'Marseille (13)',
    description:
      'Groupement d’employeurs des entreprises de l’ESS des énergies renouvelables et de l’économie circulaire des Bouches-du-Rhône : chargés d’affaires, responsables logistique et qualité, techniciens de la rénovation partagés en CDI.',
  },
  {
    key: 'marseille-scop-solaire',
    name: 'Soleil Commun',
    kind: 'SCOP',
    commune: 'Marseille (13)',
    ges: ['provence-ge'],
    description: 'SCOP d’installation photovoltaïque sur toitures de copropriétés et d’équipements publics.',
  },
  {
    key: 'aix-scic-energie',
    name: 'Énergies Citoyennes du Pays d’Aix',
    kind: 'SCIC',
    commune: 'Aix-en-Provence (13)',
    ges: ['provence-ge'],
    description: 'SCIC de production d’énergie renouvelable financée par les habitants et les communes.',
  },
  {
    key: 'marseille-asso-reemploi',
    name: 'Réemploi Massilia',
    kind: 'ASSOCIATION',
    commune: 'Marseille (13)',
    ges: ['provence-ge'],
    description: 'Association de collecte et de réemploi des matériaux du bâtiment.',
  },
  {
    key: 'marseille-ei-reemploi',
    name: 'Atelier Phocéen du Réemploi',
    kind: 'EI',
    commune: 'Marseille (13)',
    ges: ['provence-ge'],
    description:
      'Entreprise d’insertion de démantèlement et de reconditionnement d’équipements électroniques.',
  },
  {
    key: 'aubagne-scop-renov',
    name: 'Garlaban Rénovation Solidaire',
    kind: 'SCOP',
    commune: 'Aubagne (13)',
    ges: ['provence-ge'],
    description: 'SCOP de rénovation énergétique : ensemblier de la rénovation pour les ménages modestes.',
  },
  {
    key: 'aix-scic-circulaire',
    name: 'La Boucle Circulaire',
    kind: 'SCIC',
    commune: 'Aix-en-Provence (13)',
    ges: ['provence-ge'],
    description:
      'SCIC de logistique inverse : consigne des emballages pour les commerces et la restauration.',
  },
  {
    key: 'martigues-scic-eolien',
    name: 'Vent de l’Étang',
    kind: 'SCIC',
    commune: 'Martigues (13)',
    description: 'SCIC de petit éolien et de solaire citoyen autour de l’étang de Berre.',
  },
  {
    key: 'istres-aci',
    name: 'Ressourcerie de l’Étang',
    kind: 'ACI',
    commune: 'Istres (13)',
    idcc: ACI_IDCC,
    ges: ['provence-ge'],
    description: 'Atelier et chantier d’insertion : tri, réparation et vente d’objets et de textiles.',
  },
  {
    key: 'marseille-asso-compost',
    name: 'Compost Collectif Marseillais',
    kind: 'ASSOCIATION',
    commune: 'Marseille (13)',
    description: 'Collecte des biodéchets des restaurants à vélo-cargo et compostage de quartier.',
  },
  {
    key: 'vitrolles-ei',
    name: 'Éco-Logis Solidaire',
    kind: 'EI',
    commune: 'Vitrolles (13)',
    ges: ['provence-ge'],
    description: 'Entreprise d’insertion de petits travaux d’économie d’énergie dans les logements sociaux.',
  },
  {
    key: 'gardanne-scop',
    name: 'Toits Partagés',
    kind: 'SCOP',
    commune: 'Gardanne (13)',
    description:
      'SCOP d’étanchéité et de toitures végétalisées, reconversion d’anciens salariés du bassin minier.',
  },
  {
    key: 'marseille-ess',
    name: 'Lumière Sociale',
    kind: 'ESS',
    commune: 'Marseille (13)',
    description:
      'Entreprise solidaire d’utilité sociale : diagnostics énergétiques et accompagnement des ménages en précarité.',
  },
];

/** Story 3: an Orléans GE of 26 member organizations across the Loiret. */
const ORLEANS_GE: DemoOrganizationSpec = {
  key: 'orleans-ge',
  name: 'GE Loire Emplois Partagés',
  kind: 'GE',
  commune: 'Orléans (45)',
  description:
    'Groupement d’employeurs associatif du Loiret : 26 structures adhérentes partagent des assistants administratifs, des comptables, des agents d’entretien et des animateurs, embauchés en CDI à temps plein.',
};

const LOIRET_MEMBERS: [string, string, OrganizationKind, string][] = [
  ['orleans-01', 'Les Ateliers de la Source', 'ACI', 'Orléans'],
  ['orleans-02', 'Loire Vélo Solidaire', 'EI', 'Orléans'],
  ['orleans-03', 'Épicerie Solidaire des Blossières', 'ASSOCIATION', 'Orléans'],
  ['orleans-04', 'Maraîchers de l’Orléanais', 'ACI', 'Saint-Jean-de-Braye'],
  ['orleans-05', 'Accueil Services Olivet', 'AI', 'Olivet'],
  ['orleans-06', 'Régie de Quartier de l’Argonne', 'RQ', 'Orléans'],
  ['orleans-07', 'Les Compagnons de Fleury', 'ACI', 'Fleury-les-Aubrais'],
  ['orleans-08', 'Coopérative Ligérienne du Bâtiment', 'SCOP', 'Saran'],
  ['orleans-09', 'Atelier Couture de la Ruelle', 'ASSOCIATION', 'Saint-Jean-de-la-Ruelle'],
  ['orleans-10', 'Terres d’Ingré', 'ACI', 'Ingré'],
  ['orleans-11', 'Chécy Services à la Personne', 'AI', 'Chécy'],
  ['orleans-12', 'Ressourcerie du Val', 'ACI', 'Saint-Denis-en-Val'],
  ['orleans-13', 'Montargis Insertion Propreté', 'EI', 'Montargis'],
  ['orleans-14', 'Gien Faïence Solidaire', 'ASSOCIATION', 'Gien'],
  ['orleans-15', 'Pithiviers Jardins Partagés', 'ACI', 'Pithiviers'],
  ['orleans-16', 'Meung Patrimoine Emploi', 'ACI', 'Meung-sur-Loire'],
  ['orleans-17', 'Beaugency Accueil Emploi', 'AI', 'Beaugency'],
  ['orleans-18', 'Jargeau Bords de Loire', 'ASSOCIATION', 'Jargeau'],
  ['orleans-19', 'Transports Solidaires du Val de Loire', 'SCIC', 'Châteauneuf-sur-Loire'],
  ['orleans-20', 'Sully Restauration Solidaire', 'EI', 'Sully-sur-Loire'],
  ['orleans-21', 'Canal de Briare Services', 'ACI', 'Briare'],
  ['orleans-22', 'Amilly Logistique Inclusive', 'EI', 'Amilly'],
  ['orleans-23', 'Culture et Lecture pour Tous 45', 'ASSOCIATION', 'Olivet'],
  ['orleans-24', 'Intérim Solidaire du Loiret', 'ETTI', 'Orléans'],
  ['orleans-25', 'Numérique Inclusif Orléanais', 'ESS', 'Saint-Jean-le-Blanc'],
  ['orleans-26', 'La Chapelle Nature Emploi', 'ACI', 'La Chapelle-Saint-Mesmin'],
];

const LOIRET_ACTIVITY: Record<OrganizationKind, string> = {
  ACI: 'Atelier et chantier d’insertion du Loiret, adhérent du GE Loire Emplois Partagés pour ses fonctions support.',
  AI: 'Association intermédiaire : mises à disposition auprès des particuliers, des associations et des communes.',
  EI: 'Entreprise d’insertion ; partage avec le GE un assistant administratif et un agent de maintenance.',
  ETTI: 'Entreprise de travail temporaire d’insertion, missions dans la logistique de l’axe ligérien.',
  EITI: 'Accompagnement de travailleurs indépendants en insertion.',
  RQ: 'Régie de quartier : entretien, médiation, jardins partagés.',
  ASSOCIATION:
    'Association de l’économie sociale et solidaire, employeuse de quelques salariés à temps partiel.',
  SCOP: 'Société coopérative : les salariés associés partagent avec le GE la comptabilité et la paie.',
  SCIC: 'Société coopérative d’intérêt collectif réunissant usagers, salariés et collectivités.',
  ESS: 'Entreprise solidaire d’utilité sociale.',
  GE: 'Groupement d’employeurs.',
};

const ORLEANS: DemoOrganizationSpec[] = [
  ORLEANS_GE,
  ...LOIRET_MEMBERS.map(([key, name, kind, commune]) => ({
    key,
    name,
    kind,
    commune: `${commune} (45)`,
    ges: ['orleans-ge'],
    description: LOIRET_ACTIVITY[kind],
    ...(kind === 'ACI' ? { idcc: ACI_IDCC } : {}),
  })),
];

/** Story 4: Île-de-France SIAE co-bidding (as a GME) on a green-spaces public tender. */
const ILE_DE_FRANCE: DemoOrganizationSpec[] = [
  {
    key: 'montreuil-aci',
    name: 'Murs à Pêches Insertion',
    kind: 'ACI',
    commune: 'Montreuil (93)',
    idcc: ACI_IDCC,
    description:
      'Chantier d’insertion en espaces verts et entretien des murs à pêches ; chef de file du groupement momentané pour le marché des parcs départementaux.',
  },
  {
    key: 'saint-denis-rq',
    name: 'Régie de Quartier Basilique',
    kind: 'RQ',
    commune: 'Saint-Denis (93)',
    description: 'Régie de quartier : espaces verts, propreté urbaine, gestion des déchets encombrants.',
  },
  {
    key: 'nanterre-aci',
    name: 'Jardins des Terrasses',
    kind: 'ACI',
    commune: 'Nanterre (92)',
    idcc: ACI_IDCC,
    description: 'Entretien paysager des coulées vertes et des pieds d’immeubles.',
  },
  {
    key: 'paris20-ei',
    name: 'Belleville Nature Emploi',
    kind: 'EI',
    commune: 'Paris 20e Arrondissement (75)',
    description: 'Entreprise d’insertion d’élagage et de végétalisation des cours d’école.',
  },
  {
    key: 'bobigny-etti',
    name: 'Intérim Vert Seine-Saint-Denis',
    kind: 'ETTI',
    commune: 'Bobigny (93)',
    description: 'Missions d’intérim dans le paysage et la propreté urbaine.',
  },
  {
    key: 'aubervilliers-aci',
    name: 'Les Cultivateurs du Canal',
    kind: 'ACI',
    commune: 'Aubervilliers (93)',
    idcc: ACI_IDCC,
    description: 'Agriculture urbaine et entretien des berges du canal Saint-Denis.',
  },
  {
    key: 'ivry-ei',
    name: 'Ivry Paysages Solidaires',
    kind: 'EI',
    commune: 'Ivry-sur-Seine (94)',
    description: 'Création et entretien d’espaces verts pour les bailleurs sociaux.',
  },
  {
    key: 'gennevilliers-ai',
    name: 'Gennevilliers Entraide Emploi',
    kind: 'AI',
    commune: 'Gennevilliers (92)',
    description: 'Association intermédiaire : main-d’œuvre pour l’entretien des parcs et le déneigement.',
  },
  {
    key: 'pantin-rq',
    name: 'Régie des Quatre-Chemins',
    kind: 'RQ',
    commune: 'Pantin (93)',
    description: 'Régie de quartier : jardinage, petits travaux, tranquillité résidentielle.',
  },
  {
    key: 'idf-scop',
    name: 'Coopérative Paysagère Francilienne',
    kind: 'SCOP',
    commune: 'Vitry-sur-Seine (94)',
    description: 'SCOP de paysagistes, partenaire des SIAE pour les marchés publics réservés.',
  },
  {
    key: 'paris20-eiti',
    name: 'Indépendants Solidaires de l’Est parisien',
    kind: 'EITI',
    commune: 'Paris 20e Arrondissement (75)',
    description: 'Accompagne des travailleurs indépendants jardiniers et petits artisans.',
  },
];

/** Registered recently, waiting for an admin. */
const PENDING: DemoOrganizationSpec[] = [
  {
    key: 'pending-dole',
    name: 'Nouvelle Ressourcerie Doloise',
    kind: 'ACI',
    commune: 'Dole (39)',
    status: 'pending',
    description: 'Projet de ressourcerie en cours de conventionnement.',
  },
  {
    key: 'pending-lure',
    name: 'Atelier Couture de Lure',
    kind: 'ASSOCIATION',
    commune: 'Lure (70)',
    status: 'pending',
    description: 'Retouches, upcycling textile et ateliers collectifs.',
  },
  {
    key: 'pending-lyon',
    name: 'Travailleurs Indépendants Solidaires du Rhône',
    kind: 'EITI',
    commune: 'Villeurbanne (69)',
    status: 'pending',
    description: 'EITI en création : accompagnement d’indépendants vers une activité durable.',
  },
  {
    key: 'pending-tours',
    name: 'Jardins de la Gloriette Insertion',
    kind: 'ACI',
    commune: 'Tours (37)',
    status: 'pending',
    description: 'Maraîchage en insertion en bord de Cher.',
  },
  {
    key: 'pending-vesoul',
    name: 'Scop Énergie Haute-Saône',
    kind: 'SCOP',
    commune: 'Vesoul (70)',
    status: 'pending',
    description: 'Installation de chaudières à granulés et de pompes à chaleur.',
  },
  {
    key: 'rejected-test',
    name: 'Structure Test Doublon',
    kind: 'ESS',
    commune: 'Dijon (21)',
    status: 'rejected',
    description: 'Inscription en double, refusée par l’administration.',
  },
];

export const DEMO_ORGANIZATIONS: DemoOrganizationSpec[] = [
  ...BELFORT,
  ...FRANCHE_COMTE,
  ...PROVENCE,
  ...ORLEANS,
  ...ILE_DE_FRANCE,
  ...PENDING,
];

/** Keys by story, for later demo parts. */
export const DEMO_GROUPS = {
  belfortSiae: ['belfort-aci', 'belfort-ai', 'belfort-ei', 'belfort-rq'],
  provenceEss: PROVENCE.filter((o) => o.kind !== 'GE').map((o) => o.key),
  orleansMembers: LOIRET_MEMBERS.map(([key]) => key),
  ileDeFranceSiae: ILE_DE_FRANCE.map((o) => o.key),
  franceComte: FRANCHE_COMTE.filter((o) => o.kind !== 'GE').map((o) => o.key),
} as const;
