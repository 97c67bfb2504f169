/**
 * `readSpreadsheet` off the web thread: reading a workbook is seconds of CPU for a large one, and a
 * hostile one must not take the web process's memory. One worker thread, started at the first read
 * and kept while reads keep coming (exceljs takes a quarter of a second to load), stopped after
 * `idleMs` without work so that its heap goes back to the system; reads wait their turn. The worker
 * runs under V8 heap limits (`READ_WORKER_LIMITS`): a file that passes IMPORT_LIMITS and still needs
 * more memory kills the worker, not the process, and the person gets "trop lourd à lire"; a read that
 * outlasts `timeLimitMs` is stopped the same way. The next read starts a new worker.
 * Buffers (the upload, what zlib inflates) live outside the V8 heap and are not counted by these
 * limits: IMPORT_LIMITS' scan (xlsx-scan.ts) is what bounds them.
 */
import type { ResourceLimits, Worker } from 'node:worker_threads';
import { startTsWorker } from '../../db/ts-worker';
import { ImportFileError } from './errors';
import { ImportTooLarge } from './limits';
import type { Sheet } from './read';
import type { ReadReply } from './read-worker';

export const READ_WORKER_LIMITS: ResourceLimits = {
  maxOldGenerationSizeMb: 384,
  maxYoungGenerationSizeMb: 32,
  stackSizeMb: 4,
};
export const READ_TIME_LIMIT_MS = 60_000;

export interface SheetReader {
  read(bytes: Uint8Array): Promise<Sheet>;
  /** Stops the worker; reads in progress or waiting fail. */
  close(): Promise<void>;
}

interface Job {
  id: number;
  bytes: Uint8Array;
  resolve(sheet: Sheet): void;
  reject(error: Error): void;
}

const WORKER = 'server/imports/read-worker.ts';

export function createSheetReader(
  options: { resourceLimits?: ResourceLimits; timeLimitMs?: number; idleMs?: number } = {},
): SheetReader {
  const resourceLimits = options.resourceLimits ?? READ_WORKER_LIMITS;
  const timeLimitMs = options.timeLimitMs ?? READ_TIME_LIMIT_MS;
  const idleMs = options.idleMs ?? 30_000;
  let worker: Worker | null = null;
  let current: Job | null = null;
  let watchdog: NodeJS.Timeout | undefined;
  let idle: NodeJS.Timeout | undefined;
  let nextId = 1;
  let closed = false;
  const queue: Job[] = [];

  const settle = (outcome: { sheet: Sheet } | { error: Error }) => {
    clearTimeout(watchdog);
    const job = current;
    current = null;
    if (job && 'sheet' in outcome) job.resolve(outcome.sheet);
    else if (job && 'error' in outcome) job.reject(outcome.error);
    pump();
  };

  const stop = (w: Worker | null) => {
    if (worker === w) worker = null;
    return w ? w.terminate().then(() => undefined) : Promise.resolve();
  };

  const start = (): Worker => {
    const w = startTsWorker(WORKER, { resourceLimits });
    w.on('message', (reply: ReadReply) => {
      if (!current || reply.id !== current.id) return;
      if ('sheet' in reply) return settle({ sheet: reply.sheet });
      const { error } = reply;
      if (error.kind === 'too-large') return settle({ error: new ImportTooLarge(error.limit, error.found) });
      if (error.kind === 'file') return settle({ error: new ImportFileError(error.message) });
      settle({ error: new Error(`spreadsheet reader failed: ${error.message}`) });
    });
    w.on('error', (error: Error & { code?: string }) => {
      if (worker === w) worker = null;
      settle({
        error: error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new ImportTooLarge('memory') : error,
      });
    });
    w.on('exit', (code) => {
      if (worker !== w) return;
      worker = null;
      settle({ error: new Error(`spreadsheet reader exited (${code})`) });
    });
    return w;
  };

  function pump() {
    if (current || closed) return;
    const job = queue.shift();
    if (!job) {
      // An idle worker neither keeps the process alive nor its heap for long.
      worker?.unref();
      clearTimeout(idle);
      idle = setTimeout(() => void stop(worker), idleMs).unref();
      return;
    }
    clearTimeout(idle);
    current = job;
    worker ??= start();
    worker.ref();
    const running = worker;
    watchdog = setTimeout(() => {
      void stop(running);
      settle({ error: new ImportTooLarge('time') });
    }, timeLimitMs);
    // A copy, moved to the worker: the caller keeps its bytes (stored once the file proves readable).
    const copy = Uint8Array.from(job.bytes);
    running.postMessage({ id: job.id, bytes: copy }, [copy.buffer]);
  }

  return {
    read(bytes) {
      if (closed) return Promise.reject(new Error('spreadsheet reader closed'));
      return new Promise<Sheet>((resolve, reject) => {
        queue.push({ id: nextId++, bytes, resolve, reject });
        pump();
      });
    },
    async close() {
      closed = true;
      clearTimeout(idle);
      for (const job of queue.splice(0)) job.reject(new Error('spreadsheet reader closed'));
      const running = worker;
      settle({ error: new Error('spreadsheet reader closed') });
      await stop(running);
    },
  };
}

let shared: SheetReader | undefined;

/** `readSpreadsheet` in the process's shared worker (the import pages and `npm run import`). */
export function readSpreadsheetOffThread(bytes: Uint8Array): Promise<Sheet> {
  shared ??= createSheetReader();
  return shared.read(bytes);
}
