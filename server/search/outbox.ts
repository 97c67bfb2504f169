/**
 * The write side of the search outbox: every change to a searchable record calls one of these in the
 * same transaction, so the index can never miss a committed change (DESIGN, "Data and search").
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { type SearchRecordKind, searchOutbox } from '../../db/schema';

export async function enqueueReindex(tx: DbOrTx, recordKind: SearchRecordKind, ids: number | number[]) {
  const list = Array.isArray(ids) ? ids : [ids];
  if (!list.length) return;
  await tx.insert(searchOutbox).values(list.map((recordId) => ({ recordKind, recordId })));
}

/**
 * For changes to an organization that show in its records' documents (validation, rejection, name,
 * kind, place): call it in the transaction of that change.
 */
export async function enqueueOrganizationRecords(tx: DbOrTx, organizationId: number) {
  await tx.execute(sql`insert into search_outbox (record_kind, record_id)
    select 'need', id from needs where organization_id = ${organizationId}
    union all
    select 'offer', id from offers where organization_id = ${organizationId}`);
}

/** Every record, for `npm run reindex` when the index is rebuilt through the outbox. */
export async function enqueueEverything(tx: DbOrTx) {
  await tx.execute(sql`insert into search_outbox (record_kind, record_id)
    select 'need', id from needs union all select 'offer', id from offers
    union all select 'post', id from shared_posts`);
}

export async function pendingCount(tx: DbOrTx): Promise<number> {
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(searchOutbox);
  return Number(row?.n ?? 0);
}
