/**
 * vitest globalSetup: the run's migrated database, made once, that every test file's database starts
 * from (tests/support/db.ts). Migrating a fresh PGlite costs about 2 s (initdb, then migrations); restoring
 * this dump about 0.5 s, and emptying a worker's database between files about 30 ms.
 * - PGlite: a migrated PGlite's data directory, dumped to a temporary tar file (made on PostgreSQL runs
 *   too: the CLI tests start their commands' embedded databases from it).
 * - PostgreSQL (DATABASE_URL): a migrated template database, `mosaique_tpl_<run>`; test files create
 *   theirs `from template` (0.1 s instead of 0.4 s of migrations). Both are dropped at the end, with any
 *   database of this run a killed worker left behind.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDb } from '../../db/client';

export interface TestDatabases {
  /** A migrated PGlite data directory, dumped (tar): every PGlite of the run starts from it. */
  pgliteSnapshot: string;
  /** With DATABASE_URL: the migrated template that test files copy, and the prefix of their names. */
  server: { url: string; template: string; prefix: string } | null;
}

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabases: TestDatabases;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Even on PostgreSQL: the CLI tests give their commands an embedded database of their own.
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mosaique-test-db-'));
  const pgliteSnapshot = path.join(dir, 'migrated.tar');
  const removeSnapshot = () => fs.rm(dir, { recursive: true, force: true });
  try {
    const handle = await openDb({});
    try {
      await handle.migrate();
      const dump = await (handle.db as unknown as { $client: PGliteDump }).$client.dumpDataDir('none');
      await fs.writeFile(pgliteSnapshot, new Uint8Array(await dump.arrayBuffer()));
    } finally {
      await handle.close();
    }
  } catch (err) {
    await removeSnapshot();
    throw err;
  }

  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    project.provide('testDatabases', { pgliteSnapshot, server: null });
    return removeSnapshot;
  }

  const run = randomBytes(4).toString('hex');
  const template = `mosaique_tpl_${run}`;
  const prefix = `mosaique_test_${run}_`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${template}`);
    const handle = await openDb({ databaseUrl: databaseUrl(serverUrl, template), maxConnections: 1 });
    try {
      await handle.migrate();
    } finally {
      // A template must have no connection left when a test file copies it.
      await handle.close();
    }
  } catch (err) {
    await admin.unsafe(`drop database if exists ${template} with (force)`).catch(() => {});
    await admin.end({ timeout: 5 });
    await removeSnapshot();
    throw new Error(`tests could not prepare a template database on DATABASE_URL: ${(err as Error).message}`);
  }
  project.provide('testDatabases', { pgliteSnapshot, server: { url: serverUrl, template, prefix } });
  return async () => {
    const leftovers = await admin<{ datname: string }[]>`
      select datname from pg_database where datname like ${`${prefix}%`}`;
    for (const { datname } of leftovers)
      await admin.unsafe(`drop database if exists ${datname} with (force)`);
    await admin.unsafe(`drop database if exists ${template} with (force)`);
    await admin.end({ timeout: 5 });
    await removeSnapshot();
  };
}

interface PGliteDump {
  dumpDataDir(compression: 'none'): Promise<Blob>;
}

/** The server URL with another database name. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
