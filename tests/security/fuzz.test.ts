/**
 * Every POST route of the app, posted hostile payloads as a person allowed to use it, with a valid CSRF
 * token (tests/support/fuzz.ts): no answer may be a 5xx, and no table outside the route's own `writes`
 * (declared in tests/security/table/<capability>.ts) may change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { changedTables, formDefaults, fuzzPost, snapshotTables } from '../support/fuzz';
import { createFixtures, type Fixtures, RoleClient } from './fixtures';
import { actorOf, ROUTE_TABLE } from './route-table';
import { rowKey } from './walk';

/** Random runs per route on top of the fixed hostile cases; fixed seed so a failure replays. */
const RUNS = 15;
const SEED = 20261123;

let t: TestApp;
let f: Fixtures;

beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 100_000, windowMs: 60_000 } });
  f = await createFixtures(t);
});
afterAll(async () => {
  await t?.close();
});

describe('hostile payloads on every POST route', () => {
  it('every POST route has a row (and so a list of tables it may write)', () => {
    const missing = t.app.routeTable
      .filter((r) => r.method === 'POST')
      .map(rowKey)
      .filter((key) => !ROUTE_TABLE.some((row) => row.route === key))
      .map(
        (key) =>
          `add a row for ${key} in tests/security/table/<capability>.ts (listed in tests/security/route-table.ts)`,
      );
    expect(missing).toEqual([]);
  });

  for (const row of ROUTE_TABLE.filter((r) => r.route.startsWith('POST '))) {
    it(row.route, async (ctx) => {
      if (!t.app.routeTable.some((r) => rowKey(r) === row.route)) ctx.skip();
      const c = row.cases[0];
      const actor = actorOf(c.expect);
      if (!actor) throw new Error(`${row.route}: no role may use it; nothing to fuzz`);
      const client = new RoleClient(f, actor);
      const url = await c.url(f, actor);
      let fields = row.fields;
      let defaults: Record<string, string> = {};
      if (!fields) {
        const formPage = row.formPage ? await row.formPage(f, actor) : url;
        const page = await client.get(formPage);
        defaults = formDefaults(page.body, url);
        fields = Object.keys(defaults);
        if (!fields.length) throw new Error(`${row.route}: no form posting to ${url} on ${formPage}`);
      }
      const { token } = await client.csrfPair();
      const cookies = await client.cookies();

      const before = await snapshotTables(t.db);
      const { failures, statuses } = await fuzzPost({
        app: t.app,
        url,
        cookies,
        csrfToken: token,
        fields,
        runs: RUNS,
        seed: SEED,
      });
      const after = await snapshotTables(t.db);

      expect(failures, `${row.route} as ${actor}`).toEqual([]);
      // The payloads got past CSRF to the handler: a broken token would make nearly every answer a 403.
      const total = Object.values(statuses).reduce((a, b) => a + b, 0);
      expect(statuses[403] ?? 0, `${row.route}: ${JSON.stringify(statuses)}`).toBeLessThan(total / 4);
      const unrelated = changedTables(before, after).filter((table) => !(row.writes ?? []).includes(table));
      expect(unrelated, `${row.route} changed tables outside its writes`).toEqual([]);
    });
  }
});
