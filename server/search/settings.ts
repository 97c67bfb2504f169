/**
 * The Meilisearch index and its settings, applied by code at start (`ensureIndexes`), idempotently:
 * settings are compared first and updated only when they differ, so a restart enqueues no work.
 * One index, `<prefix>records`, holds needs and offers so that one query gives one ranking, one
 * pagination and facet counts across both kinds of record.
 */
import type { Meilisearch, Settings } from 'meilisearch';
import { FIELD_SYNONYMS, synonymMap, vocabularySynonyms, vocabularyWords } from '../roles';
import type { SearchService } from './service';

export const RECORDS_INDEX = 'records';

export const indexName = (search: Pick<SearchService, 'indexPrefix'>) =>
  `${search.indexPrefix}${RECORDS_INDEX}`;

/** Shared posts (/postes) have their own index: another audience, other filters, other ranking. */
export const POSTS_INDEX = 'posts';

export const postsIndexName = (search: Pick<SearchService, 'indexPrefix'>) =>
  `${search.indexPrefix}${POSTS_INDEX}`;

/** The index a record kind's documents go to. */
export const indexNameOf = (search: Pick<SearchService, 'indexPrefix'>, kind: string) =>
  kind === 'post' ? postsIndexName(search) : indexName(search);

/** Our own groups beside the field's (server/roles): words people type in this search box. */
const OWN_SYNONYMS: string[][] = [
  ['compta', 'comptabilité', 'comptable'],
  ['rh', 'ressources humaines'],
  ['enr', 'énergies renouvelables', 'énergie renouvelable'],
  ['cip', 'conseiller en insertion professionnelle'],
  ['com', 'communication'],
  ['dev', 'développeur', 'développeuse'],
  ['paie', 'paye'],
  ['espaces verts', 'paysagiste', 'jardinier'],
  ['encadrant', 'encadrante', 'encadrement'],
];

let synonyms: Record<string, string[]> | undefined;

/**
 * The records index's synonyms, in search words (server/roles/search-words.ts): the vocabulary's titles
 * of one to three words → their roles' tokens ("femme menage" → k1304, k2204), and the word groups of
 * the field and ours, each → the others. The PostgreSQL fallback expands queries with the same map.
 */
export function buildSynonyms(): Record<string, string[]> {
  synonyms ??= vocabularySynonyms(OWN_SYNONYMS);
  return synonyms;
}

/**
 * The word groups as people type them (accents, stop words), for the shared posts' index and its
 * fallback, whose text is searched as typed.
 */
export function typedSynonyms(): Record<string, string[]> {
  return synonymMap([...FIELD_SYNONYMS, ...OWN_SYNONYMS]);
}

/**
 * Common French words that carry no meaning for ranking, for the shared posts' index, which is searched
 * with the text as typed. (The records index needs none: its documents and queries come through
 * searchWords, which leaves them out.) No elided single letters (d', l'…): a stop word inside a
 * multi-word synonym ("chantier d'insertion") stops that synonym from matching at all.
 */
export const FRENCH_STOP_WORDS = [
  'au',
  'aux',
  'avec',
  'ce',
  'ces',
  'dans',
  'de',
  'des',
  'du',
  'elle',
  'en',
  'et',
  'eux',
  'il',
  'je',
  'la',
  'le',
  'les',
  'leur',
  'lui',
  'ma',
  'mais',
  'me',
  'même',
  'mes',
  'moi',
  'mon',
  'ne',
  'nos',
  'notre',
  'nous',
  'on',
  'ou',
  'par',
  'pas',
  'pour',
  'qu',
  'que',
  'qui',
  'sa',
  'se',
  'ses',
  'son',
  'sur',
  'ta',
  'te',
  'tes',
  'toi',
  'ton',
  'tu',
  'un',
  'une',
  'vos',
  'votre',
  'vous',
  'été',
  'est',
  'sont',
];

/**
 * The records index: only the search words of a document are searched (documents.ts `search`), in
 * this order of importance; the fields shown keep their text as written. Typo tolerance leaves the
 * vocabulary's words alone (`disableOnWords`: "menage" is not "manager") and never bends a role token
 * (`search.code`: k2204 is not k2205).
 */
export function indexSettings(): Settings {
  return {
    searchableAttributes: [
      'search.title',
      'search.code',
      'search.role',
      'search.kind',
      'search.text',
      'search.organization',
      'search.place',
    ],
    displayedAttributes: ['*'],
    filterableAttributes: [
      'recordKind',
      'roleCode',
      'departements',
      'organizationKind',
      'offerKind',
      'days',
      'hoursBand',
      'status',
      'public',
      'organizationId',
      'date',
      'searchWordsVersion',
      '_geo',
    ],
    sortableAttributes: ['date', '_geo'],
    rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'],
    stopWords: [],
    synonyms: buildSynonyms(),
    localizedAttributes: [{ locales: ['fra'], attributePatterns: ['*'] }],
    typoTolerance: {
      enabled: true,
      minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 },
      disableOnWords: vocabularyWords(),
      disableOnAttributes: ['search.code'],
    },
    faceting: { maxValuesPerFacet: 100, sortFacetValuesBy: { '*': 'count' } },
    pagination: { maxTotalHits: 10_000 },
  };
}

