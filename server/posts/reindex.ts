/**
 * Rebuilds the posts index (`<prefix>posts`) from PostgreSQL, for `npm run reindex`: the same way as the
 * records index (server/search/reindex.ts): documents go into a fresh index with the posts' settings,
 * which replaces the live one in one swap, so /postes keeps answering during the rebuild; posts changed
 * while it ran are queued in the search outbox afterwards.
 */
import { asc, gt, gte } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { searchOutbox, sharedPosts } from '../../db/schema';
import type { SearchService } from '../search/service';
import { ensureIndex, postIndexSettings, postsIndexName } from '../search/settings';
import { loadPostDocuments } from './documents';

export async function rebuildPostsIndex(
  db: Db,
  search: SearchService,
  options: { chunk?: number; onProgress?: (posts: number) => void } = {},
): Promise<{ posts: number; ms: number }> {
  const client = search.client;
  if (!client) throw new Error('no Meilisearch configured (MEILI_URL)');
  const started = Date.now();
  const since = new Date(started - 1_000);
  const chunk = options.chunk ?? 1_000;
  const live = postsIndexName(search);
  const fresh = `${live}_rebuild`;
  await client.deleteIndex(fresh).waitTask({ timeout: 60_000 });
  await ensureIndex(client, fresh, 60_000, postIndexSettings());
  await ensureIndex(client, live, 60_000, postIndexSettings());

  const taskUids: number[] = [];
  let posts = 0;
  for (let afterId = 0; ; ) {
    const ids = (
      await db
        .select({ id: sharedPosts.id })
        .from(sharedPosts)
        .where(gt(sharedPosts.id, afterId))
        .orderBy(asc(sharedPosts.id))
        .limit(chunk)
    ).map((r) => r.id);
    if (!ids.length) break;
    const docs = await loadPostDocuments(db, ids);
    taskUids.push((await client.index(fresh).addDocuments(docs, { primaryKey: 'id' })).taskUid);
    afterId = ids[ids.length - 1];
    posts += docs.length;
    options.onProgress?.(posts);
  }
  for (const uid of taskUids) {
    const task = await client.tasks.waitForTask(uid, { timeout: 600_000, interval: 100 });
    if (task.status !== 'succeeded')
      throw new Error(`Meilisearch task ${uid} ${task.status}: ${task.error?.message ?? ''}`);
  }
  const swap = await client
    .swapIndexes([{ indexes: [live, fresh], rename: false }])
    .waitTask({ timeout: 60_000 });
  if (swap.status !== 'succeeded')
    throw new Error(`Meilisearch swap ${swap.status}: ${swap.error?.message ?? ''}`);
  await client.deleteIndex(fresh).waitTask({ timeout: 60_000 });
  // Posts changed while the rebuild ran may have reached the old index only: queue them again.
  const changed = await db
    .select({ id: sharedPosts.id })
    .from(sharedPosts)
    .where(gte(sharedPosts.updatedAt, since));
  if (changed.length)
    await db
      .insert(searchOutbox)
      .values(changed.map((p) => ({ recordKind: 'post' as const, recordId: p.id })));
  return { posts, ms: Date.now() - started };
}
