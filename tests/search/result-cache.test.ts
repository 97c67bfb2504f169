/**
 * Search answers kept in memory (embedded PGlite only): the same search is answered again without asking
 * Meilisearch until the indexer has applied a change, and a new need shows as soon as it is indexed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureIndexes } from '../../server/search/settings';
import { SEARCH_INDEXES } from '../../server/search-sources';
import { createTestApp, type TestApp } from '../support/app';
import { makeOrganization, makePerson } from '../support/factories';
import { addNeed } from './helpers';

let t: TestApp;
let owner: { id: number };
let org: { id: number };
beforeAll(async () => {
  t = await createTestApp();
  expect(await ensureIndexes(t.search, SEARCH_INDEXES)).toBe(true);
  owner = await makePerson(t.db);
  org = await makeOrganization(t.db, { owner });
  await addNeed(t.db, owner.id, org.id, { title: 'Ébéniste à temps partagé' });
  await t.app.searchIndexer.drain();
});
afterAll(async () => {
  await t?.close();
});

const titles = async (url: string) => {
  const response = await t.app.inject({ method: 'GET', url, headers: { accept: 'application/json' } });
  expect(response.statusCode).toBe(200);
  return (response.json() as { hits: { title: string }[] }).hits.map((h) => h.title).sort();
};

describe.skipIf(!!process.env.DATABASE_URL)('search answers on PGlite', () => {
  it('answers the same search again from memory, and anew once the indexer applied a change', async () => {
    const cache = t.app.searchResults;
    expect(await titles('/recherche?q=ebeniste')).toEqual(['Ébéniste à temps partagé']);
    const hits = cache.hits;
    expect(await titles('/recherche?q=ebeniste')).toEqual(['Ébéniste à temps partagé']);
    expect(cache.hits).toBe(hits + 1);

    // Saved but not indexed yet: the kept answer is what Meilisearch would still say.
    await addNeed(t.db, owner.id, org.id, { title: 'Ébéniste agenceur' });
    expect(await titles('/recherche?q=ebeniste')).toEqual(['Ébéniste à temps partagé']);
    await t.app.searchIndexer.drain();
    expect(await titles('/recherche?q=ebeniste')).toEqual(['Ébéniste agenceur', 'Ébéniste à temps partagé']);
  });

  it('keeps answers apart by search', async () => {
    expect(await titles('/recherche?q=agenceur')).toEqual(['Ébéniste agenceur']);
    expect(await titles('/recherche?q=ebeniste&page=1')).toHaveLength(2);
  });
});

describe.skipIf(!process.env.DATABASE_URL)('search answers with PostgreSQL', () => {
  it('are not kept (another instance may change the index)', async () => {
    expect(t.app.searchResults.enabled).toBe(false);
    expect(await titles('/recherche?q=ebeniste')).toEqual(['Ébéniste à temps partagé']);
  });
});
