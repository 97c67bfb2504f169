/**
 * Groups of words that mean the same thing in this field, for Meilisearch synonyms (every word of a
 * group finds the others; `synonymMap()` gives Meilisearch's format). Lower case, with accents and
 * straight apostrophes, as people type them.
 */
export const FIELD_SYNONYMS: string[][] = [
  // Structures and schemes
  ['aci', "atelier chantier d'insertion", "atelier et chantier d'insertion", "chantier d'insertion"],
  ['ai', 'association intermédiaire'],
  ['ei', "entreprise d'insertion"],
  ['etti', "entreprise de travail temporaire d'insertion"],
  ['eiti', "entreprise d'insertion par le travail indépendant"],
  ['siae', "structure d'insertion par l'activité économique", "structure d'insertion"],
  ['iae', "insertion par l'activité économique"],
  ['rq', 'régie de quartier'],
  ['ge', "groupement d'employeurs"],
  ['geiq', "groupement d'employeurs pour l'insertion et la qualification"],
  ['ges', 'groupe économique solidaire'],
  ['gme', "groupement momentané d'entreprises", 'cotraitance', 'co-traitance'],
  ['gie', "groupement d'intérêt économique"],
  ['ptce', 'pôle territorial de coopération économique'],
  ['jvs', 'joint-venture sociale'],
  ['ess', 'économie sociale et solidaire'],
  ['scop', 'société coopérative et participative', 'société coopérative de production'],
  ['scic', "société coopérative d'intérêt collectif"],
  ['dla', "dispositif local d'accompagnement"],
  ['cress', "chambre régionale de l'économie sociale et solidaire"],
  ['mad', 'mise à disposition'],
  ['mutualisation', 'mutualiser', 'partage', 'pooling'],
  // Contracts and time
  ['cdi', 'contrat à durée indéterminée'],
  ['cdd', 'contrat à durée déterminée'],
  ['cddi', "contrat à durée déterminée d'insertion"],
  ['etp', 'équivalent temps plein'],
  ['temps partiel', 'mi-temps', 'part-time'],
  ['temps plein', 'temps complet', 'full-time'],
  ['idcc', 'convention collective'],
  // Jobs and functions
  ['compta', 'comptabilité', 'comptable'],
  ['rh', 'ressources humaines'],
  ['drh', 'directeur des ressources humaines', 'directrice des ressources humaines'],
  ['paie', 'paye', 'gestion de la paie'],
  ['daf', 'directeur administratif et financier', 'directrice administrative et financière'],
  ['com', 'communication'],
  ['dev', 'développeur', 'développeuse', 'développement informatique'],
  ['informatique', 'it', 'numérique'],
  ['secrétariat', 'secrétaire', 'assistant administratif', 'assistante administrative'],
  ['cip', 'conseiller en insertion professionnelle', 'conseillère en insertion professionnelle'],
  ['asp', 'accompagnateur socioprofessionnel', 'accompagnement socioprofessionnel'],
  ['eti', 'encadrant technique', "encadrant technique d'insertion", 'encadrante technique'],
  ['conseiller numérique', 'médiateur numérique', 'médiatrice numérique', 'aidant numérique'],
  ['espaces verts', 'paysagiste', 'jardinier', 'jardinière'],
  ['maraîchage', 'maraîcher', 'maraîchère'],
  ["agent d'entretien", 'agent de propreté', 'agent de nettoyage', 'technicien de surface'],
  ['btp', 'bâtiment et travaux publics', 'bâtiment'],
  ['enr', 'énergies renouvelables', 'énergie renouvelable'],
  ['pv', 'photovoltaïque', 'solaire'],
  ['pac', 'pompe à chaleur'],
  ['rénovation énergétique', 'efficacité énergétique', 'isolation'],
  ['ressourcerie', 'recyclerie', 'réemploi'],
  ['deee', "déchets d'équipements électriques et électroniques"],
  ['qse', 'qualité sécurité environnement'],
  ['hse', 'hygiène sécurité environnement'],
  ['adv', 'administration des ventes'],
  ['caces', 'cariste', 'chariot élévateur'],
  ['vl', 'véhicule léger'],
  ['pl', 'poids lourd'],
  ['sap', 'services à la personne'],
  ['avs', 'auxiliaire de vie sociale', 'auxiliaire de vie'],
  ['ash', 'agent de service hospitalier', 'agent des services hospitaliers'],
];

/** Meilisearch's synonyms setting: each word (lower case) → the other words of its groups. */
export function synonymMap(
  groups: readonly (readonly string[])[] = FIELD_SYNONYMS,
): Record<string, string[]> {
  const map = new Map<string, Set<string>>();
  for (const group of groups) {
    for (const word of group) {
      const key = word.toLowerCase();
      const set = map.get(key) ?? new Set<string>();
      for (const other of group) if (other.toLowerCase() !== key) set.add(other.toLowerCase());
      map.set(key, set);
    }
  }
  return Object.fromEntries([...map].map(([key, set]) => [key, [...set].sort()]));
}
