/**
 * Rebuilds the search index from PostgreSQL (`npm run reindex`, and the benchmark): documents go into a
 * fresh index with the current settings, which then replaces the live one in a single swap, so search
 * keeps answering from the old index during the rebuild. Records changed while it ran are queued in the
 * outbox afterwards, so a write racing the rebuild is never lost.
 */
import { sql } from 'drizzle-orm';
import { type Db, rawRows } from '../../db/client';
import { loadNeedDocuments, loadOfferDocuments, type SearchDocument } from './documents';
import type { SearchService } from './service';
import { ensureIndex, indexName } from './settings';

export interface ReindexProgress {
  needs: number;
  offers: number;
  totalNeeds: number;
  totalOffers: number;
  phase: 'sending' | 'indexing' | 'swapping' | 'done';
}

export async function rebuildIndex(
  db: Db,
  search: SearchService,
  options: { chunk?: number; onProgress?: (p: ReindexProgress) => void } = {},
): Promise<{ needs: number; offers: number; ms: number }> {
  const client = search.client;
  if (!client) throw new Error('no Meilisearch configured (MEILI_URL)');
  const started = Date.now();
  const startedAt = new Date(started - 1_000);
  const chunk = options.chunk ?? 5_000;
  const live = indexName(search);
  const fresh = `${live}_rebuild`;
  await client.deleteIndex(fresh).waitTask({ timeout: 60_000 });
  await ensureIndex(client, fresh);
  await ensureIndex(client, live);

  const [totals] = await rawRows<{ needs: number; offers: number }>(
    db,
    sql`select (select count(*)::int from needs) as needs, (select count(*)::int from offers) as offers`,
  );
  const progress: ReindexProgress = {
    needs: 0,
    offers: 0,
    totalNeeds: Number(totals?.needs ?? 0),
    totalOffers: Number(totals?.offers ?? 0),
    phase: 'sending',
  };
  const taskUids: number[] = [];
  const index = client.index<SearchDocument>(fresh);
  for (const kind of ['needs', 'offers'] as const) {
    let afterId = 0;
    for (;;) {
      const docs =
        kind === 'needs'
          ? await loadNeedDocuments(db, { afterId, limit: chunk })
          : await loadOfferDocuments(db, { afterId, limit: chunk });
      if (!docs.length) break;
      taskUids.push((await index.addDocuments(docs, { primaryKey: 'id' })).taskUid);
      afterId = docs[docs.length - 1].recordId;
      progress[kind] += docs.length;
      options.onProgress?.({ ...progress });
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
  // An ISO string with a cast, because postgres.js does not bind a Date inside a raw sql template.
  const since = startedAt.toISOString();
  await db.execute(sql`insert into search_outbox (record_kind, record_id)
    select 'need', id from needs where updated_at >= ${since}::timestamptz
    union all select 'offer', id from offers where updated_at >= ${since}::timestamptz`);
  progress.phase = 'done';
  options.onProgress?.({ ...progress });
  return { needs: progress.needs, offers: progress.offers, ms: Date.now() - started };
}
