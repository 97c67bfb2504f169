/**
 * The messages between the web thread (db/pglite-remote.ts) and the thread that owns the embedded PGlite
 * (db/pglite-worker.ts). Structured clones: plain data only, no functions.
 */
import type { PGliteOptions } from '@electric-sql/pglite';

/** What the worker is started with: PGlite's data directory (in memory when absent) and options. */
export interface WorkerStart {
  dir?: string;
  /** Options without functions (`loadDataDir`, a Blob, is the one used: the test suite's snapshot). */
  extra?: PGliteOptions;
  /** Apply the migrations as part of opening (server/main.ts), before `ready`. */
  migrate?: boolean;
}

export type Request =
  | {
      op: 'query';
      sql: string;
      params: unknown[];
      rowMode?: 'array' | 'object';
      /** Types whose values come back as PostgreSQL's text, for the caller's own parsers. */
      textTypes: number[];
      tx?: number;
    }
  | { op: 'exec'; sql: string; tx?: number }
  | { op: 'begin' }
  | { op: 'end'; tx: number; commit: boolean }
  | { op: 'listen'; channel: string }
  | { op: 'dump' }
  | { op: 'migrate' }
  /** A full garbage collection (db/idle-gc.ts), when node runs with --expose-gc. */
  | { op: 'gc' }
  | { op: 'close' };

/** An error as it crossed: its message, name and PostgreSQL's fields (code, detail, constraint…). */
export interface ErrorData {
  message: string;
  name: string;
  fields: Record<string, string | number | boolean | null>;
}

export type Reply =
  | { id: number; value: unknown }
  | { id: number; error: ErrorData }
  | { op: 'ready' }
  | { op: 'failed'; error: ErrorData }
  | { op: 'notify'; channel: string; payload: string };

export function errorData(error: unknown): ErrorData {
  if (!(error instanceof Error)) return { message: String(error), name: 'Error', fields: {} };
  const fields: ErrorData['fields'] = {};
  for (const [key, value] of Object.entries(error))
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value;
  return { message: error.message, name: error.name, fields };
}

/** The error again on this side: an Error with the same message and PostgreSQL's fields. */
export function errorFrom(data: ErrorData): Error {
  const error = new Error(data.message);
  error.name = data.name;
  return Object.assign(error, data.fields);
}
