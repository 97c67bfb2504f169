/**
 * Named locks that hold across every app instance sharing the database, for work that must not run twice
 * at once: migrations, the demo load, matching runs, alert digests, purges.
 *
 * On PostgreSQL a lock is a transaction-level advisory lock (`pg_advisory_xact_lock`) held by a
 * transaction opened on a connection of the pool for as long as the work runs; the work itself uses the
 * pool as usual. Ending the transaction releases the lock, and so does the connection dying with its
 * process (a crash or a deploy never leaves a lock behind). Such a transaction has run no write, so it
 * holds back nothing (no xid, no snapshot between statements).
 *
 * Embedded PGlite lives in one process (its data directory cannot be opened twice), so an in-process
 * mutex per database gives the same guarantee.
 */
import type { Sql } from 'postgres';
import type { Db } from './client';

/** 'MOSA': the first key of every lock of ours, so that another application's advisory locks never clash. */
const NAMESPACE = 0x4d4f5341;

/** FNV-1a, 32 bits, as a signed int4: the second key of the lock named `name`. */
export function lockKey(name: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(name, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

export type LockOutcome<T> = { ran: true; value: T } | { ran: false };

type Client = { reserve?: unknown; begin?: unknown };

function postgresClient(db: Db): Sql | null {
  const client = (db as unknown as { $client?: Client }).$client;
  return client && typeof client.begin === 'function' && typeof client.reserve === 'function'
    ? (client as unknown as Sql)
    : null;
}

/** Locks held in this process, per PGlite database: name → the promise that ends when it is released. */
const localLocks = new WeakMap<object, Map<string, Promise<unknown>>>();

function localTable(db: Db): Map<string, Promise<unknown>> {
  const key = ((db as unknown as { $client?: object }).$client ?? db) as object;
  let table = localLocks.get(key);
  if (!table) {
    table = new Map();
    localLocks.set(key, table);
  }
  return table;
}

async function runLocal<T>(
  db: Db,
  name: string,
  wait: boolean,
  fn: () => Promise<T>,
): Promise<LockOutcome<T>> {
  const table = localTable(db);
  while (table.has(name)) {
    if (!wait) return { ran: false };
    await table.get(name)?.catch(() => {});
  }
  const work = fn();
  const held = work.finally(() => table.delete(name));
  table.set(name, held);
  return { ran: true, value: await held };
}

async function runLocked<T>(
  db: Db,
  name: string,
  wait: boolean,
  fn: () => Promise<T>,
): Promise<LockOutcome<T>> {
  const client = postgresClient(db);
  if (!client) return runLocal(db, name, wait, fn);
  const key = lockKey(name);
  return (await client.begin(async (tx) => {
    if (wait) {
      await tx`select pg_advisory_xact_lock(${NAMESPACE}::int4, ${key}::int4)`;
    } else {
      const [row] = await tx`select pg_try_advisory_xact_lock(${NAMESPACE}::int4, ${key}::int4) as locked`;
      if (!row.locked) return { ran: false };
    }
    return { ran: true, value: await fn() };
  })) as LockOutcome<T>;
}

/** Runs `fn` holding the lock `name`, waiting for it as long as another instance holds it. */
export async function withLock<T>(db: Db, name: string, fn: () => Promise<T>): Promise<T> {
  const outcome = await runLocked(db, name, true, fn);
  if (!outcome.ran) throw new Error(`lock ${name}: not acquired`);
  return outcome.value;
}

/** Runs `fn` holding the lock `name` if nobody holds it; `{ ran: false }` at once otherwise. */
export function tryWithLock<T>(db: Db, name: string, fn: () => Promise<T>): Promise<LockOutcome<T>> {
  return runLocked(db, name, false, fn);
}
