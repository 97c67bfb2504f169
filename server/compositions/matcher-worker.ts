/**
 * The matcher's worker thread (matcher-pool.ts starts it): receives `{ id, instance, timeLimitMs }` as plain data,
 * runs the synchronous `match()` and posts back `{ id, result }` or `{ id, error }`. One run at a time:
 * the pool never sends a second request before the first is answered.
 */
import { parentPort } from 'node:worker_threads';
import { match } from '../matching';
import type { Instance, MatchResult } from '../matching/types';

export interface WorkerRequest {
  id: number;
  instance: Instance;
  timeLimitMs?: number;
}

export type WorkerReply = { id: number; result: MatchResult } | { id: number; error: string };

parentPort?.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { id: request.id, result: match(request.instance, { timeLimitMs: request.timeLimitMs }) };
  } catch (err) {
    reply = { id: request.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  parentPort?.postMessage(reply);
});
