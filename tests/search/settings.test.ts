import { Meilisearch } from 'meilisearch';
import { afterAll, expect, it } from 'vitest';
import { createSearchService } from '../../server/search/service';
import { ensureIndex, ensureIndexes, indexesExist, indexSettings } from '../../server/search/settings';
import { SEARCH_INDEXES } from '../../server/search-sources';
import { deleteIndexesWithPrefix, testMeili } from '../support/meili';

const meili = testMeili();
const client = new Meilisearch({ host: meili.url, apiKey: meili.masterKey });
afterAll(() => deleteIndexesWithPrefix(meili.indexPrefix));

it('applies the index settings once: a second start enqueues no settings task', async () => {
  const uid = `${meili.indexPrefix}records`;
  expect(await ensureIndex(client, uid)).toBe('created');
  expect(await ensureIndex(client, uid)).toBe('unchanged');
  const settings = await client.index(uid).getSettings();
  expect(settings.filterableAttributes).toEqual(expect.arrayContaining(['public', 'organizationId', '_geo']));
  // In search words (server/roles/search-words.ts), with the role tokens of the vocabulary.
  expect(settings.synonyms?.compta).toEqual(expect.arrayContaining(['comptabilite', 'm1203']));
  expect(settings.synonyms?.['femme menage']).toEqual(expect.arrayContaining(['k2204']));
  expect(settings.typoTolerance?.disableOnWords).toEqual(expect.arrayContaining(['menage', 'manager']));
  // A setting changed by hand is put back.
  await client
    .index(uid)
    .updateSettings({ stopWords: ['le'] })
    .waitTask();
  expect(await ensureIndex(client, uid)).toBe('updated');
  expect((await client.index(uid).getSettings()).stopWords?.length).toBe(indexSettings().stopWords?.length);
});

it('tells a start whether every index exists, so that only a first start waits for their settings', async () => {
  const search = createSearchService({
    url: meili.url,
    masterKey: meili.masterKey,
    indexPrefix: `${meili.indexPrefix}x_`,
  });
  expect(await indexesExist(search, SEARCH_INDEXES)).toBe(false);
  expect(await ensureIndexes(search, SEARCH_INDEXES)).toBe(true);
  expect(await indexesExist(search, SEARCH_INDEXES)).toBe(true);
  await client.deleteIndex(`${meili.indexPrefix}x_${SEARCH_INDEXES[0].name}`).waitTask();
  expect(await indexesExist(search, SEARCH_INDEXES)).toBe(false);
  // Without Meilisearch there is nothing to wait for.
  expect(await indexesExist(createSearchService({ indexPrefix: 'none_' }), SEARCH_INDEXES)).toBe(true);
});
