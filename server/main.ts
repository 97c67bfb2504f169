/**
 * The process entry. It starts opening the embedded database before it loads anything else: PGlite reads
 * and compiles its WebAssembly off the web thread, and that wait is spent loading the app's modules
 * instead of after them (docs/speed.md, "Start-up"). Everything else is server/serve.ts.
 */
import path from 'node:path';
import { openPglite } from '../db/pglite-open';
import { DEFAULT_DATA_DIR, embeddedDbDir } from './data-dir';
import type { EarlyDb } from './serve';

/** The embedded database being opened: none when DATABASE_URL names a server (config.ts checks the rest). */
function openEmbeddedEarly(): EarlyDb {
  if (process.env.DATABASE_URL || process.env.DATA_DIR === '') return null;
  const dir = embeddedDbDir(path.resolve(process.env.DATA_DIR ?? DEFAULT_DATA_DIR));
  try {
    const opening = openPglite(dir);
    // Awaited by serve(); a failure meanwhile is not an unhandled rejection.
    opening.ready.catch(() => {});
    return { dir, opening };
  } catch (error) {
    return { error };
  }
}

const early = openEmbeddedEarly();
const { serve } = await import('./serve');
await serve(early);
