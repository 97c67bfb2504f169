/**
 * Times every transaction run through a drizzle handle (wraps `db.transaction`): on PGlite a
 * transaction holds the only connection, so the longest one is how long another request may wait.
 */
import type { Db } from '../../../db/client';

export function timeTransactions(db: Db): { durations: number[]; restore: () => void } {
  const durations: number[] = [];
  const original = db.transaction.bind(db);
  const timed = (async (work, config) => {
    const started = performance.now();
    try {
      return await original(work, config);
    } finally {
      durations.push(performance.now() - started);
    }
  }) as Db['transaction'];
  db.transaction = timed;
  const restore = () => {
    db.transaction = original;
  };
  return { durations, restore };
}
