/**
 * ROME roles: the curated list (rome.ts), lookup, search and free-text suggestions for spreadsheet
 * imports ("Comptable 0,4 ETP" → M1203). Pure: no I/O.
 */
import { DOMAINS, type Domain, ROME } from './rome';

export { DOMAINS, type Domain } from './rome';
export { SEARCH_WORDS_VERSION, searchText, searchWords } from './search-words';
export { FIELD_SYNONYMS, synonymMap } from './synonyms';
export {
  type RoleTitle,
  type RoleVocabulary,
  roleToken,
  vocabulary,
  vocabularySynonyms,
  vocabularyWords,
} from './vocabulary';

export interface Role {
  /** ROME v3 fiche code: a letter and four digits, e.g. M1203. */
  code: string;
  /** Official French label of the fiche. */
  label: string;
  domain: Domain;
  /** Words people use for the job (ours, not France Travail's). */
  keywords: readonly string[];
}

export interface RoleSuggestion {
  role: Role;
  /** Higher is better; 0 < score. Keyword phrases weigh 3 a word, label words 1. */
  score: number;
  /** Same as role.code / role.label, for callers that want a flat record. */
  code: string;
  label: string;
}

export const ROLES: readonly Role[] = Object.freeze(
  ROME.map(([code, label, domain, keywords]) => Object.freeze({ code, label, domain, keywords })),
);

const byCode = new Map(ROLES.map((r) => [r.code, r]));

export function getRole(code: string): Role | null {
  return byCode.get(code.trim().toUpperCase()) ?? null;
}

export function domains(): Domain[] {
  return [...DOMAINS];
}

export function rolesOfDomain(domain: string): Role[] {
  return ROLES.filter((r) => r.domain === domain);
}

// --- Text handling -------------------------------------------------------------------------------

/** Words that say nothing about the job. */
const STOP_WORDS = new Set([
  'a',
  'au',
  'aux',
  'avec',
  'd',
  'de',
  'des',
  'du',
  'en',
  'et',
  'l',
  'la',
  'le',
  'les',
  'ou',
  'par',
  'pour',
  'sur',
  'un',
  'une',
  'h',
  'f',
  'hf',
  'fh',
  'etp',
  'cdi',
  'cdd',
  'temps',
  'partiel',
  'plein',
  'complet',
  'mi',
  'poste',
  'heure',
  'heures',
  'hebdo',
  'semaine',
  'mois',
  'an',
  'x',
]);

