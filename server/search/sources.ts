/**
 * What search knows of a kind of record, handed to it rather than imported: each capability whose records
 * are searched (needs, offers, shared posts) describes them with a `SearchSource`, and the list the app
 * assembles (server/search-sources.ts) goes to the indexer, the rebuild (`npm run reindex`) and the start.
 * So search/ imports no capability, and a capability adds a kind of record without touching search/.
 */
import { inArray, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Settings } from 'meilisearch';
import { type DbOrTx, rawRows } from '../../db/client';
import type { SearchRecordKind } from '../../db/schema';
import type { SearchService } from './service';

/** A Meilisearch index: its name after the app's prefix, and the settings applied at start. */
export interface SearchIndexSpec {
  name: string;
  settings(): Settings;
}

/** What the indexer reads of any document: its key, its record and the record's version then. */
export interface IndexedDocument {
  id: string;
  recordId: number;
  version: number;
}

export interface SearchSource {
  /** The outbox rows of this kind are this source's (db/schema/search.ts SEARCH_RECORD_KINDS). */
  kind: SearchRecordKind;
  index: SearchIndexSpec;
  /** The records' table: `id`, `version` (raised by every change) and `updated_at`. */
  table: PgTable & { id: AnyPgColumn; version: AnyPgColumn; updatedAt: AnyPgColumn };
  /**
   * The documents of those records that still exist, rebuilt from PostgreSQL. A source may leave out
   * records that exist but must not be found (a hidden structure): the indexer deletes their documents.
   */
  load(db: DbOrTx, ids: number[]): Promise<IndexedDocument[]>;
}

/** The document key of a record: `need-12`. */
export const documentId = (kind: SearchRecordKind, id: number) => `${kind}-${id}`;

/** The index's uid for this app (tests and several sites share one Meilisearch through the prefix). */
export const indexUid = (search: Pick<SearchService, 'indexPrefix'>, index: SearchIndexSpec) =>
  `${search.indexPrefix}${index.name}`;

/** The distinct indexes of some sources, in their order. */
export function indexesOf(sources: readonly SearchSource[]): SearchIndexSpec[] {
  return [...new Set(sources.map((s) => s.index))];
}

/** Current versions of records, to notice a change that raced with an indexing batch. */
export async function currentVersions(db: DbOrTx, source: SearchSource, ids: number[]) {
  if (!ids.length) return new Map<number, number>();
  const rows = await db
    .select({ id: source.table.id, version: source.table.version })
    .from(source.table)
    .where(inArray(source.table.id, ids));
  return new Map(rows.map((r) => [Number(r.id), Number(r.version)]));
}

/** Record ids after `afterId`, in id order: a rebuild walks the table with it. */
export async function idsAfter(db: DbOrTx, source: SearchSource, afterId: number, limit: number) {
  const rows = await rawRows<{ id: number }>(
    db,
    sql`select id from ${source.table} where id > ${afterId} order by id limit ${limit}`,
  );
  return rows.map((r) => Number(r.id));
}

export async function countRecords(db: DbOrTx, source: SearchSource): Promise<number> {
  const [row] = await rawRows<{ n: number }>(db, sql`select count(*)::int as n from ${source.table}`);
  return Number(row?.n ?? 0);
}

/**
 * Queues the source's records in the outbox: all of them, or those changed since an instant (a write that
 * raced a rebuild). An ISO string with a cast, because postgres.js does not bind a Date inside raw sql.
 */
export async function enqueueRecords(db: DbOrTx, source: SearchSource, changedSince?: Date) {
  const since = changedSince
    ? sql` where ${source.table.updatedAt} >= ${changedSince.toISOString()}::timestamptz`
    : sql``;
  await db.execute(
    sql`insert into search_outbox (record_kind, record_id) select ${source.kind}::text, id from ${source.table}${since}`,
  );
}
