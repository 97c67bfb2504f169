/**
 * A new embedded data directory starts from the migrated snapshot (no initdb): the first new directory
 * leaves the snapshot, the next one opens from it with every table and the embedded settings. A directory
 * whose marker names the current migrations is not put through drizzle's migrator again.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb, rawRows } from '../../db/client';
import { migratedSnapshotDir, migrationsHash } from '../../db/pglite-open';

const dirs: string[] = [];
const newDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mosaique-snapshot-'));
  dirs.push(dir);
  return path.join(dir, 'pglite');
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!!process.env.DATABASE_URL)('embedded data directory from the migrated snapshot', () => {
  it('leaves a snapshot after migrating a new directory, and the next new directory opens from it', async () => {
    const first = await openDb({ pgliteDir: newDir() });
    await first.migrate();
    await first.close();
    expect(existsSync(migratedSnapshotDir())).toBe(true);

    const second = await openDb({ pgliteDir: newDir() });
    const tables = await rawRows<{ n: number }>(
      second.db,
      sql`select count(*)::int as n from information_schema.tables where table_name in ('needs', 'territory_figures_cache')`,
    );
    expect(tables[0].n).toBe(2);
    await second.migrate();
    const [buffers] = await rawRows<{ shared_buffers: string }>(second.db, sql`show shared_buffers`);
    expect(buffers.shared_buffers).toBe('16MB');
    await second.close();
  }, 180_000);

  it('skips the migrator on a directory whose marker names the current migrations, and runs it otherwise', async () => {
    const dir = newDir();
    const marker = path.join(dir, 'mosaique-migrations');
    const first = await openDb({ pgliteDir: dir });
    await first.migrate();
    expect(readFileSync(marker, 'utf8')).toBe(migrationsHash());
    // Drizzle's own record emptied: a migrator that ran would apply every migration again, and fail.
    await first.db.execute(sql`delete from drizzle.__drizzle_migrations`);
    await first.close();

    const second = await openDb({ pgliteDir: dir });
    await second.migrate();
    const [{ n }] = await rawRows<{ n: number }>(
      second.db,
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    expect(n).toBe(0);
    await second.close();

    // A marker naming other migrations: the migrator runs (here it fails, its record being gone).
    writeFileSync(marker, 'migrations of another version');
    const third = await openDb({ pgliteDir: dir });
    await expect(third.migrate()).rejects.toThrow();
    await third.close();
  }, 180_000);
});