/** Lower case, no accents, no ligatures; "(e)", "·e", ".e", "/e", "(ne)" feminine markers removed. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/\((?:e|ne|le|se|re|ere|euse|rice|trice)\)/g, '')
    .replace(/[·.•/-](?:e|ne|le|se|ere|euse|rice|trice)s?\b/g, '')
    .replace(/[^a-z0-9&]+/g, ' ')
    .trim();
}

/** Stemming-lite: plural, then feminine and a few derivational endings, so that both sides meet. */
export function stem(word: string): string {
  let w = word;
  if (w.length > 3 && (w.endsWith('s') || w.endsWith('x')) && !w.endsWith('ss')) w = w.slice(0, -1);
  const endings: [string, string][] = [
    ['trice', 'teur'],
    ['euse', 'eur'],
    ['iere', 'ier'],
    ['ienne', 'ien'],
    ['enne', 'en'],
    ['ive', 'if'],
    ['ere', 'er'],
    ['ee', 'e'],
  ];
  for (const [from, to] of endings) {
    if (w.length > from.length + 2 && w.endsWith(from)) {
      w = w.slice(0, -from.length) + to;
      break;
    }
  }
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** Meaningful stemmed words of a text; numbers and stop words dropped. */
export function tokens(text: string): string[] {
  return normalizeText(text)
    .split(' ')
    .filter((t) => t && !STOP_WORDS.has(t) && !/^\d/.test(t))
    .map(stem);
}

interface Prepared {
  role: Role;
  code: string;
  labelText: string;
  labelTokens: string[];
  keywordTexts: string[];
  keywordTokens: string[][];
}

/**
 * Every role's normalised texts and stems, made at the first search or in the server's warm-up after
 * listening (`prepareRoleSearch`), ~20 ms of CPU: when the module loaded, it was on the web thread
 * during every start, before the server listened.
 */
let prepared: Prepared[] | null = null;
function preparedRoles(): Prepared[] {
  prepared ??= ROLES.map((role) => ({
    role,
    code: role.code.toLowerCase(),
    labelText: normalizeText(role.label),
    labelTokens: tokens(role.label),
    keywordTexts: role.keywords.map(normalizeText),
    keywordTokens: role.keywords.map(tokens).filter((t) => t.length > 0),
  }));
  return prepared;
}

export function prepareRoleSearch(): void {
  preparedRoles();
}

// --- Search --------------------------------------------------------------------------------------

/**
 * Search over code, label and keywords, accent- and case-insensitive, every query word matching
 * (as a word prefix) somewhere. Ranked: code, exact keyword, keyword prefix, label prefix, words.
 */
export function searchRoles(query: string, limit = 10): Role[] {
  const q = normalizeText(query);
  if (!q || limit <= 0) return [];
  const qWords = q.split(' ');
  const results: { role: Role; score: number }[] = [];
  for (const p of preparedRoles()) {
    let score = 0;
    if (p.code === q) score = 1000;
    else if (p.code.startsWith(q)) score = 500;
    else {
      const words = [...p.labelText.split(' '), ...p.keywordTexts.flatMap((k) => k.split(' '))];
      if (!qWords.every((w) => words.some((x) => x.startsWith(w)))) continue;
      if (p.keywordTexts.includes(q)) score += 300;
      else if (p.keywordTexts.some((k) => k.startsWith(q))) score += 150;
      if (p.labelText === q) score += 400;
      else if (p.labelText.startsWith(q)) score += 200;
      else if (` ${p.labelText}`.includes(` ${q}`)) score += 100;
      else if (p.keywordTexts.some((k) => ` ${k}`.includes(` ${q}`))) score += 50;
      score += 10;
    }
    results.push({ role: p.role, score });
  }
  results.sort((a, b) => b.score - a.score || a.role.code.localeCompare(b.role.code));
  return results.slice(0, limit).map((r) => r.role);
}

// --- Free-text suggestions -----------------------------------------------------------------------

/** Abbreviations people write in job titles, expanded before scoring. */
const ABBREVIATIONS: Record<string, string> = {
  compta: 'comptable',
  dev: 'developpeur',
  devs: 'developpeur',
  resp: 'responsable',
  respo: 'responsable',
  agt: 'agent',
  tech: 'technicien',
  techn: 'technicien',
  admin: 'administratif',
  adm: 'administratif',
  asst: 'assistant',
  ass: 'assistant',
  secr: 'secretaire',
  dir: 'directeur',
  coord: 'coordinateur',
  cond: 'conducteur',
  chauff: 'chauffeur',
  prep: 'preparateur',
  ent: 'entretien',
  ev: 'espaces verts',
};

function suggestionTokens(text: string): string[] {
  const expanded = normalizeText(text)
    .split(' ')
    .map((w) => ABBREVIATIONS[w] ?? w)
    .join(' ');
  return tokens(expanded);
}

/**
 * Likely roles for a free-text job title ("Comptable 0,4 ETP", "Agent d'entretien", "Chargé(e) de
 * projets ENR", "Encadrant technique maraîchage", "Dev web"), best first. A keyword phrase found
 * whole in the title scores 3 per word (only the longest match of a role counts); each title word
 * found in the label scores 1 (0.5 for a shared prefix of 5+ letters); an explicit ROME code in the
 * text wins. Matches scoring under max(1, best / 4) are dropped. Empty when nothing fits.
 */
export function suggestRoles(freeTextJobTitle: string, limit = 3): RoleSuggestion[] {
  const words = suggestionTokens(freeTextJobTitle);
  if (words.length === 0 || limit <= 0) return [];
  const code = normalizeText(freeTextJobTitle).match(/\b([a-n]\d{4})\b/);
  const wordSet = new Set(words);
  const scored: RoleSuggestion[] = [];
  for (const p of preparedRoles()) {
    let keywordScore = 0;
    for (const kw of p.keywordTokens) {
      if (kw.every((t) => wordSet.has(t))) keywordScore = Math.max(keywordScore, 3 * kw.length);
    }
    let labelScore = 0;
    for (const w of wordSet) {
      if (p.labelTokens.includes(w)) labelScore += 1;
      else if (
        w.length >= 5 &&
        p.labelTokens.some((l) => l.length >= 5 && (l.startsWith(w) || w.startsWith(l)))
      ) {
        labelScore += 0.5;
      }
    }
    let score = keywordScore + labelScore;
    if (code && code[1] === p.code) score += 100;
    if (score > 0) scored.push({ role: p.role, score, code: p.role.code, label: p.role.label });
  }
  scored.sort((a, b) => b.score - a.score || a.code.localeCompare(b.code));
  // Drop the stray matches far below the best ("chargé" also stems like "charges").
  const floor = Math.max(1, (scored[0]?.score ?? 0) / 4);
  return scored.filter((s) => s.score >= floor).slice(0, limit);
}
