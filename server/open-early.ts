/**
 * What a start does before it loads anything else: it starts opening the embedded database. PGlite opens
 * and checks its migrations in a thread of its own (db/pglite-remote.ts) while this one loads and builds
 * the app (docs/speed.md, "Start-up"). Small and apart from server/serve.ts, so that it runs first:
 * server/main.ts imports it before serve.ts, and the build makes it a bundle of its own that
 * scripts/start.mjs runs before the server's.
 */
import path from 'node:path';
import { openPgliteInWorker } from '../db/pglite-remote';
import { DEFAULT_DATA_DIR, embeddedDbDir } from './data-dir';
import type { EarlyDb } from './serve';

/**
 * PGlite's thread ended without being asked to (a crash): no request can be answered any more, so the
 * process stops and its supervisor (systemd, docs/deployment.md) starts it again.
 */
function databaseLost(error: Error): never {
  console.error(`Mosaïque stops: the embedded database's thread ended (${error.message.split('\n')[0]})`);
  process.exit(1);
}

/** The embedded database being opened: none when DATABASE_URL names a server (config.ts checks the rest). */
export function openEmbeddedEarly(): EarlyDb {
  if (process.env.DATABASE_URL || process.env.DATA_DIR === '') return null;
  const dir = embeddedDbDir(path.resolve(process.env.DATA_DIR ?? DEFAULT_DATA_DIR));
  try {
    const opening = openPgliteInWorker(dir, undefined, { migrate: true, onLost: databaseLost });
    return { dir, opening };
  } catch (error) {
    return { error };
  }
}
