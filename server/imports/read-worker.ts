/**
 * The worker thread of read-pool.ts: receives `{ id, bytes }`, reads the spreadsheet with
 * `readSpreadsheet` and posts back `{ id, sheet }` (a structured clone: dates and the merged-cells set
 * cross as they are) or `{ id, error }`, whose `kind` says whether the message is meant for the person.
 */
import { parentPort } from 'node:worker_threads';
import { ImportFileError } from './errors';
import { ImportTooLarge } from './limits';
import { readSpreadsheet, type Sheet } from './read';

export interface ReadRequest {
  id: number;
  bytes: Uint8Array;
}

export type ReadError =
  | { kind: 'too-large'; message: string; limit: ImportTooLarge['limit']; found?: number }
  | { kind: 'file'; message: string }
  | { kind: 'defect'; message: string };

export type ReadReply = { id: number; sheet: Sheet } | { id: number; error: ReadError };

function describe(error: unknown): ReadError {
  if (error instanceof ImportTooLarge)
    return { kind: 'too-large', message: error.message, limit: error.limit, found: error.found };
  if (error instanceof ImportFileError) return { kind: 'file', message: error.message };
  return { kind: 'defect', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}

parentPort?.on('message', async (request: ReadRequest) => {
  let reply: ReadReply;
  try {
    reply = { id: request.id, sheet: await readSpreadsheet(request.bytes) };
  } catch (error) {
    reply = { id: request.id, error: describe(error) };
  }
  parentPort?.postMessage(reply);
});
