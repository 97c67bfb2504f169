/**
 * The read cache (db/read-cache.ts): on PGlite a read is kept until a write to a table it read commits,
 * whichever way the write comes (a statement, a transaction, a truncate); with PostgreSQL it is off.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRows } from '../../db/client';
import { CHANGE_TRIGGER, ReadCache } from '../../db/read-cache';
import { appSecrets, people } from '../../db/schema';
import { createTestDb, type TestDb } from '../support/db';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.destroy());

const onPglite = !process.env.DATABASE_URL;

/** Reads the secret named `name` through the cache, counting the reads that reached the database. */
function secretReader(cache: ReadCache) {
  let loads = 0;
  const read = (name: string) =>
    cache.read(`secret:${name}`, [appSecrets], async () => {
      loads++;
      const [row] = await t.db.select().from(appSecrets).where(eq(appSecrets.name, name));
      return row?.value ?? null;
    });
  return { read, loads: () => loads };
}

describe.skipIf(!onPglite)('read cache on PGlite', () => {
  it('answers again from memory until a write to the table commits, then reads the new value', async () => {
    const { read, loads } = secretReader(t.readCache);
    await t.db.insert(appSecrets).values({ name: 'a', value: 'one' });
    expect(await read('a')).toBe('one');
    expect(await read('a')).toBe('one');
    expect(loads()).toBe(1);

    await t.db.update(appSecrets).set({ value: 'two' }).where(eq(appSecrets.name, 'a'));
    expect(await read('a')).toBe('two');
    expect(loads()).toBe(2);

    // A write to another table keeps it.
    await t.db.insert(people).values({ email: 'x@example.org', displayName: 'X', passwordHash: 'x' });
    expect(await read('a')).toBe('two');
    expect(loads()).toBe(2);
  });

  it('hears of a transaction once it commits, and of nothing when it rolls back', async () => {
    const { read, loads } = secretReader(t.readCache);
    await t.db.insert(appSecrets).values({ name: 'b', value: 'one' });
    expect(await read('b')).toBe('one');
    await t.db
      .transaction(async (tx) => {
        await tx.update(appSecrets).set({ value: 'never' }).where(eq(appSecrets.name, 'b'));
        throw new Error('rolled back');
      })
      .catch(() => {});
    expect(await read('b')).toBe('one');
    expect(loads()).toBe(1);

    await t.db.transaction(async (tx) => {
      await tx.update(appSecrets).set({ value: 'two' }).where(eq(appSecrets.name, 'b'));
    });
    expect(await read('b')).toBe('two');
    expect(loads()).toBe(2);

    await t.db.execute('truncate app_secrets');
    expect(await read('b')).toBeNull();
  });

  it('does not keep a read that was under way when a write to its table committed', async () => {
    await t.db.insert(appSecrets).values({ name: 'c', value: 'old' });
    let loads = 0;
    const slowRead = () =>
      t.readCache.read('secret:c:slow', [appSecrets], async () => {
        loads++;
        const [row] = await t.db.select().from(appSecrets).where(eq(appSecrets.name, 'c'));
        // The write below commits while this read is still under way.
        await t.db.update(appSecrets).set({ value: 'new' }).where(eq(appSecrets.name, 'c'));
        return row.value;
      });
    expect(await slowRead()).toBe('old');
    expect(loads).toBe(1);
    // Kept, 'old' would be served now, although 'new' is what the table holds.
    const again = await t.readCache.read('secret:c:slow', [appSecrets], async () => 'reloaded');
    expect(again).toBe('reloaded');
  });

  it('hands out frozen values, so that a caller changing one fails', async () => {
    const value = await t.readCache.read('frozen', [appSecrets], async () => ({ list: [1, 2] }));
    expect(() => value.list.push(3)).toThrow(TypeError);
  });

  it('refuses a cached read that does not name a table it reads (the tests check every one)', async () => {
    await expect(
      t.readCache.read('unnamed', [appSecrets], async () => {
        await t.db.select().from(appSecrets);
        return t.db.select().from(people);
      }),
    ).rejects.toThrow(/unnamed reads people but does not name it/);
  });

  it('refuses to cache a read of a table without the change trigger', async () => {
    await t.db.execute('create table read_cache_untriggered (id int)');
    const { pgTable, integer } = await import('drizzle-orm/pg-core');
    const untriggered = pgTable('read_cache_untriggered', { id: integer() });
    t.readCache.clear();
    await expect(t.readCache.read('untriggered', [untriggered], async () => 1)).rejects.toThrow(
      /no mosaique_notify_change trigger on read_cache_untriggered/,
    );
    await t.db.execute('drop table read_cache_untriggered');
  });
});

describe.skipIf(onPglite)('read cache with PostgreSQL', () => {
  it('is off: every read goes to the server (other instances write without telling this one)', async () => {
    expect(t.readCache.enabled).toBe(false);
    const { read, loads } = secretReader(t.readCache);
    await t.db.insert(appSecrets).values({ name: 'a', value: 'one' });
    await read('a');
    await read('a');
    expect(loads()).toBe(2);
  });
});

describe('change trigger', () => {
  it('is on every table of the app (a new table must get it in its migration)', async () => {
    const missing = await rawRows<{ name: string }>(
      t.db,
      sql`select tablename as name from pg_tables where schemaname = 'public'
          except select c.relname from pg_trigger g join pg_class c on c.oid = g.tgrelid
          where g.tgname = ${CHANGE_TRIGGER}`,
    );
    expect(missing.map((r) => r.name)).toEqual([]);
  });
});

describe('read cache limits', () => {
  it('drops the least recently used entry beyond its size, and entries past their time', async () => {
    const cache = new ReadCache({
      enabled: true,
      maxEntries: 2,
      triggeredTables: async () => ['app_secrets'],
    });
    let loads = 0;
    const read = (key: string, ttlMs?: number) =>
      cache.read(key, [appSecrets], async () => ++loads, ttlMs === undefined ? {} : { ttlMs: () => ttlMs });
    await read('a');
    await read('b');
    await read('a'); // a is now the most recently used
    await read('c'); // drops b
    expect(cache.size).toBe(2);
    expect(await read('a')).toBe(1);
    expect(await read('b')).toBe(4);
    expect(await read('gone', 0)).toBe(5);
    expect(await read('gone', 0)).toBe(6);
  });
});
