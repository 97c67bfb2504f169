/**
 * The embedded PGlite, run by its own thread (db/pglite-worker.ts) and used from this one through the
 * part of PGlite's interface that drizzle and this project call: `query`, `exec`, `transaction`, `listen`,
 * `dumpDataDir`, `close`. PGlite answers on the thread that calls it, so in the web process it was every
 * query's CPU on the web thread; there, its opening overlaps the loading of the app and its queries run
 * beside routing and rendering (docs/speed.md).
 */
import type { Worker } from 'node:worker_threads';
import type { PGliteOptions, Results, Transaction } from '@electric-sql/pglite';
import { type ErrorData, errorFrom, type Reply, type Request, type WorkerStart } from './pglite-protocol';
import { startTsWorker } from './ts-worker';

type QueryOptions = {
  rowMode?: 'array' | 'object';
  parsers?: Record<number, (value: string, type: number) => unknown>;
};

export class RemotePglite {
  #start: WorkerStart;
  #worker!: Worker;
  /** Why the current thread can take no more requests (it failed or stopped); null while it can. */
  #gone: Error | null = null;
  #opening = true;
  #pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  #nextId = 1;
  #listeners = new Map<string, Set<(payload: string) => void>>();
  #closed = false;
  /**
   * Resolves once PGlite is open in the worker (and migrated, when started with `migrate`); rejects if it
   * cannot open. Requests made before wait for it.
   */
  opened!: Promise<void>;

  #onLost: ((error: Error) => void) | undefined;

  /** `onLost`: called if the thread ends once open, other than by `close` or `reopen` (it crashed). */
  constructor(start: WorkerStart, onLost?: (error: Error) => void) {
    this.#start = start;
    this.#onLost = onLost;
    this.#spawn();
  }

