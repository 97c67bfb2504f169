/**
 * An import commit as a batch of short transactions (docs/import.md, "Writing"; docs/speed.md,
 * "Transactions"): on the embedded database a transaction holds the only connection, so a 5,000-row
 * import in one transaction stalled every request for seconds. Each transaction of a batch tags the rows
 * it writes with the batch's id and renews the batch's lease; the last one marks the batch 'done'.
 * Until then the batch is 'writing': other imports neither count its needs as already there nor link to
 * its structures, and when the import fails its rows are deleted (`undoBatch`). A batch whose lease ran
 * out (its instance died mid-import) is undone by the next import, on any instance, and at once by the
 * next attempt at the same upload (`sweepAbandoned`).
 */
import { and, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { importBatches, needs, organizations } from '../../db/schema';
import { enqueueReindex } from '../search/outbox';

/** How long a batch stays 'writing' without a transaction before another instance may undo it. */
export const BATCH_LEASE_MS = 120_000;

/** Rows deleted per transaction when a batch is undone (a delete of a few hundred needs is short). */
const UNDO_CHUNK = 250;

/** The batch is no longer 'writing': another instance undid it (its lease ran out) or it was finished. */
export class BatchLost extends Error {
  constructor(id: number) {
    super(`import batch ${id}: no longer writing (undone after its lease ran out?)`);
  }
}

const leaseEnd = () => sql`now() + ${`${BATCH_LEASE_MS} milliseconds`}::interval`;

/** SQL: the row was not written by an import still in progress (for `needs` or `organizations`). */
export function notInWritingBatch(column: typeof needs.importBatchId | typeof organizations.importBatchId) {
  return sql`(${column} is null or not exists (select 1 from ${importBatches} where ${importBatches.id} = ${column} and ${importBatches.state} = 'writing'))`;
}

/** A new batch, 'writing'; `uploadId`: the upload imported (null from the command line). */
export async function beginBatch(db: Db, uploadId: string | null = null): Promise<number> {
  const [row] = await db
    .insert(importBatches)
    .values({ uploadId, leaseUntil: leaseEnd() })
    .returning({ id: importBatches.id });
  return row.id;
}

/** One short transaction of the batch: renews its lease, then `work`; throws BatchLost if it was undone. */
export async function inBatch<T>(db: Db, id: number, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    const [live] = await tx
      .update(importBatches)
      .set({ leaseUntil: leaseEnd() })
      .where(and(eq(importBatches.id, id), eq(importBatches.state, 'writing')))
      .returning({ id: importBatches.id });
    if (!live) throw new BatchLost(id);
    return work(tx);
  });
}

/** In the batch's last transaction: its rows become an import like any other. */
export async function finishBatch(tx: Tx, id: number): Promise<void> {
  const [done] = await tx
    .update(importBatches)
    .set({ state: 'done' })
    .where(and(eq(importBatches.id, id), eq(importBatches.state, 'writing')))
    .returning({ id: importBatches.id });
  if (!done) throw new BatchLost(id);
}

/**
 * Deletes what a batch wrote that did not finish, a few hundred rows per transaction, then the batch;
 * the search index is told (outbox) about every record removed. Safe to run twice or on two instances.
 */
export async function undoBatch(db: Db, id: number): Promise<void> {
  const [batch] = await db
    .select({ state: importBatches.state })
    .from(importBatches)
    .where(eq(importBatches.id, id));
  if (batch?.state === 'done') return;
  for (;;) {
    const removed = await db.transaction(async (tx) => {
      const batchNeeds = tx
        .select({ id: needs.id })
        .from(needs)
        .where(eq(needs.importBatchId, id))
        .limit(UNDO_CHUNK);
      const rows = await tx
        .delete(needs)
        .where(inArray(needs.id, batchNeeds))
        .returning({ id: needs.id, organizationId: needs.organizationId });
      await enqueueReindex(
        tx,
        'need',
        rows.map((row) => row.id),
      );
      await enqueueReindex(tx, 'structure', [...new Set(rows.map((row) => row.organizationId))]);
      return rows.length;
    });
    if (!removed) break;
  }
  for (;;) {
    const removed = await db.transaction(async (tx) => {
      const batchOrganizations = tx
        .select({ id: organizations.id })
        .from(organizations)
        // One claimed meanwhile (within the seconds of an import) is someone's now: it stays.
        .where(and(eq(organizations.importBatchId, id), eq(organizations.claimed, false)))
        .limit(UNDO_CHUNK);
      const rows = await tx
        .delete(organizations)
        .where(inArray(organizations.id, batchOrganizations))
        .returning({ id: organizations.id });
      await enqueueReindex(
        tx,
        'structure',
        rows.map((row) => row.id),
      );
      return rows.length;
    });
    if (!removed) break;
  }
  await db.delete(importBatches).where(and(eq(importBatches.id, id), eq(importBatches.state, 'writing')));
}

/**
 * Undoes the batches whose instance stopped mid-import (lease run out), and those of an earlier attempt
 * at the same upload, whatever their lease: the import task of an upload runs once at a time
 * (import-tasks.ts), so an attempt still writing is one whose task was taken over. Forgets the finished
 * batches of past days. Every import calls it first.
 */
export async function sweepAbandoned(db: Db, uploadId: string | null = null): Promise<number> {
  const expired = lt(importBatches.leaseUntil, sql`now()`);
  const abandoned = await db
    .select({ id: importBatches.id })
    .from(importBatches)
    .where(
      and(
        eq(importBatches.state, 'writing'),
        uploadId ? or(expired, eq(importBatches.uploadId, uploadId)) : expired,
      ),
    );
  for (const { id } of abandoned) await undoBatch(db, id);
  // A finished batch is only a name on its rows (no foreign key): its row need not outlive the day.
  await db
    .delete(importBatches)
    .where(and(eq(importBatches.state, 'done'), lt(importBatches.createdAt, sql`now() - interval '1 day'`)));
  return abandoned.length;
}

/** The batches of an upload's imports still 'writing' (an attempt cut short, or one running). */
export async function unfinishedBatches(db: Db, uploadId: string): Promise<number[]> {
  const rows = await db
    .select({ id: importBatches.id })
    .from(importBatches)
    .where(and(eq(importBatches.uploadId, uploadId), eq(importBatches.state, 'writing')));
  return rows.map((row) => row.id);
}
