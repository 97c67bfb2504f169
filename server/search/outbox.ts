/**
 * The write side of the search outbox: every change to a searchable record calls one of these in the
 * same transaction, so the index can never miss a committed change (DESIGN, "Data and search").
 */
import type { DbOrTx } from '../../db/client';
import { type SearchRecordKind, searchOutbox } from '../../db/schema';

export async function enqueueReindex(tx: DbOrTx, recordKind: SearchRecordKind, ids: number | number[]) {
  const list = Array.isArray(ids) ? ids : [ids];
  if (!list.length) return;
  await tx.insert(searchOutbox).values(list.map((recordId) => ({ recordKind, recordId })));
}