  #spawn() {
    const worker = startTsWorker('db/pglite-worker.ts', { workerData: this.#start });
    this.#worker = worker;
    this.#gone = null;
    this.#opening = true;
    let opened: () => void = () => {};
    let failed: (error: Error) => void = () => {};
    this.opened = new Promise((resolve, reject) => {
      opened = resolve;
      failed = reject;
    });
    this.opened.catch(() => {}); // awaited by whoever opens the database
    const stop = (error: Error) => {
      if (worker !== this.#worker) return; // a thread replaced by `reopen`
      if (!this.#opening && !this.#gone) this.#onLost?.(error);
      this.#gone ??= error;
      this.#opening = false;
      failed(error);
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
      worker.unref();
    };
    worker.on('message', (reply: Reply) => {
      if ('id' in reply) return this.#settle(reply);
      if (reply.op === 'notify') {
        for (const listener of this.#listeners.get(reply.channel) ?? []) listener(reply.payload);
      } else if (reply.op === 'ready') {
        this.#opening = false;
        this.#holdProcess();
        opened();
      } else if (reply.op === 'failed') stop(errorFrom(reply.error));
    });
    worker.on('error', stop);
    worker.on('exit', (code) => stop(new Error(`the database thread stopped (exit code ${code})`)));
  }

  /**
   * The thread keeps the process alive while it opens and while an answer is awaited, not otherwise: a
   * script that forgets to close the database still ends, and one awaiting a query does not end early.
   */
  #holdProcess() {
    if (this.#opening || this.#pending.size > 0) this.#worker.ref();
    else this.#worker.unref();
  }

  #settle(reply: { id: number; value: unknown } | { id: number; error: ErrorData }) {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    this.#holdProcess();
    if ('error' in reply) pending.reject(errorFrom(reply.error));
    else pending.resolve(reply.value);
  }

  #ask<T>(request: Request): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('the database is closed'));
    if (this.#gone) return Promise.reject(this.#gone);
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#holdProcess();
      this.#worker.postMessage({ id, request });
    });
  }

  #query<T>(sql: string, params: unknown[] = [], options: QueryOptions = {}, tx?: number) {
    const parsers = options.parsers ?? {};
    const textTypes = Object.keys(parsers).map(Number);
    const request: Request = { op: 'query', sql, params, rowMode: options.rowMode, textTypes, tx };
    return this.#ask<Results<T>>(request).then((result) => applyParsers(result, parsers, options.rowMode));
  }

  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    return this.#query<T>(sql, params, options);
  }

  exec(sql: string): Promise<Results[]> {
    return this.#ask({ op: 'exec', sql });
  }

  /**
   * Runs `callback` in a transaction held open in the worker: committed when it returns, rolled back when
   * it throws (or calls `rollback`). Queries from outside wait meanwhile, as with PGlite in-process.
   */
  async transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
    const number = await this.#ask<number>({ op: 'begin' });
    let closed = false;
    const open = () => {
      if (closed) throw new Error('Transaction is closed');
    };
    const end = async (commit: boolean) => {
      if (closed) return;
      closed = true;
      await this.#ask({ op: 'end', tx: number, commit });
    };
    const tx = {
      query: <R>(sql: string, params?: unknown[], options?: QueryOptions) => {
        open();
        return this.#query<R>(sql, params, options, number);
      },
      exec: (sql: string) => {
        open();
        return this.#ask<Results[]>({ op: 'exec', sql, tx: number });
      },
      rollback: async () => {
        open();
        await end(false);
      },
      get closed() {
        return closed;
      },
    } as unknown as Transaction;
    try {
      const value = await callback(tx);
      await end(true);
      return value;
    } catch (error) {
      await end(false);
      throw error;
    }
  }

  async listen(channel: string, listener: (payload: string) => void): Promise<() => Promise<void>> {
    let listeners = this.#listeners.get(channel);
    if (!listeners) {
      listeners = new Set();
      this.#listeners.set(channel, listeners);
      await this.#ask({ op: 'listen', channel });
    }
    listeners.add(listener);
    return async () => {
      listeners.delete(listener);
    };
  }

  dumpDataDir(_compression?: 'none'): Promise<Blob> {
    return this.#ask({ op: 'dump' });
  }

  /**
   * Applies the migrations, in the worker (db/pglite-migrate.ts): at once when it was started with
   * `migrate`, which did it while opening.
   */
  async migrate(): Promise<void> {
    await this.opened;
    if (!this.#start.migrate) await this.#ask({ op: 'migrate' });
  }

  /** Asks PGlite's thread for a full garbage collection (db/idle-gc.ts); nothing without --expose-gc. */
  collectGarbage(): void {
    this.#ask({ op: 'gc' }).catch(() => {});
  }

  get closed(): boolean {
    return this.#closed;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#stopThread();
    this.#closed = true;
  }

  /**
   * Closes PGlite and opens the same data directory in a new thread, behind this same object (drizzle and
   * the app keep using it). Its WebAssembly memory, which never shrinks, starts again from the minimum:
   * serve.ts does it once the demo is loaded. Listened channels are listened to again.
   */
  async reopen(): Promise<void> {
    if (!this.#start.dir) throw new Error('an in-memory database cannot be reopened');
    await this.#stopThread();
    this.#start = { dir: this.#start.dir, migrate: this.#start.migrate };
    this.#spawn();
    await this.opened;
    for (const channel of this.#listeners.keys()) await this.#ask({ op: 'listen', channel });
  }

  async #stopThread() {
    if (!this.#gone) await this.#ask({ op: 'close' }).catch(() => {});
    const worker = this.#worker;
    this.#gone ??= new Error('the database is closed');
    worker.removeAllListeners();
    await worker.terminate();
  }
}

/** The caller's parsers applied to the columns of their types, which the worker left as text. */
function applyParsers<T>(result: Results<T>, parsers: QueryOptions['parsers'] & object, rowMode?: string) {
  const columns = result.fields
    .map((field, index) => ({ key: rowMode === 'array' ? index : field.name, type: field.dataTypeID }))
    .filter(({ type }) => parsers[type]);
  if (columns.length === 0) return result;
  for (const row of result.rows as Record<string | number, unknown>[])
    for (const { key, type } of columns)
      if (row[key] != null) row[key] = parsers[type](row[key] as string, type);
  return result;
}

/**
 * Starts PGlite in its own thread on `dir` (in memory when absent), as `openPglite` would in this one;
 * `migrate`: and applies the migrations as part of opening; `onLost`: what to do if the thread crashes.
 */
export function openPgliteInWorker(
  dir: string | undefined,
  extra?: PGliteOptions,
  options: { migrate?: boolean; onLost?: (error: Error) => void } = {},
): RemotePglite {
  return new RemotePglite({ dir, extra, migrate: options.migrate }, options.onLost);
}
