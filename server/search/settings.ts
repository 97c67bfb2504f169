/**
 * Index settings, applied by code at start (`ensureIndexes`), idempotently: settings are compared first and
 * updated only when they differ, so a restart enqueues no work. This file defines the records index,
 * `<prefix>records`, which holds needs and offers so that one query gives one ranking, one pagination and
 * facet counts across both kinds of record; other indexes are declared by their sources (the shared posts'
 * in server/posts/search-index.ts).
 */
import type { Meilisearch, Settings } from 'meilisearch';
import { FIELD_SYNONYMS, synonymMap, vocabularySynonyms, vocabularyWords } from '../roles';
import type { SearchService } from './service';
import { indexUid, type SearchIndexSpec } from './sources';

/** The records index: needs and cooperation offers (the /recherche page, saved searches and alerts). */
export const RECORDS_INDEX: SearchIndexSpec = { name: 'records', settings: () => indexSettings() };

export const indexName = (search: Pick<SearchService, 'indexPrefix'>) => indexUid(search, RECORDS_INDEX);

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

/** True when every index exists (whatever its settings); false when one is missing or Meilisearch fails. */
export async function indexesExist(
  search: SearchService,
  indexes: readonly SearchIndexSpec[],
): Promise<boolean> {
  const client = search.client;
  if (!client) return true;
  try {
    await Promise.all(indexes.map((index) => client.getIndex(indexUid(search, index))));
    return true;
  } catch {
    return false;
  }
}

/**
 * Call once at start (server/serve.ts) with the app's indexes (server/search-sources.ts). Without Meilisearch, or
 * while it is down, it logs and returns false: search degrades.
 */
export async function ensureIndexes(
  search: SearchService,
  indexes: readonly SearchIndexSpec[],
  log: (message: string) => void = () => {},
): Promise<boolean> {
  const client = search.client;
  if (!client) return false;
  // The indexes side by side: on a start, Meilisearch has just come up and answers each request slowly.
  const ready = await Promise.all(
    indexes.map(async (index) => {
      const uid = indexUid(search, index);
      try {
        log(`search index ${uid}: ${await ensureIndex(client, uid, 60_000, index.settings())}`);
        return true;
      } catch (err) {
        log(`search index ${uid} not ready: ${(err as Error).message}`);
        return false;
      }
    }),
  );
  return ready.every(Boolean);
}
