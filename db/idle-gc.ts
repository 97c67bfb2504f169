/**
 * Full garbage collections when the server goes quiet. V8 collects its old generation when it grows, not
 * when the program idles: after a burst of requests, or a matching run, the server kept tens of MB of
 * garbage for as long as nothing new came (docs/speed.md, "Memory"). server/serve.ts runs one on the
 * web thread, touched by each request and at the end of each matching run that did something
 * (server/jobs.ts); a collection there also asks PGlite's thread to collect (db/pglite-worker.ts).
 *
 * 15 s after the last touch (the matcher's thread ends 10 s after its run). It needs node's
 * `--expose-gc` (npm start passes it; the tests and tsx do not, and then nothing happens). The
 * collections take tens of milliseconds of a thread that has had nothing to answer since.
 */
export interface IdleCollector {
  /** Work happened: the collections are due that long after it (those not yet run are moved). */
  touch(): void;
  stop(): void;
}

/**
 * node's `gc()`, full collections, when it runs with `--expose-gc`. Two in a row: after one, the heap's
 * committed pages stayed (a fragmented heap of 271 MB, 7 MB of it live: 208 MB committed after one
 * collection, 40 MB after two; the server's first rest read 343 MB with 144 MB committed for 49 MB used,
 * until V8's own memory reducer ran, if it did). The second compacts the pages the first left sparse.
 * Called without options: node 20's V8 collected nothing when given
 * `{ type: 'major', execution: 'sync', flavor: 'last-resort' }`.
 */
export function exposedGc(): (() => void) | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  return (
    gc &&
    (() => {
      gc();
      gc();
    })
  );
}

export function collectWhenIdle(
  collect: (() => void) | undefined,
  afterMs: readonly number[] = [15_000],
): IdleCollector {
  let timers: NodeJS.Timeout[] = [];
  const stop = () => {
    for (const timer of timers) clearTimeout(timer);
    timers = [];
  };
  if (!collect) return { touch() {}, stop() {} };
  return {
    touch() {
      // Pushed back by each request; unref'd, they never keep the process alive.
      if (timers.length) for (const timer of timers) timer.refresh();
      else timers = afterMs.map((ms) => setTimeout(collect, ms).unref());
    },
    stop,
  };
}
