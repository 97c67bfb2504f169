/**
 * A new embedded data directory starts from the migrated snapshot (no initdb): the first new directory
 * leaves the snapshot, the next one opens from it with every table and the embedded settings.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb, rawRows } from '../../db/client';
import { migratedSnapshotDir } from '../../db/pglite-open';

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
});
