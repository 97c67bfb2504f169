/**
 * An isolated database per test file: a fresh in-memory PGlite by default, or, when DATABASE_URL is
 * set, a fresh database created on that server (dropped when the file ends). Migrations run either way.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { type DbHandle, openDb } from '../../db/client';

export interface TestDb extends DbHandle {
  /** Drops the per-file database (server) or closes PGlite. */
  destroy(): Promise<void>;
  /** The per-file database's URL on a server, for other processes to open it; absent on PGlite. */
  databaseUrl?: string;
}

export async function createTestDb(): Promise<TestDb> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const handle = await openDb({});
    await handle.migrate();
    return { ...handle, destroy: () => handle.close() };
  }
  const name = `mosaique_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDb({ databaseUrl: url.toString(), maxConnections: 5 });
  await handle.migrate();
  return {
    ...handle,
    databaseUrl: url.toString(),
    destroy: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}
