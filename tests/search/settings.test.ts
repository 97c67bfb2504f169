import { Meilisearch } from 'meilisearch';
import { afterAll, expect, it } from 'vitest';
import { ensureIndex, indexSettings } from '../../server/search/settings';
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
