/**
 * Rebuilds one search index from PostgreSQL (`npm run reindex`, and the benchmark): the documents of its
 * sources go into a fresh index with the current settings, which then replaces the live one in a single
 * swap, so search keeps answering from the old index during the rebuild. Records changed while it ran
 * are queued in the outbox afterwards, so a write racing the rebuild is never lost.
 */
import type { Db } from '../../db/client';
import type { SearchRecordKind } from '../../db/schema';
import type { SearchService } from './service';
import { ensureIndex } from './settings';
import {
  countRecords,
  enqueueRecords,
  idsAfter,
  indexUid,
  type SearchIndexSpec,
  type SearchSource,
} from './sources';

export interface ReindexProgress {
  /** Documents sent so far, by record kind. */
  sent: Partial<Record<SearchRecordKind, number>>;
  /** Records in PostgreSQL when the rebuild started, by record kind. */
  totals: Partial<Record<SearchRecordKind, number>>;
  phase: 'sending' | 'indexing' | 'swapping' | 'done';
}

export async function rebuildIndex(
  db: Db,
  search: SearchService,
  index: SearchIndexSpec,
  allSources: readonly SearchSource[],
  options: { chunk?: number; onProgress?: (p: ReindexProgress) => void } = {},
): Promise<{ sent: Partial<Record<SearchRecordKind, number>>; ms: number }> {
  const client = search.client;
  if (!client) throw new Error('no Meilisearch configured (MEILI_URL)');
  const sources = allSources.filter((s) => s.index === index);
  const started = Date.now();
  const startedAt = new Date(started - 1_000);
  const chunk = options.chunk ?? 5_000;
  const live = indexUid(search, index);
  const fresh = `${live}_rebuild`;
  await client.deleteIndex(fresh).waitTask({ timeout: 60_000 });
  await ensureIndex(client, fresh, 60_000, index.settings());
  await ensureIndex(client, live, 60_000, index.settings());

  const progress: ReindexProgress = { sent: {}, totals: {}, phase: 'sending' };
  for (const source of sources) {
    progress.sent[source.kind] = 0;
    progress.totals[source.kind] = await countRecords(db, source);
  }
  const taskUids: number[] = [];
  const target = client.index(fresh);
  for (const source of sources) {
    for (let afterId = 0; ; ) {
      const ids = await idsAfter(db, source, afterId, chunk);
      if (!ids.length) break;
      const docs = await source.load(db, ids);
      if (docs.length) taskUids.push((await target.addDocuments(docs, { primaryKey: 'id' })).taskUid);
      afterId = ids[ids.length - 1];
      progress.sent[source.kind] = (progress.sent[source.kind] ?? 0) + docs.length;
      options.onProgress?.({ ...progress, sent: { ...progress.sent } });
    }
  }
  progress.phase = 'indexing';
  options.onProgress?.({ ...progress });
  for (const uid of taskUids) {
    const task = await client.tasks.waitForTask(uid, { timeout: 600_000, interval: 100 });
    if (task.status !== 'succeeded')
      throw new Error(`Meilisearch task ${uid} ${task.status}: ${task.error?.message ?? ''}`);
  }
  progress.phase = 'swapping';
  options.onProgress?.({ ...progress });
  const swap = await client
    .swapIndexes([{ indexes: [live, fresh], rename: false }])
    .waitTask({ timeout: 60_000 });
  if (swap.status !== 'succeeded')
    throw new Error(`Meilisearch swap ${swap.status}: ${swap.error?.message ?? ''}`);
  await client.deleteIndex(fresh).waitTask({ timeout: 60_000 });
  // Records written while the rebuild ran may have reached the old index only: queue them again.
  for (const source of sources) await enqueueRecords(db, source, startedAt);
  progress.phase = 'done';
  options.onProgress?.({ ...progress });
  return { sent: progress.sent, ms: Date.now() - started };
}
