/**
 * The embedded PGlite runs in its own thread (db/pglite-remote.ts, db/pglite-worker.ts): what the app
 * relies on must hold across it. Transactions commit or roll back as a whole and hold other queries
 * back; PostgreSQL's error fields reach the caller; timestamps come back as drizzle expects; a reopened
 * directory keeps its data behind the same `db`; a directory that cannot be opened says so.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DbHandle, openDb, rawRows } from '../../db/client';
import { appSecrets } from '../../db/schema';

const root = mkdtempSync(path.join(os.tmpdir(), 'mosaique-remote-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const names = async (handle: DbHandle) =>
  (await handle.db.select({ name: appSecrets.name }).from(appSecrets).orderBy(appSecrets.name)).map(
    (r) => r.name,
  );

describe.skipIf(!!process.env.DATABASE_URL)('PGlite in its own thread', () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await openDb({ pgliteDir: path.join(root, 'pglite') });
    await handle.migrate();
  }, 180_000);
  afterAll(() => handle?.close());

  it('commits a transaction as a whole, and rolls back all of one that throws', async () => {
    await handle.db.transaction(async (tx) => {
      await tx.insert(appSecrets).values({ name: 'kept-1', value: 'a' });
      await tx.insert(appSecrets).values({ name: 'kept-2', value: 'b' });
    });
    await expect(
      handle.db.transaction(async (tx) => {
        await tx.insert(appSecrets).values({ name: 'lost', value: 'c' });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await expect(
      handle.db.transaction(async (tx) => {
        await tx.insert(appSecrets).values({ name: 'lost-too', value: 'd' });
        tx.rollback();
      }),
    ).rejects.toThrow();
    // A nested transaction (a savepoint) rolled back leaves its parent's writes.
    await handle.db.transaction(async (tx) => {
      await tx.insert(appSecrets).values({ name: 'kept-3', value: 'e' });
      await tx
        .transaction(async (inner) => {
          await inner.insert(appSecrets).values({ name: 'lost-inner', value: 'f' });
          inner.rollback();
        })
        .catch(() => {});
    });
    expect(await names(handle)).toEqual(['kept-1', 'kept-2', 'kept-3']);
  });

  it('holds other queries back until a transaction ends', async () => {
    let outsideSaw: string[] | null = null;
    await handle.db.transaction(async (tx) => {
      await tx.insert(appSecrets).values({ name: 'during', value: 'x' });
      void names(handle).then((seen) => {
        outsideSaw = seen;
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(outsideSaw).toBeNull();
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(outsideSaw).toContain('during');
  });

  it("passes PostgreSQL's error code and constraint to the caller", async () => {
    await handle.db.insert(appSecrets).values({ name: 'unique', value: 'x' });
    const error = await handle.db
      .insert(appSecrets)
      .values({ name: 'unique', value: 'y' })
      .then(() => null)
      .catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    const cause = (error as Error & { cause?: { code?: string; constraint?: string } }).cause;
    expect(cause?.code).toBe('23505');
    expect(cause?.constraint).toBe('app_secrets_pkey');
    // The database is still usable after the error.
    expect(await names(handle)).toContain('unique');
  });

  it('returns timestamps as drizzle maps them (Date objects), and raw rows as PostgreSQL text', async () => {
    const [row] = await handle.db.select().from(appSecrets).where(eq(appSecrets.name, 'unique'));
    expect(row.createdAt).toBeInstanceOf(Date);
    expect(Number.isNaN(row.createdAt.getTime())).toBe(false);
    const [raw] = await rawRows<{ n: number; t: string }>(handle.db, sql`select 2 as n, 'é' as t`);
    expect(raw).toEqual({ n: 2, t: 'é' });
  });

  it('keeps the data and the same db across a reopen', async () => {
    await handle.reopen?.();
    expect(await names(handle)).toContain('kept-1');
    await handle.db.insert(appSecrets).values({ name: 'after-reopen', value: 'z' });
    expect(await names(handle)).toContain('after-reopen');
  });
});

describe.skipIf(!!process.env.DATABASE_URL)('a data directory PGlite cannot open', () => {
  it('fails openDb, or the migration when it resolved before opening, with the reason', async () => {
    const notADirectory = path.join(root, 'a-file');
    writeFileSync(notADirectory, 'not a database');
    await expect(openDb({ pgliteDir: notADirectory })).rejects.toThrow();
    const early = await openDb({ pgliteDir: notADirectory, beforeOpen: true });
    await expect(early.migrate()).rejects.toThrow();
    await expect(early.db.execute(sql`select 1`)).rejects.toThrow();
    await early.close();
  }, 60_000);
});