/**
 * The posts index (/postes): its documents and queries are the text as typed (server/posts), so it keeps
 * Meilisearch's own handling: French stop words, the word groups as typed, typo tolerance everywhere.
 */
export function postIndexSettings(): Settings {
  return {
    searchableAttributes: [
      'title',
      'roleLabel',
      'description',
      'communeNames',
      'geName',
      'organizationNames',
    ],
    displayedAttributes: ['*'],
    filterableAttributes: ['roleCode', 'departements', 'open', 'status', 'startDay', 'date', '_geo'],
    sortableAttributes: ['date', 'startDay', '_geo'],
    rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'],
    stopWords: FRENCH_STOP_WORDS,
    synonyms: typedSynonyms(),
    localizedAttributes: [{ locales: ['fra'], attributePatterns: ['*'] }],
    typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 } },
    faceting: { maxValuesPerFacet: 100, sortFacetValuesBy: { '*': 'count' } },
    pagination: { maxTotalHits: 10_000 },
  };
}

/** Meilisearch may answer words in another Unicode normal form than ours ("même"): compare in NFC. */
const nfc = (text: string) => text.normalize('NFC');

const sortedJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v) =>
    typeof v === 'string'
      ? nfc(v)
      : v && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
        : v,
  );

/** Settings whose list order means something (attribute priority, rule order). */
const ORDERED = new Set(['searchableAttributes', 'rankingRules']);

/**
 * True when `have` holds what `want` says: objects are compared on the keys we set (Meilisearch adds
 * its defaults, such as typoTolerance.disableOnWords), lists as sets unless their order matters.
 */
function holds(have: unknown, want: unknown, ordered: boolean): boolean {
  if (Array.isArray(want)) {
    if (!Array.isArray(have) || have.length !== want.length) return false;
    const a = have.map(sortedJson);
    const b = want.map(sortedJson);
    if (!ordered) {
      a.sort();
      b.sort();
    }
    return a.every((x, i) => x === b[i]);
  }
  if (want && typeof want === 'object') {
    if (!have || typeof have !== 'object') return false;
    const byKey = new Map(Object.entries(have).map(([key, value]) => [nfc(key), value]));
    return Object.entries(want).every(([key, value]) => holds(byKey.get(nfc(key)), value, false));
  }
  if (typeof want === 'string') return typeof have === 'string' && nfc(have) === nfc(want);
  return have === want;
}

/** True when every setting we manage already has the wanted value. */
function settingsMatch(current: Settings, wanted: Settings): boolean {
  return Object.entries(wanted).every(([key, value]) =>
    holds((current as Record<string, unknown>)[key], value, ORDERED.has(key)),
  );
}

/** Creates the index if missing and applies its settings when they differ. Safe to call at every start. */
export async function ensureIndex(
  client: Meilisearch,
  uid: string,
  timeoutMs = 60_000,
  wanted: Settings = indexSettings(),
): Promise<'created' | 'updated' | 'unchanged'> {
  let created = false;
  try {
    await client.getIndex(uid);
  } catch (err) {
    if ((err as { cause?: { code?: string } }).cause?.code !== 'index_not_found') throw err;
    await client.createIndex(uid, { primaryKey: 'id' }).waitTask({ timeout: timeoutMs });
    created = true;
  }
  const index = client.index(uid);
  if (!created && settingsMatch(await index.getSettings(), wanted)) return 'unchanged';
  const task = await index.updateSettings(wanted).waitTask({ timeout: timeoutMs });
  if (task.status !== 'succeeded')
    throw new Error(`Meilisearch settings task ${task.uid} ${task.status}: ${task.error?.message ?? ''}`);
  return created ? 'created' : 'updated';
}

/** Call once at start (main.ts). Without Meilisearch, or while it is down, it logs and returns: search degrades. */
export async function ensureIndexes(
  search: SearchService,
  log: (message: string) => void = () => {},
): Promise<boolean> {
  if (!search.client) return false;
  try {
    const outcome = await ensureIndex(search.client, indexName(search));
    log(`search index ${indexName(search)}: ${outcome}`);
    const posts = await ensureIndex(search.client, postsIndexName(search), 60_000, postIndexSettings());
    log(`search index ${postsIndexName(search)}: ${posts}`);
    return true;
  } catch (err) {
    log(`search index ${indexName(search)} not ready: ${(err as Error).message}`);
    return false;
  }
}
