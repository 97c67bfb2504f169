/**
 * The matcher's worker thread (matcher-pool.ts starts it): receives `{ id, instance, timeLimitMs,
 * suggestTimeLimitMs }` as plain data, runs the synchronous `match()` (and `suggest()` when asked) with
 * HiGHS (loaded once, when the thread starts) and posts back `{ id, result }` or `{ id, error }`. One run
 * at a time: the pool never sends a second request before the first is answered.
 */
import { parentPort } from 'node:worker_threads';
import type { Instance } from '../matching/types';
import { loadHighs } from './highs-runtime';
import { type MatchOutcome, type MatchRequest, matchAndSuggest } from './match-and-suggest';

export interface WorkerRequest extends MatchRequest {
  id: number;
  instance: Instance;
}

export type WorkerReply = { id: number; result: MatchOutcome } | { id: number; error: string };

const highs = loadHighs();

parentPort?.on('message', async (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    // The run's clock starts once HiGHS is there (it is, after the thread's first few hundred ms).
    const runtime = await highs;
    reply = { id: request.id, result: matchAndSuggest(request.instance, request, runtime) };
  } catch (err) {
    reply = { id: request.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  parentPort?.postMessage(reply);
});
