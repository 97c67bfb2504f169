/**
 * The short guide shown when the organizations choose "a GE to create", drawn from the seeds' note on
 * employers' groups for digital inclusion (legal forms, members, features, economic model).
 */
export interface GeForm {
  name: string;
  members: string;
  features: string[];
}

export const GE_FORMS: GeForm[] = [
  {
    name: 'Association avec statut de groupement d’employeurs',
    members: 'Membres publics et privés',
    features: [
      'Constitution simple (déclarative) et souplesse d’organisation',
      'Capacité juridique et capacité à passer des contrats de droit civil',
      'Les éventuels bénéfices restent dans la structure',
      'Possibilité de se transformer en SCIC dans un second temps',
    ],
  },
  {
    name: 'Société coopérative d’intérêt collectif (SCIC) avec statut de groupement d’employeurs',
    members: 'Membres publics et privés',
    features: [
      'Société (SA, SAS ou SARL à capital variable)',
      'Coopérative : une personne, une voix ; excédents mis en réserve ; révision tous les cinq ans',
      'Réunit autour d’un projet commun des acteurs multiples (personnes physiques ou morales, privées ou publiques)',
      'Les collectivités territoriales peuvent détenir jusqu’à 50 % du capital',
    ],
  },
  {
    name: 'Groupement d’intérêt économique (GIE)',
    members: 'Membres publics et privés',
    features: [
      'Adapté à la mise en commun de moyens',
      'Grande liberté d’organisation',
      'Excédents éventuels répartis entre les membres selon leur participation ou les statuts',
      'Participation des collectivités territoriales difficile (autorisation par décret)',
    ],
  },
];

export const GE_ECONOMIC_MODEL =
  'Le groupement emploie la personne en CDI et la met à disposition de ses membres. Chaque membre est facturé au prorata des heures qu’il utilise réellement, sans sous-facturation possible ; la facturation inclut un coefficient qui couvre les frais de fonctionnement du groupement.';
