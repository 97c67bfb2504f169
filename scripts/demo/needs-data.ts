/**
 * What the demo's needs are made of: the roles' usual titles, their weights by region, the descriptions,
 * and the stories' needs (Belfort's four SIAE pooling accounting, HR, communication and a developer; the
 * Provence ENR firms' project manager; Île-de-France green spaces), written so that they compose into
 * full-time jobs. needs.ts turns them into rows.
 */
import type { WeekSlot } from '../../db/schema/needs';
import type { DemoOrganization } from './context';

export const TITLES: Record<string, string[]> = {
  M1203: [
    'Comptable',
    'Aide-comptable',
    'Comptable unique à temps partiel',
    'Gestionnaire comptable et paie',
  ],
  M1501: ['Assistant·e ressources humaines', 'Gestionnaire RH et paie', 'Chargé·e de recrutement et RH'],
  E1103: ['Chargé·e de communication', 'Community manager', 'Chargé·e de communication et de mécénat'],
  M1805: ['Développeur·se web', 'Développeur·se d’outils métiers'],
  M1607: ['Secrétaire administratif·ve', 'Assistant·e administratif·ve'],
  M1608: ['Secrétaire comptable', 'Assistant·e de gestion et facturation'],
  K1801: ['Conseiller·ère en insertion professionnelle', 'Chargé·e d’accompagnement socioprofessionnel'],
  K1203: [
    'Encadrant·e technique d’insertion',
    'Encadrant·e technique second œuvre',
    'Encadrant·e technique espaces verts',
  ],
  A1203: [
    'Jardinier·ère paysagiste',
    'Chef·fe d’équipe espaces verts',
    'Agent·e d’entretien des espaces verts',
  ],
  A1414: ['Maraîcher·ère encadrant·e', 'Chef·fe de culture maraîchère'],
  H1206: ['Chef·fe de projet énergies renouvelables', 'Chef·fe de projet photovoltaïque'],
  H1102: ['Chargé·e d’affaires ENR', 'Développeur·se de projets éoliens'],
  I1309: ['Technicien·ne de maintenance photovoltaïque', 'Électricien·ne de maintenance'],
  K2204: ['Agent·e d’entretien des locaux', 'Chef·fe d’équipe propreté'],
  K2304: ['Valoriste en ressourcerie', 'Responsable d’atelier de réemploi'],
  K1204: ['Conseiller·ère numérique', 'Médiateur·rice numérique'],
  I1401: ['Technicien·ne de reconditionnement informatique'],
  K1802: ['Chargé·e de développement local', 'Chef·fe de projet coopération territoriale'],
};

/** Roles by weight for each region: support functions everywhere, the region's trades beside them. */
export const WEIGHTS: Record<string, [string, number][]> = {
  common: [
    ['M1203', 8],
    ['M1501', 5],
    ['E1103', 4],
    ['M1607', 3],
    ['M1608', 2],
    ['M1805', 2],
    ['K1801', 6],
    ['K1203', 6],
    ['A1203', 5],
    ['K2204', 2],
    ['K1204', 2],
    ['K1802', 1],
  ],
  provence: [
    ['H1206', 6],
    ['H1102', 3],
    ['I1309', 3],
    ['K2304', 4],
  ],
  idf: [
    ['A1203', 6],
    ['K1203', 4],
    ['K2204', 2],
  ],
  loiret: [
    ['A1414', 3],
    ['K2304', 2],
    ['I1401', 1],
  ],
  comte: [
    ['A1203', 2],
    ['A1414', 1],
    ['K2304', 1],
  ],
};

export const DESCRIPTIONS: ((org: DemoOrganization, label: string) => string)[] = [
  (o, l) =>
    `${o.name} cherche à partager ce poste (${l.toLowerCase()}) avec d’autres structures du territoire pour proposer un CDI à temps plein.`,
  (o) =>
    `Nos salariés en parcours ont besoin de ce soutien quelques demi-journées par semaine. Poste basé à ${o.communeName}, déplacements possibles entre structures voisines.`,
  (o) =>
    `Besoin récurrent, aujourd’hui couvert en heures supplémentaires par l’équipe de ${o.name}. Expérience de l’insertion par l’activité économique appréciée.`,
  () =>
    'Temps partiel choisi ou à compléter : nous sommes ouverts à un groupement d’employeurs pour porter le contrat.',
];

export interface NeedSpec {
  org: string;
  role: string;
  title?: string;
  hundredths: number;
  slots: WeekSlot[];
  slotsNeeded?: number;
  travel?: number;
  description?: string;
}

