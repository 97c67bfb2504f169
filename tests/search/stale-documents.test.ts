/**
 * After an upgrade that changes the search words (SEARCH_WORDS_VERSION), the documents already in the
 * index no longer meet the queries: the indexer queues every record once and rewrites them.
 */
import { Meilisearch } from 'meilisearch';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { searchOutbox } from '../../db/schema';
import { createIndexer } from '../../server/search/indexer';
import { ensureIndexes, indexName } from '../../server/search/settings';
import { SEARCH_INDEXES, SEARCH_SOURCES } from '../../server/search-sources';
import { createTestApp, type TestApp } from '../support/app';
import { makeOrganization, makePerson } from '../support/factories';
import { deleteIndexesWithPrefix, testMeili } from '../support/meili';
import { addNeed } from './helpers';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await ensureIndexes(t.search, SEARCH_INDEXES);
});

afterAll(async () => {
  await deleteIndexesWithPrefix(t.search.indexPrefix);
  await t.close();
});

/**
 * The total of /recherche for `q`. The test writes to the index behind the app's indexer and uses
 * indexers of "other processes" (each a fresh start, with its own empty answers cache): the app's
 * kept answers are dropped first.
 */
const found = async (q: string) => {
  t.app.searchResults.clear();
  return (
    await t.app.inject({
      url: `/recherche?q=${encodeURIComponent(q)}`,
      headers: { accept: 'application/json' },
    })
  ).json().total as number;
};

it('re-sends every record when the index holds documents of an older words version', async () => {
  const person = await makePerson(t.db);
  const org = await makeOrganization(t.db, { owner: person });
  await addNeed(t.db, person.id, org.id, { title: 'Conseiller·ère en insertion professionnelle' });
  await addNeed(t.db, person.id, org.id, { title: 'Comptable' });
  // The two needs and their structure's directory document.
  expect((await t.app.searchIndexer.drain()).indexed).toBe(3);
  expect(await found('conseillère insertion')).toBe(1);

  // What an older release left: documents without search words, or of another version.
  const meili = testMeili();
  const index = new Meilisearch({ host: meili.url, apiKey: meili.masterKey }).index(indexName(t.search));
  const docs = (await index.getDocuments({ limit: 10 })).results as Record<string, unknown>[];
  const old = docs.map(({ search: _words, ...rest }) => ({ ...rest, searchWordsVersion: 0 }));
  await index.addDocuments(old).waitTask();
  expect(await found('conseillère insertion')).toBe(0);

  // A fresh process (the check runs once per indexer) queues them all and rewrites them.
  const indexer = createIndexer(t.db, t.search, SEARCH_SOURCES);
  expect((await indexer.drain()).indexed).toBe(2);
  expect(await t.db.select().from(searchOutbox)).toEqual([]);
  expect(await found('conseillère insertion')).toBe(1);
  // Up to date now: a second process queues nothing.
  expect((await createIndexer(t.db, t.search, SEARCH_SOURCES).drain()).indexed).toBe(0);
});
