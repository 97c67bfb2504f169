/**
 * The search documents of needs and offers show their organization's name, kind, commune and status
 * (server/search/documents.ts): a change to any of these queues the organization's records again.
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';

/**
 * For changes to an organization that show in its records' documents (validation, rejection, name,
 * kind, place): call it in the transaction of that change. Raw SQL: one INSERT … SELECT over both
 * tables, however many records the organization has.
 */
export async function enqueueOrganizationRecords(tx: DbOrTx, organizationId: number) {
  await tx.execute(sql`insert into search_outbox (record_kind, record_id)
    select 'need', id from needs where organization_id = ${organizationId}
    union all
    select 'offer', id from offers where organization_id = ${organizationId}`);
}
