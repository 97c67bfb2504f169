/**
 * The field's vocabulary: for every role offered, the titles people use for it, and what search makes of
 * them. Three sources, all data in this folder:
 * - the official label of the ROME fiche (rome.json);
 * - the field's own words, hand-curated with their codes (rome.json `keywords`: CIP, ETI, ressourcerie,
 *   femme de ménage…);
 * - France Travail's job titles, the ROME "appellations" (appellations.json, Licence Ouverte 2.0,
 *   extracted by scripts/extract-rome-appellations.ts), e.g. "Laveur / Laveuse de vitres" for K2204.
 *
 * Search reads it through `vocabularySynonyms()` (a title of one to three words finds the records of its
 * roles: Meilisearch's synonyms and the fallback's expansion) and `vocabularyWords()` (words typo
 * tolerance must leave alone: "menage" is not a misspelt "manager"). The role picker reads `vocabulary()`.
 * Every title is compared through searchWords (search-words.ts). Pure: no I/O besides loading the JSON.
 */
import { readFileSync } from 'node:fs';
import { projectPath } from '../../db/project-root';
import { ROME } from './rome';
import { searchWords } from './search-words';
import { FIELD_SYNONYMS } from './synonyms';

export type TitleSource = 'label' | 'field' | 'rome';

export interface RoleTitle {
  /** As shown: the official label, the field word, or the ROME title as published. */
  text: string;
  source: TitleSource;
  /** searchWords of the title (of its masculine form for a ROME title "Agent / Agente de …"). */
  words: readonly string[];
}

export interface RoleVocabulary {
  code: string;
  label: string;
  titles: readonly RoleTitle[];
}

interface AppellationsFile {
  appellations: [code: string, ogr: number, title: string][];
}

const readAppellations = () =>
  (JSON.parse(readFileSync(projectPath('server', 'roles', 'appellations.json'), 'utf8')) as AppellationsFile)
    .appellations;

/**
 * The masculine form of a ROME title written "Masculine / Feminine rest": "Nettoyeur polyvalent /
 * Nettoyeuse polyvalente de locaux" → "Nettoyeur polyvalent de locaux" (as many words are skipped after
 * the slash as there are before it). Search folds feminine endings anyway; this keeps the phrase whole.
 */
export function masculineTitle(title: string): string {
  const slash = title.indexOf(' / ');
  if (slash < 0) return title;
  const masculine = title.slice(0, slash);
  const rest = title
    .slice(slash + 3)
    .split(' ')
    .slice(masculine.split(' ').length)
    .join(' ');
  return rest ? `${masculine} ${rest}` : masculine;
}

function buildVocabulary(): RoleVocabulary[] {
  const byCode = new Map<string, string[]>();
  for (const [code, , title] of readAppellations()) {
    const list = byCode.get(code) ?? [];
    list.push(title);
    byCode.set(code, list);
  }
  return ROME.map(([code, label, , keywords]) => {
    const titles: RoleTitle[] = [];
    const seen = new Set<string>();
    const add = (text: string, source: TitleSource, compared = text) => {
      const words = searchWords(compared);
      const key = words.join(' ');
      if (!key || seen.has(key)) return;
      seen.add(key);
      titles.push(Object.freeze({ text, source, words: Object.freeze(words) }));
    };
    add(label, 'label');
    for (const keyword of keywords) add(keyword, 'field');
    for (const title of byCode.get(code) ?? []) add(title, 'rome', masculineTitle(title));
    return Object.freeze({ code, label, titles: Object.freeze(titles) });
  });
}

let built: readonly RoleVocabulary[] | undefined;

/**
 * The vocabulary, built at its first use (~0.2 s of CPU over 11,000 titles): the role picker's first
 * query or the search settings' check, both after the server listens, rather than while it starts.
 */
export function vocabulary(): readonly RoleVocabulary[] {
  built ??= Object.freeze(buildVocabulary());
  return built;
}

/** Meilisearch looks synonyms up for one to three consecutive query words, never more. */
export const MAX_SYNONYM_WORDS = 3;
/** Meilisearch keeps at most 50 synonym phrases per word. */
const MAX_ALTERNATIVES = 50;

/** The token a role's records carry for it in search (`k2204`): what a title's synonyms point to. */
export const roleToken = (code: string) => code.toLowerCase();

let synonyms: Record<string, string[]> | undefined;

/**
 * Synonyms in search words: each title of one to three words → the tokens of its roles
 * ("femme menage" → ["k1304", "k2204"]), and the field's word groups (server/roles/synonyms.ts and
 * `extraGroups`) each word or phrase → the others of its groups ("cip" → "conseiller insertion
 * professionnel"). Keys and values are searchWords output, so a query is looked up after the same
 * normalization. The same map feeds Meilisearch and the PostgreSQL fallback.
 */
export function vocabularySynonyms(
  extraGroups: readonly (readonly string[])[] = [],
): Record<string, string[]> {
  if (!extraGroups.length && synonyms) return synonyms;
  const map = new Map<string, Set<string>>();
  const add = (key: string, value: string) => {
    if (!key || !value || key === value) return;
    const set = map.get(key) ?? new Set<string>();
    set.add(value);
    map.set(key, set);
  };
  for (const role of vocabulary()) {
    for (const title of role.titles) {
      if (title.words.length <= MAX_SYNONYM_WORDS) add(title.words.join(' '), roleToken(role.code));
    }
  }
  for (const group of [...FIELD_SYNONYMS, ...extraGroups]) {
    const phrases = [...new Set(group.map((g) => searchWords(g).join(' ')).filter(Boolean))];
    for (const key of phrases) {
      if (key.split(' ').length > MAX_SYNONYM_WORDS) continue;
      for (const other of phrases) add(key, other);
    }
  }
  // Role tokens first (they are what a title means), then phrases; sorted for stable settings.
  const result = Object.fromEntries(
    [...map]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, set]) => {
        const values = [...set].sort((a, b) => {
          const tokenA = /^[a-n]\d{4}$/.test(a);
          const tokenB = /^[a-n]\d{4}$/.test(b);
          return tokenA === tokenB ? (a < b ? -1 : a > b ? 1 : 0) : tokenA ? -1 : 1;
        });
        return [key, values.slice(0, MAX_ALTERNATIVES)];
      }),
  );
  if (!extraGroups.length) synonyms = result;
  return result;
}

/**
 * Every word of the vocabulary of `minLength` letters or more (search words): typo tolerance must not
 * turn one of them into another ("menage" into "manager"). Shorter words get no typo anyway.
 */
export function vocabularyWords(minLength = 4): string[] {
  const words = new Set<string>();
  for (const role of vocabulary())
    for (const title of role.titles) for (const w of title.words) if (w.length >= minLength) words.add(w);
  for (const group of FIELD_SYNONYMS)
    for (const phrase of group) for (const w of searchWords(phrase)) if (w.length >= minLength) words.add(w);
  return [...words].sort();
}