/** The stories' needs, written so that they compose into full-time jobs. */
export const STORY: NeedSpec[] = [
  // Belfort: four SIAE pooling accounting (14 + 10,5 + 7 + 3,5 = 35 h), HR (14 + 12,8 + 8,2), communication, a developer.
  {
    org: 'belfort-aci',
    role: 'M1203',
    title: 'Comptable pour la paie et la clôture',
    hundredths: 1400,
    slots: ['mon-am', 'mon-pm', 'tue-am', 'tue-pm', 'wed-am'],
    slotsNeeded: 4,
    travel: 20,
  },
  {
    org: 'belfort-ai',
    role: 'M1203',
    title: 'Comptable : saisie et rapprochements',
    hundredths: 1050,
    slots: ['wed-am', 'wed-pm', 'thu-am', 'thu-pm'],
    slotsNeeded: 3,
    travel: 20,
  },
  {
    org: 'belfort-ei',
    role: 'M1203',
    title: 'Comptable à temps partiel',
    hundredths: 700,
    slots: ['thu-pm', 'fri-am', 'fri-pm'],
    slotsNeeded: 2,
    travel: 20,
  },
  {
    org: 'belfort-rq',
    role: 'M1203',
    title: 'Comptabilité de la régie',
    hundredths: 350,
    slots: ['fri-am', 'fri-pm'],
    slotsNeeded: 1,
    travel: 20,
  },
  {
    org: 'belfort-aci',
    role: 'M1501',
    title: 'Gestionnaire RH et paie',
    hundredths: 1400,
    slots: ['mon-am', 'mon-pm', 'tue-am', 'tue-pm'],
    travel: 15,
  },
  {
    org: 'belfort-ai',
    role: 'M1501',
    title: 'Assistante ressources humaines',
    hundredths: 1280,
    slots: ['wed-am', 'wed-pm', 'thu-am', 'thu-pm'],
    travel: 15,
  },
  {
    org: 'belfort-ei',
    role: 'M1501',
    title: 'Chargée de recrutement et RH',
    hundredths: 820,
    slots: ['fri-am', 'fri-pm'],
    travel: 15,
  },
  {
    org: 'belfort-aci',
    role: 'E1103',
    title: 'Chargée de communication',
    hundredths: 1750,
    slots: ['mon-am', 'mon-pm', 'tue-am', 'tue-pm', 'wed-am'],
  },
  {
    org: 'belfort-rq',
    role: 'E1103',
    title: 'Communication et vie de quartier',
    hundredths: 1750,
    slots: ['wed-pm', 'thu-am', 'thu-pm', 'fri-am', 'fri-pm'],
  },
  {
    org: 'belfort-aci',
    role: 'M1805',
    title: 'Développeur web pour nos outils métiers',
    hundredths: 1400,
    slots: ['mon-am', 'mon-pm', 'tue-am', 'tue-pm'],
  },
  {
    org: 'belfort-ai',
    role: 'M1805',
    title: 'Développeur : planning des mises à disposition',
    hundredths: 700,
    slots: ['wed-am', 'wed-pm'],
  },
  {
    org: 'belfort-ei',
    role: 'M1805',
    title: 'Développeur pour la logistique',
    hundredths: 700,
    slots: ['thu-am', 'thu-pm'],
  },
  // Provence: a part-time ENR project manager shared by ESS firms (17,5 + 10,5 + 7).
  {
    org: 'marseille-scop-solaire',
    role: 'H1206',
    title: 'Chef de projet photovoltaïque en toiture',
    hundredths: 1750,
    slots: ['mon-am', 'mon-pm', 'tue-am', 'tue-pm', 'wed-am', 'wed-pm'],
    slotsNeeded: 5,
    travel: 40,
  },
  {
    org: 'aix-scic-energie',
    role: 'H1206',
    title: 'Chef de projet énergies renouvelables citoyennes',
    hundredths: 1050,
    slots: ['wed-pm', 'thu-am', 'thu-pm'],
    travel: 40,
  },
  {
    org: 'martigues-scic-eolien',
    role: 'H1206',
    title: 'Chef de projet éolien participatif',
    hundredths: 700,
    slots: ['fri-am', 'fri-pm'],
    travel: 40,
  },
  // Île-de-France: green spaces supervision for a co-bid.
  {
    org: 'montreuil-aci',
    role: 'K1203',
    title: 'Encadrant technique espaces verts',
    hundredths: 2100,
    slots: ['mon-am', 'mon-pm', 'tue-am', 'tue-pm', 'wed-am', 'wed-pm'],
    travel: 15,
  },
  {
    org: 'aubervilliers-aci',
    role: 'K1203',
    title: 'Encadrant technique pour le chantier des parcs',
    hundredths: 1400,
    slots: ['thu-am', 'thu-pm', 'fri-am', 'fri-pm'],
    travel: 15,
  },
];
