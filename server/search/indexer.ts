/**
 * The outbox indexer (DESIGN, "Data and search"). Each drain:
 * 1. claims a batch of due rows for a lease (one UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)),
 *    so several app instances drain side by side without taking the same rows;
 * 2. rebuilds the documents of the claimed records from PostgreSQL (rows are only "this record changed":
 *    the order of writes cannot matter, and a record gone from PostgreSQL is deleted from the index);
 * 3. sends them and waits until Meilisearch reports the tasks succeeded, then deletes exactly the claimed
 *    rows; on failure it releases them with an exponential backoff. A crashed instance's lease expires and
 *    another one takes the rows again. Documents are keyed by record, so a retry never duplicates.
 * 4. re-enqueues a record whose version moved while its batch was in flight, so an older document sent
 *    by a slow instance after a newer one cannot stay in the index.
 * What each kind of record becomes, and in which index, is its source's (sources.ts), given at creation.
 */
import { randomBytes } from 'node:crypto';
import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { searchOutbox } from '../../db/schema';
import { enqueueReindex } from './outbox';
import type { SearchService } from './service';
import { ensureIndex } from './settings';
import {
  currentVersions,
  documentId,
  type IndexedDocument,
  indexesOf,
  indexUid,
  type SearchSource,
} from './sources';
import { requeueStaleDocuments } from './stale-documents';

export interface IndexerOptions {
  batchSize?: number;
  /** How long a claim holds before another instance may take the rows. */
  leaseSeconds?: number;
  /** Retry delay after a failure: base × 2^(attempts so far), capped. */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  taskTimeoutMs?: number;
  /** Told after each change Meilisearch applied (the search results cache drops what it kept). */
  onApplied?: () => void;
}

export interface DrainResult {
  /** Documents added or replaced. */
  indexed: number;
  /** Documents deleted (their record is gone). */
  deleted: number;
  /** Outbox rows released for a retry. */
  failed: number;
  /** True when Meilisearch was unreachable and nothing was claimed. */
  skipped: boolean;
}

export interface Indexer {
  /** Drains until the outbox has no due rows (or `maxBatches`); never throws for a Meilisearch failure. */
  drain(options?: { maxBatches?: number }): Promise<DrainResult>;
}

