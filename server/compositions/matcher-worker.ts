/**
 * The matcher's worker thread (matcher-pool.ts starts it): receives `{ id, instance, timeLimitMs }` as plain data,
 * runs the synchronous `match()` with HiGHS (loaded once, when the thread starts) and posts back
 * `{ id, result }` or `{ id, error }`. One run at a time: the pool never sends a second request before the
 * first is answered.
 */
import { parentPort } from 'node:worker_threads';
import { match } from '../matching';
import type { Instance, MatchResult } from '../matching/types';
import { loadHighs } from './highs-runtime';

export interface WorkerRequest {
  id: number;
  instance: Instance;
  timeLimitMs?: number;
}

export type WorkerReply = { id: number; result: MatchResult } | { id: number; error: string };

const highs = loadHighs();

parentPort?.on('message', async (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    // The run's clock starts once HiGHS is there (it is, after the thread's first few hundred ms).
    const runtime = await highs;
    reply = {
      id: request.id,
      result: match(request.instance, { timeLimitMs: request.timeLimitMs, highs: runtime }),
    };
  } catch (err) {
    reply = { id: request.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  parentPort?.postMessage(reply);
});
