import { eq } from 'drizzle-orm';
import { Meilisearch } from 'meilisearch';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { needs, searchOutbox } from '../../db/schema';
import { rebuildIndex } from '../../server/search/reindex';
import { ensureIndexes, indexName, RECORDS_INDEX } from '../../server/search/settings';
import { SEARCH_INDEXES, SEARCH_SOURCES } from '../../server/search-sources';
import { createTestApp, type TestApp } from '../support/app';
import { makeOrganization, makePerson } from '../support/factories';
import { deleteIndexesWithPrefix, testMeili } from '../support/meili';
import { addNeed, addOffer } from './helpers';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await ensureIndexes(t.search, SEARCH_INDEXES);
});
afterAll(async () => {
  await deleteIndexesWithPrefix(t.search.indexPrefix);
  await t.close();
});

it('rebuilds the index from PostgreSQL, dropping documents of records that are gone', async () => {
  const person = await makePerson(t.db);
  const org = await makeOrganization(t.db, { owner: person });
  const ids = [] as number[];
  for (let i = 0; i < 7; i++) ids.push(await addNeed(t.db, person.id, org.id, { title: `Reconstruit ${i}` }));
  const offerId = await addOffer(t.db, person.id, org.id);
  await t.app.searchIndexer.drain();
  // A record deleted behind the outbox's back: only a rebuild can notice.
  await t.db.delete(needs).where(eq(needs.id, ids[0]));
  await t.db.delete(searchOutbox);

  const phases = new Set<string>();
  const result = await rebuildIndex(t.db, t.search, RECORDS_INDEX, SEARCH_SOURCES, {
    chunk: 3,
    onProgress: (p) => phases.add(p.phase),
  });
  expect(result.sent).toEqual({ need: 6, offer: 1 });
  expect([...phases]).toEqual(['sending', 'indexing', 'swapping', 'done']);
  const meili = testMeili();
  const client = new Meilisearch({ host: meili.url, apiKey: meili.masterKey });
  const docs = await client.index(indexName(t.search)).getDocuments({ limit: 100, fields: ['id'] });
  expect(docs.results.map((d) => String(d.id)).sort()).toEqual(
    [...ids.slice(1).map((id) => `need-${id}`), `offer-${offerId}`].sort(),
  );
  const settings = await client.index(indexName(t.search)).getSettings();
  expect(settings.filterableAttributes).toContain('_geo');
  const indexes = await client.getIndexes({ limit: 1000 });
  expect(indexes.results.map((i) => i.uid)).not.toContain(`${indexName(t.search)}_rebuild`);
});
