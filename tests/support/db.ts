/**
 * An isolated, migrated database per test file, started from the run's migrated snapshot
 * (db-global-setup.ts) rather than migrated again:
 * - PGlite: each worker process keeps one PGlite restored from the snapshot. A test file leases it
 *   emptied (every table truncated, identities restarted, session state discarded: tens of ms); a
 *   second database wanted by the same file at the same time is a PGlite of its own, restored from the
 *   snapshot (about 0.5 s) and closed by destroy().
 * - PostgreSQL (DATABASE_URL): a fresh database created from the run's migrated template, dropped by
 *   destroy().
 * Either way a test file sees none of another file's rows.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { expect, inject } from 'vitest';
import { type DbHandle, openDb } from '../../db/client';
import { CHANGES_CHANNEL } from '../../db/read-cache';
import { databaseUrl } from './db-global-setup';
import { queryLog } from './queries';

export interface TestDb extends DbHandle {
  /** Gives the worker's PGlite back (or closes a PGlite of the file's own), or drops the database. */
  destroy(): Promise<void>;
  /** The per-file database's URL on a server, for other processes to open it; absent on PGlite. */
  databaseUrl?: string;
}

export async function createTestDb(): Promise<TestDb> {
  const { pgliteSnapshot, server } = inject('testDatabases');
  if (server) return createServerDb(server.url, server.template, server.prefix);
  return leasePglite(pgliteSnapshot);
}

// ---------------------------------------------------------------------------------------------------
// PGlite: one per worker process (test files share the process: vitest.config.ts has isolate: false)

interface WorkerPglite {
  handle: DbHandle;
  client: PGlite;
  /** The test file using it, or null when it is free. */
  leasedBy: string | null;
  /** Fresh from the snapshot: nothing to empty yet. */
  pristine: boolean;
  /** Lists the tables holding rows or whose identity moved: the ones to truncate. */
  used: string;
  /** The number of relations (tables, indexes, sequences…) in the snapshot's own schemas. */
  relations: number;
}

let snapshot: Promise<Blob> | undefined;
let worker: Promise<WorkerPglite> | undefined;

const currentFile = () => expect.getState().testPath ?? '(unknown test file)';

const readSnapshot = (file: string) => readFile(file).then((bytes) => new Blob([bytes]));

async function restore(snapshotFile: string): Promise<DbHandle> {
  snapshot ??= readSnapshot(snapshotFile);
  return openDb({ pglite: { loadDataDir: await snapshot }, logger: queryLog, checkCachedReads: true });
}

const RELATIONS = `select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')`;

async function openWorkerPglite(snapshotFile: string, leasedBy: string | null): Promise<WorkerPglite> {
  const handle = await restore(snapshotFile);
  const client = (handle.db as unknown as { $client: PGlite }).$client;
  const tables = await client.query<{ name: string }>(
    `select format('%I.%I', schemaname, tablename) as name from pg_tables where schemaname = 'public'`,
  );
  const relations = await client.query<{ n: number }>(RELATIONS);
  const probes = tables.rows.map((t) => `(${literal(t.name)}, exists (select 1 from ${t.name}))`);
  return {
    handle,
    client,
    leasedBy,
    pristine: true,
    used: `select name from (values ${probes.join(', ')}) as t(name, used) where used
      union
      select format('%I.%I', tn.nspname, t.relname) as name
      from pg_sequences s
      join pg_namespace sn on sn.nspname = s.schemaname
      join pg_class sc on sc.relname = s.sequencename and sc.relnamespace = sn.oid
      join pg_depend d on d.objid = sc.oid and d.deptype in ('a', 'i')
      join pg_class t on t.oid = d.refobjid
      join pg_namespace tn on tn.oid = t.relnamespace
      where s.schemaname = 'public' and s.last_value is not null`,
    relations: relations.rows[0].n,
  };
}

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** Empties the worker's PGlite; false when a file changed more than rows (then it is replaced). */
async function reset(pglite: WorkerPglite): Promise<boolean> {
  if (pglite.pristine) return true;
  const relations = await pglite.client.query<{ n: number }>(RELATIONS);
  if (relations.rows[0].n !== pglite.relations) return false;
  // Truncating costs a new file per table and index: only the tables the last file wrote to.
  const used = await pglite.client.query<{ name: string }>(pglite.used);
  if (used.rows.length) {
    await pglite.client.exec(`truncate ${used.rows.map((t) => t.name).join(', ')} restart identity cascade`);
  }
  // The settings, temporary tables, advisory locks and prepared statements of the last file (alone:
  // `discard all` refuses to run in the implicit transaction of a multi-statement query).
  await pglite.client.exec('discard all');
  // `discard all` also stopped listening: the read cache hears of writes again (db/read-cache.ts).
  await pglite.client.exec(`listen ${CHANGES_CHANNEL}`);
  pglite.handle.readCache.clear();
  return true;
}

async function leasePglite(snapshotFile: string): Promise<TestDb> {
  const file = currentFile();
  worker ??= openWorkerPglite(snapshotFile, null);
  let pglite = await worker;
  if (pglite.leasedBy === file) {
    // The file already holds the worker's database: this one is its own, restored from the snapshot.
    const own = await restore(snapshotFile);
    return { ...own, destroy: () => own.close() };
  }
  // Claimed before the next await, so that a second database asked for at the same time is its own.
  const stale = pglite.leasedBy;
  pglite.leasedBy = file;
  if (stale !== null) {
    console.warn(`createTestDb: ${stale} did not destroy its database; starting a fresh one`);
  }
  const emptied =
    stale === null &&
    !pglite.client.closed &&
    (await reset(pglite).catch((err: Error) => {
      console.warn(
        `createTestDb: could not empty the worker's database (${err.message}); starting a fresh one`,
      );
      return false;
    }));
  if (!emptied) {
    await pglite.handle.close().catch(() => {});
    worker = openWorkerPglite(snapshotFile, file);
    pglite = await worker;
  }
  pglite.pristine = false;
  const leased = pglite;
  let released = false;
  return {
    // A file may close it (to see what the app does without its database): the next file gets a new one.
    ...leased.handle,
    destroy: async () => {
      if (released) return;
      released = true;
      if (leased.leasedBy === file) leased.leasedBy = null;
    },
  };
}

/**
 * A migrated PGlite in a data directory on disk (`DATA_DIR/pglite` for a command run by a test), as
 * `npm start` would leave it, restored from the run's snapshot in a fraction of initdb's time. Whatever
 * DATABASE_URL says. The caller closes it.
 */
export async function openPgliteDir(dir: string): Promise<DbHandle> {
  snapshot ??= readSnapshot(inject('testDatabases').pgliteSnapshot);
  return openDb({ pgliteDir: dir, pglite: { loadDataDir: await snapshot } });
}

// ---------------------------------------------------------------------------------------------------
// PostgreSQL: a database per call, copied from the run's migrated template

async function createServerDb(serverUrl: string, template: string, prefix: string): Promise<TestDb> {
  const name = `${prefix}${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${template}`);
  const url = databaseUrl(serverUrl, name);
  const handle = await openDb({ databaseUrl: url, maxConnections: 5, logger: queryLog });
  return {
    ...handle,
    databaseUrl: url,
    destroy: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}
