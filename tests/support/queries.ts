/**
 * Counting the SQL queries the app sends (through drizzle's logger, which every test database has), to
 * pin the query count of a page: a list that starts doing a query per row (N+1) fails its pin.
 *
 *   const { count, queries } = await countQueries(() => client.get('/compositions'));
 *   expect(count, queries.join('\n')).toBe(7);
 *
 * Every database of the worker reports here, so count one request at a time, with no background job
 * running.
 */
import type { Logger } from 'drizzle-orm';
import { cachedReadTrace } from '../../db/read-cache';

class QueryLog implements Logger {
  recording: string[] | null = null;

  logQuery(query: string): void {
    this.recording?.push(query);
    cachedReadTrace.getStore()?.push(query);
  }
}

/** The logger createTestDb gives drizzle. */
export const queryLog = new QueryLog();

export async function countQueries<T>(
  work: () => Promise<T>,
): Promise<{ result: T; count: number; queries: string[] }> {
  if (queryLog.recording) throw new Error('countQueries: already counting');
  const queries: string[] = [];
  queryLog.recording = queries;
  try {
    const result = await work();
    return { result, count: queries.length, queries };
  } finally {
    queryLog.recording = null;
  }
}
