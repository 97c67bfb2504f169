/**
 * `match()` in a worker thread, so that a long run (seconds over tens of thousands of needs) never blocks
 * the web process's event loop. A pool of one worker, started at the first run and kept for the next;
 * runs wait their turn. An idle worker is terminated after `idleMs` (10 s by default): the matching job
 * runs only when needs changed, and a worker holding its heap and HiGHS's WebAssembly memory between
 * runs was a large share of the server's memory at rest; a new one starts in a fraction of a second.
 * The instance and the result cross the thread boundary as plain data (structured clone). A run that
 * overruns its own time limit by `graceMs` (the matcher checks its clock between steps, so this means it
 * is stuck) has its worker terminated and fails; the next run starts a new one. The worker runs the
 * built matcher-worker.js under `npm start`, matcher-worker.ts through tsx otherwise (db/ts-worker.ts).
 */
import type { Worker } from 'node:worker_threads';
import { startTsWorker } from '../../db/ts-worker';
import { DEFAULT_TIME_LIMIT_MS } from '../matching';
import type { Instance } from '../matching/types';
import type { MatchOutcome, MatchRequest } from './match-and-suggest';
import type { WorkerReply, WorkerRequest } from './matcher-worker';

export interface MatcherPool {
  /** Runs `match(instance, { timeLimitMs })` in the worker, then `suggest()` when given its budget. */
  match(instance: Instance, options?: MatchRequest): Promise<MatchOutcome>;
  /** Terminates the worker; the run in progress and those waiting fail with MatcherStopped. */
  close(): Promise<void>;
  /** Whether a worker thread exists now (it is started by a run and ends when idle). */
  hasWorker(): boolean;
}

/** The error of a run cut short because the pool was closed (the server is stopping). */
export class MatcherStopped extends Error {
  constructor() {
    super('matcher stopped');
    this.name = 'MatcherStopped';
  }
}

const WORKER = 'server/compositions/matcher-worker.ts';

interface Pending {
  id: number;
  request: WorkerRequest;
  resolve(result: MatchOutcome): void;
  reject(err: Error): void;
}

export function createMatcherPool(options: { graceMs?: number; idleMs?: number } = {}): MatcherPool {
  const graceMs = options.graceMs ?? 15_000;
  const idleMs = options.idleMs ?? 10_000;
  let idleTimer: NodeJS.Timeout | null = null;
  let worker: Worker | null = null;
  let current: Pending | null = null;
  let watchdog: NodeJS.Timeout | null = null;
  const queue: Pending[] = [];
  let nextId = 1;
  let closed = false;

  const failCurrent = (err: Error) => {
    if (watchdog) clearTimeout(watchdog);
    watchdog = null;
    const run = current;
    current = null;
    run?.reject(err);
  };

  const kill = (err: Error) => {
    const w = worker;
    worker = null;
    failCurrent(err);
    return w ? w.terminate().then(() => undefined) : Promise.resolve();
  };

  const start = (): Worker => {
    const w = startTsWorker(WORKER);
    w.on('message', (reply: WorkerReply) => {
      if (!current || reply.id !== current.id) return;
      if (watchdog) clearTimeout(watchdog);
      watchdog = null;
      const run = current;
      current = null;
      if ('result' in reply) run.resolve(reply.result);
      else run.reject(new Error(`matcher failed: ${reply.error}`));
      pump();
    });
    w.on('error', (err) => {
      if (worker === w) worker = null;
      failCurrent(err);
      pump();
    });
    w.on('exit', (code) => {
      if (worker !== w) return;
      worker = null;
      failCurrent(new Error(`matcher worker exited (${code})`));
      pump();
    });
    // An idle worker must not keep the process alive (scripts and tests end on their own).
    w.unref();
    return w;
  };

  const stopIdleTimer = () => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
  };

  function pump() {
    if (current || closed) return;
    const run = queue.shift();
    if (!run) {
      stopIdleTimer();
      if (worker) {
        idleTimer = setTimeout(() => {
          idleTimer = null;
          if (!current && !queue.length) void kill(new MatcherStopped());
        }, idleMs);
        idleTimer.unref();
      }
      return;
    }
    stopIdleTimer();
    current = run;
    worker ??= start();
    const limit = (run.request.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS) + (run.request.suggestTimeLimitMs ?? 0);
    watchdog = setTimeout(
      () => void kill(new Error(`matcher did not answer within ${limit + graceMs} ms`)).then(pump),
      limit + graceMs,
    );
    worker.ref();
    worker.postMessage(run.request);
  }

  return {
    match(instance, opts = {}) {
      if (closed) return Promise.reject(new MatcherStopped());
      return new Promise<MatchOutcome>((resolve, reject) => {
        const id = nextId++;
        queue.push({
          id,
          request: {
            id,
            instance,
            timeLimitMs: opts.timeLimitMs,
            suggestTimeLimitMs: opts.suggestTimeLimitMs,
          },
          resolve: (r) => {
            worker?.unref();
            resolve(r);
          },
          reject: (e) => {
            worker?.unref();
            reject(e);
          },
        });
        pump();
      });
    },
    hasWorker: () => worker !== null,
    async close() {
      closed = true;
      stopIdleTimer();
      for (const run of queue.splice(0)) run.reject(new MatcherStopped());
      await kill(new MatcherStopped());
    },
  };
}
