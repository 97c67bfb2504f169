/**
 * Embedded PGlite has no autovacuum: without an explicit ANALYZE the planner believes every table is
 * empty. refreshPlannerStatistics (run at start and hourly on PGlite) must give it the real row counts.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rawRows, refreshPlannerStatistics } from '../../db/client';
import { loadDemo } from '../../scripts/demo';
import { createTestDb, type TestDb } from '../support/db';

let handle: TestDb;
beforeAll(async () => {
  handle = await createTestDb();
  await loadDemo(handle.db, { publicUrl: 'http://localhost' });
}, 60_000);
afterAll(() => handle.destroy());

const estimatedNeeds = async () => {
  const [row] = await rawRows<{ reltuples: number }>(
    handle.db,
    sql`select reltuples::float8 as reltuples from pg_class where relname = 'needs'`,
  );
  return Number(row.reltuples);
};

it('gives the planner the row counts of the tables', async () => {
  const needs = Number(
    (await rawRows<{ n: number }>(handle.db, sql`select count(*)::int as n from needs`))[0].n,
  );
  expect(needs).toBeGreaterThan(100);
  // A server's autovacuum may have been quicker than us; PGlite never is.
  if (handle.driver === 'pglite') expect(await estimatedNeeds()).toBeLessThanOrEqual(0);
  await refreshPlannerStatistics(handle.db);
  expect(await estimatedNeeds()).toBe(needs);
});
