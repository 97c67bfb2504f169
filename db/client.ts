/**
 * The one place that picks the database driver: PGlite (embedded, the default) or postgres.js
 * (when DATABASE_URL is set). Both give the same drizzle `Db` type, and the same migrations run on both.
 * Locks shared by every instance are in locks.ts.
 */
import type { PGlite, PGliteOptions } from '@electric-sql/pglite';
import { type Column, type Logger, type SQL, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { withLock } from './locks';
import { MIGRATIONS_FOLDER } from './pglite-open';
import { openPgliteInWorker, type RemotePglite } from './pglite-remote';
import { CHANGE_TRIGGER, CHANGES_CHANNEL, ReadCache } from './read-cache';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle: anything that can run queries like `Db`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface DbHandle {
  db: Db;
  driver: 'pglite' | 'postgres';
  /** Read results kept until a table they read changes: on with PGlite, off with PostgreSQL (read-cache.ts). */
  readCache: ReadCache;
  /** Applies the migrations; with `beforeOpen`, first waits for PGlite to open (and fails if it cannot). */
  migrate(): Promise<void>;
  /** PGlite: closes and opens the data directory again behind the same `db` (its memory back to the minimum). */
  reopen?(): Promise<void>;
  /** PGlite: a full garbage collection in its thread (db/idle-gc.ts). */
  collectGarbage?(): void;
  close(): Promise<void>;
}

export interface OpenDbOptions {
  /** postgres://… ; absent means embedded PGlite. */
  databaseUrl?: string;
  /** PGlite data directory; absent means in memory (tests). */
  pgliteDir?: string;
  /** postgres.js pool size. */
  maxConnections?: number;
  /** More PGlite options, e.g. `loadDataDir` to start from a dump (the test suite's migrated snapshot). */
  pglite?: PGliteOptions;
  /** A PGlite already being opened (`openPgliteInWorker`), in place of `pgliteDir` and `pglite`. */
  opening?: RemotePglite;
  /**
   * PGlite: resolve at once, while it opens in its thread; queries wait for it and `migrate()` reports a
   * failure to open (serve.ts builds the app meanwhile). Otherwise openDb resolves once it is open.
   */
  beforeOpen?: boolean;
  /** Drizzle's query logger (the tests count a page's queries through it). */
  logger?: Logger;
  /** The read cache checks that each cached read names the tables it reads (the tests; read-cache.ts). */
  checkCachedReads?: boolean;
}

export async function openDb(options: OpenDbOptions): Promise<DbHandle> {
  if (options.databaseUrl) {
    const client = postgres(options.databaseUrl, {
      // At least two: a lock of db/locks.ts holds one connection while the work it guards uses another.
      max: Math.max(2, options.maxConnections ?? 10),
      onnotice: () => {},
      connect_timeout: 10,
    });
    const db = drizzlePostgres({
      client,
      schema,
      casing: 'snake_case',
      logger: options.logger,
    }) as unknown as Db;
    await client`select 1`;
    return {
      db,
      driver: 'postgres',
      readCache: new ReadCache({ enabled: false }),
      // Instances started together on an empty database: one applies the migrations, the others wait
      // for the lock and then find nothing left to apply.
      migrate: () =>
        withLock(db, 'migrations', () =>
          migratePostgres(drizzlePostgres({ client, casing: 'snake_case' }), {
            migrationsFolder: MIGRATIONS_FOLDER,
          }),
        ),
      close: () => client.end({ timeout: 5 }),
    };
  }
  // PGlite runs in a thread of its own (pglite-remote.ts), started by the caller (server/open-early.ts,
  // before the app loads) or here.
  const remote = options.opening ?? openPgliteInWorker(options.pgliteDir, options.pglite);
  const client = remote as unknown as PGlite; // the part of PGlite's interface drizzle uses
  const db = drizzlePglite({ client, schema, casing: 'snake_case', logger: options.logger }) as unknown as Db;
  const readCache = new ReadCache({
    enabled: true,
    triggeredTables: () => triggeredTables(client),
    checkTables: options.checkCachedReads,
  });
  const listening = remote.listen(CHANGES_CHANNEL, (table) => readCache.changed(table));
  listening.catch(() => {}); // the same failure as `opened`'s
  const opened = remote.opened.then(() => listening);
  opened.catch(() => {}); // awaited here or by migrate()
  if (!options.beforeOpen) await opened;
  return {
    db,
    driver: 'pglite',
    readCache,
    migrate: async () => {
      await opened;
      await remote.migrate();
      readCache.clear();
    },
    reopen: async () => {
      await remote.reopen();
      readCache.clear();
    },
    collectGarbage: () => remote.collectGarbage(),
    close: () => remote.close(),
  };
}

/** The tables whose writes the read cache hears of (the trigger of migration 0011 and any later one). */
async function triggeredTables(client: PGlite): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `select c.relname as name from pg_trigger t join pg_class c on c.oid = t.tgrelid where t.tgname = $1`,
    [CHANGE_TRIGGER],
  );
  return rows.map((r) => r.name);
}

/**
 * Runs raw SQL and returns its rows whatever the driver (PGlite answers `{ rows }`, postgres.js an array).
 * For what drizzle's builder cannot say: full text, SKIP LOCKED, advisory locks.
 */
export async function rawRows<T = Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

export async function ping(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}

/**
 * Refreshes the planner's table statistics. PostgreSQL's autovacuum does this on a server; embedded
 * PGlite has no autovacuum, so without it the planner keeps the statistics of an empty database and
 * scans whole tables (the proposals page's main query: 10.5 ms before, 3.8 ms after, on 5,000 needs).
 * About 0.1 s on the demo database.
 */
export async function refreshPlannerStatistics(db: Db): Promise<void> {
  await db.execute(sql`analyze`);
}

/**
 * A bytea value to write, sent as base64 text and decoded by PostgreSQL. PGlite serialises a Uint8Array
 * parameter byte by byte in JavaScript, on the web thread (1.6 s for a 2.7 MB upload, 3.2 s for 6 MB);
 * base64 costs one native conversion here and one in PostgreSQL (0.2–0.3 s for 6 MB on PGlite, nothing
 * noticeable on postgres.js).
 */
export function byteaValue(bytes: Uint8Array): SQL {
  const base64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  return sql`decode(${base64}, 'base64')`;
}

/** A bytea column read as base64 text and decoded into a Buffer here (see `byteaValue`). */
export function byteaOf(column: Column): SQL<Buffer> {
  return sql<string>`encode(${column}, 'base64')`.mapWith((value: string) => Buffer.from(value, 'base64'));
}