export function createIndexer(
  db: Db,
  search: SearchService,
  sources: readonly SearchSource[],
  options: IndexerOptions = {},
): Indexer {
  const batchSize = options.batchSize ?? 500;
  const leaseSeconds = options.leaseSeconds ?? 120;
  const backoffBaseMs = options.backoffBaseMs ?? 1_000;
  const backoffCapMs = options.backoffCapMs ?? 60_000;
  const taskTimeoutMs = options.taskTimeoutMs ?? 30_000;
  let indexReady = false;
  let wordsChecked = false;

  /** `update … where id in (select … for update skip locked) returning …`, as the mail outbox's claim. */
  async function claim(token: string) {
    const now = sql`now()`;
    const due = db
      .select({ id: searchOutbox.id })
      .from(searchOutbox)
      .where(
        and(
          lte(searchOutbox.nextAttemptAt, now),
          or(isNull(searchOutbox.claimedUntil), lt(searchOutbox.claimedUntil, now)),
        ),
      )
      .orderBy(asc(searchOutbox.id))
      .limit(batchSize)
      .for('update', { skipLocked: true });
    return db
      .update(searchOutbox)
      .set({ claimedUntil: sql`now() + make_interval(secs => ${leaseSeconds})`, claimToken: token })
      .where(inArray(searchOutbox.id, due))
      .returning({ recordKind: searchOutbox.recordKind, recordId: searchOutbox.recordId });
  }

  async function send(
    source: SearchSource,
    ids: number[],
  ): Promise<{ docs: IndexedDocument[]; gone: number[] }> {
    const client = search.client;
    if (!client) throw new Error('no Meilisearch configured');
    const docs = await source.load(db, ids);
    const present = new Set(docs.map((d) => d.recordId));
    const gone = ids.filter((id) => !present.has(id));
    const index = client.index<IndexedDocument>(indexUid(search, source.index));
    const tasks = [];
    if (docs.length) tasks.push(await index.addDocuments(docs, { primaryKey: 'id' }));
    if (gone.length) tasks.push(await index.deleteDocuments(gone.map((id) => documentId(source.kind, id))));
    for (const enqueued of tasks) {
      const task = await client.tasks.waitForTask(enqueued.taskUid, { timeout: taskTimeoutMs, interval: 25 });
      if (task.status !== 'succeeded') {
        throw new Error(`Meilisearch task ${task.uid} ${task.status}: ${task.error?.message ?? 'no detail'}`);
      }
    }
    return { docs, gone };
  }

  async function drainBatch(): Promise<DrainResult & { claimed: number }> {
    const result = { indexed: 0, deleted: 0, failed: 0, skipped: false, claimed: 0 };
    const token = randomBytes(12).toString('hex');
    const rows = await claim(token);
    result.claimed = rows.length;
    if (!rows.length) return result;
    try {
      const unknown = rows.find((r) => !sources.some((s) => s.kind === r.recordKind));
      if (unknown) throw new Error(`no search source for record kind ${unknown.recordKind}`);
      const sent: { source: SearchSource; docs: IndexedDocument[]; gone: number[] }[] = [];
      for (const source of sources) {
        const ids = [...new Set(rows.filter((r) => r.recordKind === source.kind).map((r) => r.recordId))];
        if (!ids.length) continue;
        const { docs, gone } = await send(source, ids);
        options.onApplied?.();
        sent.push({ source, docs, gone });
        result.indexed += docs.length;
        result.deleted += gone.length;
      }
      await db.delete(searchOutbox).where(eq(searchOutbox.claimToken, token));
      for (const { source, docs, gone } of sent) {
        const versions = await currentVersions(db, source, [...docs.map((d) => d.recordId), ...gone]);
        // A record left out that still exists may be one its source keeps out of the index (a hidden
        // structure): stale only if it has a document now.
        const existing = gone.filter((id) => versions.has(id));
        const shownNow = existing.length ? await source.load(db, existing) : [];
        const stale = [
          ...docs.filter((d) => versions.get(d.recordId) !== d.version).map((d) => d.recordId),
          ...shownNow.map((d) => d.recordId),
        ];
        await enqueueReindex(db, source.kind, stale);
      }
    } catch (err) {
      indexReady = false;
      result.failed = rows.length;
      const message = (err as Error).message.slice(0, 500);
      await db
        .update(searchOutbox)
        .set({
          attempts: sql`${searchOutbox.attempts} + 1`,
          lastError: message,
          claimedUntil: null,
          claimToken: null,
          // The backoff counts the attempts before this one: SET expressions read the old row.
          nextAttemptAt: sql`now() + least(${backoffCapMs}::float8, ${backoffBaseMs}::float8 * power(2, least(${searchOutbox.attempts}, 16))) * interval '1 millisecond'`,
        })
        .where(eq(searchOutbox.claimToken, token));
    }
    return result;
  }

  return {
    async drain({ maxBatches = 1_000 } = {}) {
      const total: DrainResult = { indexed: 0, deleted: 0, failed: 0, skipped: false };
      if (!search.client || (await search.health()) !== 'ok') return { ...total, skipped: true };
      if (!indexReady) {
        try {
          for (const index of indexesOf(sources))
            await ensureIndex(search.client, indexUid(search, index), taskTimeoutMs, index.settings());
          // Once per process: documents of an older SEARCH_WORDS_VERSION are queued again.
          if (!wordsChecked) {
            await requeueStaleDocuments(db, search, sources);
            wordsChecked = true;
          }
          indexReady = true;
        } catch {
          return { ...total, skipped: true };
        }
      }
      for (let i = 0; i < maxBatches; i++) {
        const batch = await drainBatch();
        total.indexed += batch.indexed;
        total.deleted += batch.deleted;
        total.failed += batch.failed;
        // Stop on an empty or failed batch: failed rows wait for their backoff.
        if (!batch.claimed || batch.failed) break;
      }
      return total;
    },
  };
}
