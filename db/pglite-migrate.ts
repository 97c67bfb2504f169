/**
 * Applies the migrations to the embedded PGlite, in its own thread (db/pglite-worker.ts): drizzle's
 * migrator there runs its statements on PGlite directly, with no round trip through the web thread,
 * which is busy building the app while a start checks the migrations. Loaded by the worker while PGlite
 * opens (the load overlaps PGlite compiling its WebAssembly).
 */
import type { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { MIGRATIONS_FOLDER } from './pglite-open';

export async function migratePglite(client: PGlite): Promise<void> {
  await migrate(drizzle({ client, casing: 'snake_case' }), { migrationsFolder: MIGRATIONS_FOLDER });
}
