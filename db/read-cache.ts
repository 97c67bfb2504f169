/**
 * A cache of read results for the embedded database, dropped table by table when a write commits.
 *
 * Why: on PGlite every statement runs on the server's only JavaScript thread (0.3–1 ms each, planning
 * included), so the few statements of a signed-in page (the session, the post, its composition) were
 * most of its time. With PostgreSQL the statements run in the server's processes, off the web thread.
 *
 * Why it stays right: every table of the app has a statement-level trigger (migration
 * 0011_read_cache_notify) that sends the table's name on the channel `mosaique_changes` when the writing
 * session listens on it. PGlite has one session, which listens: the notification comes back with the
 * reply to the statement (or to its COMMIT), and PGlite hands it to the listener before the writer's
 * `await` returns. So a page read after a write never sees the cached state from before it; a read that
 * was under way when a write committed is not kept (the tables' generations moved meanwhile).
 *
 * Why PGlite only: an embedded database is one process by nature. With PostgreSQL several instances share
 * the data and a notification reaches another instance a moment after the commit, during which it would
 * serve the old state: there the cache is off and every read goes to the server.
 *
 * Cached values are shared by every request: they are frozen, and callers must not change them.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { getTableName, type Table } from 'drizzle-orm';

export const CHANGES_CHANNEL = 'mosaique_changes';

/**
 * A change the code signals itself with `changed(tag)`, for data outside the database (the search
 * index: its indexer signals each batch Meilisearch applied). Spelled `signal:…`, never a table's name.
 */
export type SignalledTag = `signal:${string}`;
export const CHANGE_TRIGGER = 'mosaique_notify_change';

interface Entry {
  value: unknown;
  tables: readonly string[];
  expiresAt: number;
}

export interface ReadCacheOptions {
  enabled: boolean;
  /** Lists the tables that have the change trigger (a cached read of another table is a bug). */
  triggeredTables?: () => Promise<string[]>;
  maxEntries?: number;
  /** The longest an entry lives even when nothing changes (time passes: expiry dates, "today"). */
  ttlMs?: number;
  /**
   * Checks that a cached read names every table its statements read (the tests: their query logger
   * reports each statement to `cachedReadTrace`). A table left out would serve stale data.
   */
  checkTables?: boolean;
}

/** The statements of the cached read under way, when checking (see `checkTables`). */
export const cachedReadTrace = new AsyncLocalStorage<string[]>();
const TABLE_REFERENCE = /\b(?:from|join)\s+"?([a-z0-9_]+)"?/gi;

export class ReadCache {
  readonly enabled: boolean;
  private readonly entries = new Map<string, Entry>();
  private readonly keysByTable = new Map<string, Set<string>>();
  private readonly generations = new Map<string, number>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  /** Moves at every clear(): a read under way then is not kept. */
  private epoch = 0;
  private triggered: Promise<Set<string>> | null = null;
  /** Reads answered from memory (the tests watch it). */
  hits = 0;

  constructor(private readonly options: ReadCacheOptions) {
    this.enabled = options.enabled;
    this.maxEntries = options.maxEntries ?? 5_000;
    this.ttlMs = options.ttlMs ?? 60_000;
  }

  /** A write to `table` committed (or a signalled tag changed): what was read from it is dropped. */
  changed(table: string) {
    this.generations.set(table, (this.generations.get(table) ?? 0) + 1);
    const keys = this.keysByTable.get(table);
    if (!keys) return;
    this.keysByTable.delete(table);
    for (const key of keys) this.drop(key);
  }

  /** Drops everything (after the schema changed, or the connection's state was reset). */
  clear() {
    this.epoch++;
    this.entries.clear();
    this.keysByTable.clear();
    this.triggered = null;
  }

  /**
   * `load()`'s result, from the cache when no table it reads (`tables`: every table its statements
   * touch) changed since. `ttlMs` shortens the entry's life (e.g. to a session's expiry).
   */
  async read<T>(
    key: string,
    tables: readonly (Table | SignalledTag)[],
    load: () => Promise<T>,
    options: { ttlMs?: (value: T) => number } = {},
  ): Promise<T> {
    if (!this.enabled) return load();
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now) {
      this.hits++;
      // Most recently used last: the oldest entry is the first the size limit drops.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value as T;
    }
    const names = tables.map((t) => (typeof t === 'string' ? t : getTableName(t)));
    await this.assertTriggered(names.filter((name) => !name.startsWith('signal:')));
    const before = this.generationOf(names);
    const value = this.options.checkTables ? await this.checkedLoad(key, names, load) : await load();
    if (this.generationOf(names) !== before) return value;
    const ttl = Math.min(this.ttlMs, options.ttlMs?.(value) ?? this.ttlMs);
    if (ttl > 0) this.store(key, deepFreeze(value), names, now + ttl);
    return value;
  }

  get size() {
    return this.entries.size;
  }

  private store(key: string, value: unknown, tables: readonly string[], expiresAt: number) {
    this.drop(key);
    this.entries.set(key, { value, tables, expiresAt });
    for (const table of tables) {
      const keys = this.keysByTable.get(table) ?? new Set<string>();
      keys.add(key);
      this.keysByTable.set(table, keys);
    }
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.drop(oldest);
    }
  }

  private drop(key: string) {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    for (const table of entry.tables) this.keysByTable.get(table)?.delete(key);
  }

  private generationOf(tables: readonly string[]): number {
    let sum = this.epoch;
    for (const table of tables) sum += this.generations.get(table) ?? 0;
    return sum;
  }

  private async checkedLoad<T>(key: string, names: readonly string[], load: () => Promise<T>): Promise<T> {
    const statements: string[] = [];
    const value = await cachedReadTrace.run(statements, load);
    const triggered = await this.triggered;
    const read = new Set(statements.flatMap((s) => [...s.matchAll(TABLE_REFERENCE)].map((m) => m[1])));
    const unnamed = [...read].filter((t) => triggered?.has(t) && !names.includes(t));
    if (unnamed.length)
      throw new Error(`read cache: ${key} reads ${unnamed.join(', ')} but does not name it`);
    return value;
  }

  private async assertTriggered(tables: readonly string[]) {
    this.triggered ??= (this.options.triggeredTables?.() ?? Promise.resolve([])).then((t) => new Set(t));
    const triggered = await this.triggered;
    const missing = tables.filter((t) => !triggered.has(t));
    if (missing.length) {
      throw new Error(
        `read cache: no ${CHANGE_TRIGGER} trigger on ${missing.join(', ')} (add it in a migration)`,
      );
    }
  }
}

/** Freezes a cached value all the way down, so that a caller changing it fails loudly in the tests. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
