/**
 * The relevance test set: what a structure or a job seeker types in /recherche, with the ROME codes of
 * which one must be among the first five hits, on the demo data (scripts/demo). Written as people type:
 * accents left out, misspelt, abbreviated, inclusive; not tuned to the engine. Where the field files one
 * job under two codes (a "chef de projet ENR" is an engineering or a business role), both count.
 * tests/search/relevance.test.ts runs it against Meilisearch and the fallback; `npm run bench -- search`
 * reports the scores.
 */

export type QueryForm = 'plain' | 'accentless' | 'misspelt' | 'abbreviated' | 'inclusive' | 'field';

export interface RelevanceQuery {
  q: string;
  /** One of these ROME codes must be among the first five hits. */
  expect: string[];
  form: QueryForm;
}

export const RELEVANCE_SET: RelevanceQuery[] = [
  // Accounting and administration
  { q: 'comptable', expect: ['M1203'], form: 'plain' },
  { q: 'comptabilite', expect: ['M1203'], form: 'accentless' },
  { q: 'compta', expect: ['M1203'], form: 'abbreviated' },
  { q: 'aide comptable', expect: ['M1203', 'M1608'], form: 'plain' },
  { q: 'comptabel', expect: ['M1203'], form: 'misspelt' },
  { q: 'secrétaire comptable', expect: ['M1608'], form: 'plain' },
  { q: 'facturation', expect: ['M1608'], form: 'plain' },
  { q: 'secrétaire', expect: ['M1607', 'M1608'], form: 'plain' },
  { q: 'secretariat', expect: ['M1607'], form: 'accentless' },
  { q: 'assistante administrative', expect: ['M1607', 'M1605'], form: 'plain' },
  { q: 'assistant·e administratif·ve', expect: ['M1607', 'M1605'], form: 'inclusive' },
  // Human resources
  { q: 'ressources humaines', expect: ['M1501', 'M1502', 'M1503'], form: 'plain' },
  { q: 'RH', expect: ['M1501', 'M1502', 'M1503'], form: 'abbreviated' },
  { q: 'assistante RH', expect: ['M1501'], form: 'abbreviated' },
  { q: 'gestionnaire de paie', expect: ['M1501'], form: 'plain' },
  { q: 'paye', expect: ['M1501'], form: 'plain' },
  { q: 'chargée de recrutement', expect: ['M1501', 'M1502'], form: 'plain' },
  { q: 'ressources humaine', expect: ['M1501', 'M1502', 'M1503'], form: 'misspelt' },
  // Communication and computing
  { q: 'communication', expect: ['E1103'], form: 'plain' },
  { q: 'chargé·e de com', expect: ['E1103'], form: 'inclusive' },
  { q: 'community manager', expect: ['E1103', 'E1101'], form: 'plain' },
  { q: 'comunication', expect: ['E1103'], form: 'misspelt' },
  { q: 'développeur web', expect: ['M1805'], form: 'plain' },
  { q: 'developpeuse', expect: ['M1805'], form: 'accentless' },
  { q: 'dev', expect: ['M1805'], form: 'abbreviated' },
  { q: 'informaticien', expect: ['M1805', 'M1802', 'I1401'], form: 'plain' },
  // Insertion: counsellors and technical supervisors
  { q: 'CIP', expect: ['K1801'], form: 'abbreviated' },
  { q: 'conseillère en insertion professionnelle', expect: ['K1801'], form: 'plain' },
  { q: 'conseiller·ère insertion', expect: ['K1801'], form: 'inclusive' },
  { q: 'conseiller insertion', expect: ['K1801'], form: 'plain' },
  { q: 'accompagnement socioprofessionnel', expect: ['K1801'], form: 'plain' },
  { q: 'ASP', expect: ['K1801'], form: 'abbreviated' },
  { q: "chargé d'insertion", expect: ['K1801'], form: 'field' },
  { q: 'conseiler en insertion', expect: ['K1801'], form: 'misspelt' },
  { q: 'encadrant technique', expect: ['K1203'], form: 'plain' },
  { q: 'ETI', expect: ['K1203'], form: 'abbreviated' },
  { q: 'encadrante technique d’insertion', expect: ['K1203'], form: 'plain' },
  { q: 'encadrant·e technique espaces verts', expect: ['K1203', 'A1203'], form: 'inclusive' },
  { q: "moniteur d'atelier", expect: ['K1203'], form: 'field' },
  { q: 'encadrent technique', expect: ['K1203'], form: 'misspelt' },
  // Green spaces and market gardening
  { q: 'espaces verts', expect: ['A1203'], form: 'plain' },
  { q: 'jardinier paysagiste', expect: ['A1203'], form: 'plain' },
  { q: 'jardinière', expect: ['A1203'], form: 'plain' },
  { q: 'paysagiste', expect: ['A1203'], form: 'plain' },
  { q: 'agent d’entretien des espaces verts', expect: ['A1203'], form: 'plain' },
  { q: 'espace vert', expect: ['A1203'], form: 'misspelt' },
  { q: 'maraîchage', expect: ['A1414'], form: 'plain' },
  { q: 'maraicher', expect: ['A1414'], form: 'accentless' },
  { q: 'maraîchère', expect: ['A1414'], form: 'plain' },
  // Renewable energy
  { q: 'chef de projet photovoltaïque', expect: ['H1206', 'H1102'], form: 'plain' },
  { q: 'chef de projet ENR', expect: ['H1206', 'H1102'], form: 'abbreviated' },
  { q: 'energies renouvelables', expect: ['H1206', 'H1102'], form: 'accentless' },
  { q: "chargé d'affaires ENR", expect: ['H1102'], form: 'abbreviated' },
  { q: 'chargée d’affaires', expect: ['H1102', 'D1402'], form: 'plain' },
  { q: 'eolien', expect: ['H1206', 'H1102'], form: 'accentless' },
  { q: 'technicien photovoltaique', expect: ['I1309', 'I1304'], form: 'accentless' },
  { q: 'électricien de maintenance', expect: ['I1309'], form: 'plain' },
  { q: 'photovoltaique', expect: ['H1206', 'H1102', 'I1309'], form: 'accentless' },
  // Cleaning
  { q: 'ménage', expect: ['K2204'], form: 'plain' },
  { q: 'menage', expect: ['K2204'], form: 'accentless' },
  { q: 'femme de ménage', expect: ['K2204', 'K1304'], form: 'field' },
  { q: "agent d'entretien", expect: ['K2204', 'I1203'], form: 'plain' },
  { q: 'agente de propreté', expect: ['K2204'], form: 'plain' },
  { q: 'nettoyage des locaux', expect: ['K2204'], form: 'plain' },
  { q: 'technicien de surface', expect: ['K2204'], form: 'field' },
  { q: 'chef d’équipe propreté', expect: ['K2204', 'K2203'], form: 'plain' },
  { q: 'netoyage', expect: ['K2204'], form: 'misspelt' },
  // Circular economy
  { q: 'ressourcerie', expect: ['K2304'], form: 'field' },
  { q: 'recyclerie', expect: ['K2304'], form: 'field' },
  { q: 'réemploi', expect: ['K2304'], form: 'field' },
  { q: 'valoriste', expect: ['K2304'], form: 'field' },
  { q: 'agent de tri', expect: ['K2304'], form: 'plain' },
  { q: 'reemploi', expect: ['K2304'], form: 'accentless' },
  // Digital inclusion and computer refurbishing
  { q: 'médiateur numérique', expect: ['K1204'], form: 'plain' },
  { q: 'mediatrice numerique', expect: ['K1204'], form: 'accentless' },
  { q: 'conseiller numérique', expect: ['K1204'], form: 'field' },
  { q: 'aidant numérique', expect: ['K1204'], form: 'field' },
  { q: 'reconditionnement informatique', expect: ['I1401'], form: 'plain' },
  { q: 'technicien informatique', expect: ['I1401', 'M1802'], form: 'plain' },
  // Local development
  { q: 'développement local', expect: ['K1802'], form: 'plain' },
  { q: 'chargé de développement territorial', expect: ['K1802'], form: 'plain' },
  { q: 'chef de projet coopération', expect: ['K1802'], form: 'plain' },
  // A job and a place, as people search
  { q: 'comptable belfort', expect: ['M1203'], form: 'plain' },
  { q: 'jardinier orléans', expect: ['A1203'], form: 'plain' },
  { q: 'ménage paris', expect: ['K2204'], form: 'plain' },
  { q: 'chef de projet énergie marseille', expect: ['H1206', 'H1102'], form: 'plain' },
  { q: 'encadrant technique montreuil', expect: ['K1203'], form: 'plain' },
];

export interface RelevanceScore {
  queries: number;
  /** Share of queries with an expected code among the first five hits. */
  top5: number;
  /** Mean over queries of 1 / rank of the first hit with an expected code (0 when none in the first 20). */
  mrr: number;
  /** The queries without an expected code among the first five, with what came instead. */
  misses: { q: string; got: (string | null)[] }[];
}

/** Scores the role codes of the hits each query gave, in order (null for an offer). */
export function scoreRelevance(
  results: { query: RelevanceQuery; codes: (string | null)[] }[],
): RelevanceScore {
  let top5 = 0;
  let reciprocal = 0;
  const misses: RelevanceScore['misses'] = [];
  for (const { query, codes } of results) {
    const rank = codes.findIndex((code) => code !== null && query.expect.includes(code));
    if (rank >= 0) reciprocal += 1 / (rank + 1);
    if (rank >= 0 && rank < 5) top5++;
    else misses.push({ q: query.q, got: codes.slice(0, 5) });
  }
  const n = Math.max(1, results.length);
  return { queries: results.length, top5: top5 / n, mrr: reciprocal / n, misses };
}
