/** `npm run reindex` rebuilds the posts index too: documents of the posts as they are in PostgreSQL. */
import { eq } from 'drizzle-orm';
import { Meilisearch } from 'meilisearch';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { searchOutbox, sharedPosts } from '../../db/schema';
import { getComposition } from '../../server/compositions/service';
import { POSTS_INDEX, postsIndexName } from '../../server/posts/search-index';
import { openPost } from '../../server/posts/service';
import { rebuildIndex } from '../../server/search/reindex';
import { ensureIndexes } from '../../server/search/settings';
import { SEARCH_INDEXES, SEARCH_SOURCES } from '../../server/search-sources';
import { createTestApp, type TestApp } from '../support/app';
import { makeAcceptedComposition } from '../support/factories';
import { deleteIndexesWithPrefix, testMeili } from '../support/meili';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await ensureIndexes(t.search, SEARCH_INDEXES);
});
afterAll(async () => {
  await deleteIndexesWithPrefix(t.search.indexPrefix);
  await t.close();
});

async function post(title: string) {
  const { c, a } = await makeAcceptedComposition(t.db);
  const detail = await getComposition(t.db, c.id);
  if (!detail) throw new Error('no composition');
  const result = await openPost(t.db, {
    detail,
    personId: a.owner.id,
    version: detail.composition.version,
    form: {
      title,
      startDate: '2030-01-07',
      description: 'Comptabilité de deux structures, en CDI partagé.',
      payMin: 185_000,
      payMax: null,
      payUnit: 'month',
    },
  });
  if (!result.ok) throw new Error(result.message);
  return result.postId;
}

it('rebuilds the posts index from PostgreSQL, dropping posts that are gone and fixing stale ones', async () => {
  const ids = [await post('Comptable partagé un'), await post('Comptable partagé deux'), await post('Trois')];
  await t.app.searchIndexer.drain();
  // Behind the outbox's back: a post deleted, another renamed. Only a rebuild can notice.
  await t.db.delete(sharedPosts).where(eq(sharedPosts.id, ids[0]));
  await t.db.update(sharedPosts).set({ title: 'Titre corrigé' }).where(eq(sharedPosts.id, ids[1]));
  await t.db.delete(searchOutbox);

  const result = await rebuildIndex(t.db, t.search, POSTS_INDEX, SEARCH_SOURCES, { chunk: 1 });
  expect(result.sent).toEqual({ post: 2 });
  const meili = testMeili();
  const client = new Meilisearch({ host: meili.url, apiKey: meili.masterKey });
  const index = client.index(postsIndexName(t.search));
  const docs = await index.getDocuments<{ id: string; title: string }>({
    limit: 100,
    fields: ['id', 'title'],
  });
  expect(docs.results.map((d) => [d.id, d.title]).sort()).toEqual(
    [
      [`post-${ids[1]}`, 'Titre corrigé'],
      [`post-${ids[2]}`, 'Trois'],
    ].sort(),
  );
  expect((await index.getSettings()).filterableAttributes).toContain('open');
  const indexes = await client.getIndexes({ limit: 1000 });
  expect(indexes.results.map((i) => i.uid)).not.toContain(`${postsIndexName(t.search)}_rebuild`);
  // /postes answers from the rebuilt index.
  const list = await t.app.inject({
    method: 'GET',
    url: '/postes?q=corrigé',
    headers: { accept: 'application/json' },
  });
  expect(JSON.parse(list.body)).toMatchObject({ total: 1, degraded: false });
});
