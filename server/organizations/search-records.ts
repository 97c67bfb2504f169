/**
 * The search documents of needs and offers show their organization's name, kind, commune and status
 * (server/search/documents.ts), and the directory's document of a structure (server/directory) shows the
 * organization and the roles of its records: a change to either queues the documents concerned again.
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';

/**
 * For changes to an organization that show in its records' documents (validation, rejection, name,
 * kind, place, directory listing): call it in the transaction of that change. Raw SQL: one INSERT …
 * SELECT over both tables, however many records the organization has.
 */
export async function enqueueOrganizationRecords(tx: DbOrTx, organizationId: number) {
  await tx.execute(sql`insert into search_outbox (record_kind, record_id)
    select 'structure', ${organizationId}::int
    union all
    select 'need', id from needs where organization_id = ${organizationId}
    union all
    select 'offer', id from offers where organization_id = ${organizationId}`);
}

/**
 * For changes to needs or offers: their structures' directory documents list their roles and their open
 * records. One INSERT … SELECT, in the transaction of the change.
 */
export async function enqueueStructuresOf(tx: DbOrTx, table: 'needs' | 'offers', ids: number[]) {
  if (!ids.length) return;
  await tx.execute(sql`insert into search_outbox (record_kind, record_id)
    select distinct 'structure', organization_id from ${sql.identifier(table)}
    where id in (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )})`);
}
