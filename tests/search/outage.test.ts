/**
 * A real Meilisearch is killed in the middle of a burst of writes and restarted: writes keep working,
 * search answers from PostgreSQL meanwhile, and afterwards every record is in the index exactly once.
 */
import type { FastifyInstance } from 'fastify';
import { Meilisearch } from 'meilisearch';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { needs, searchOutbox } from '../../db/schema';
import { buildApp } from '../../server/app';
import { createSearchService } from '../../server/search/service';
import { ensureIndexes, indexName } from '../../server/search/settings';
import { SEARCH_INDEXES } from '../../server/search-sources';
import { needForm } from '../needs/helpers';
import { testConfig } from '../support/app';
import { Browser } from '../support/browser';
import { createTestDb, type TestDb } from '../support/db';
import { makeOrganization, makePerson, TEST_PASSWORD } from '../support/factories';
import { type DisposableMeili, startDisposableMeili } from '../support/meili';

let meili: DisposableMeili;
let handle: TestDb;
let app: FastifyInstance;
let stopDraining = false;
let drainer: Promise<void>;

beforeAll(async () => {
  meili = await startDisposableMeili();
  handle = await createTestDb();
  const search = createSearchService({ url: meili.url, masterKey: meili.masterKey, indexPrefix: 'outage_' });
  app = await buildApp(testConfig(), { db: handle.db, search });
  await app.ready();
  expect(await ensureIndexes(search, SEARCH_INDEXES)).toBe(true);
  // What the background job does in production: drain about every 100 ms, never overlapping itself.
  drainer = (async () => {
    while (!stopDraining) {
      await app.searchIndexer.drain().catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
}, 120_000);

afterAll(async () => {
  stopDraining = true;
  await drainer;
  await app?.close();
  await handle?.destroy();
  await meili?.stop();
});

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

it('loses and duplicates nothing when Meilisearch dies mid-burst and comes back', async () => {
  const person = await makePerson(handle.db);
  const org = await makeOrganization(handle.db, { owner: person });
  const browser = new Browser(app);
  await browser.signIn(person.email, TEST_PASSWORD);
  const TOTAL = 60;
  const statuses: number[] = [];
  let degradedSeen = false;

  for (let i = 0; i < TOTAL; i++) {
    if (i === 20) await meili.kill();
    if (i === 30) {
      // While it is down: search answers from PostgreSQL, with the notice, never a 500.
      const response = await app.inject({
        method: 'GET',
        url: '/recherche?q=rafale',
        headers: { accept: 'application/json' },
      });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      degradedSeen = body.degraded;
      expect(body.total).toBe(30);
      const page = await app.inject({ method: 'GET', url: '/recherche?q=rafale' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('mode simplifié');
    }
    if (i === 45) await meili.restart();
    const response = await browser.post('/besoins', needForm(org.id, { title: `Besoin rafale numéro ${i}` }));
    statuses.push(response.statusCode);
  }
  expect(statuses.every((s) => s === 303)).toBe(true);
  expect(degradedSeen).toBe(true);

  await until(
    'the outbox to drain',
    async () => ((await handle.db.select().from(searchOutbox)).length === 0 ? true : undefined),
    90_000,
  );

  const rows = await handle.db.select({ id: needs.id }).from(needs);
  expect(rows).toHaveLength(TOTAL);
  const client = new Meilisearch({ host: meili.url, apiKey: meili.masterKey });
  const docs = await client
    .index(indexName({ indexPrefix: 'outage_' }))
    .getDocuments({ limit: 1000, fields: ['id'] });
  const indexed = docs.results.map((d) => String(d.id)).sort();
  expect(indexed).toEqual(rows.map((r) => `need-${r.id}`).sort());
  expect(new Set(indexed).size).toBe(TOTAL);

  // Search has caught up: Meilisearch answers again and finds every record.
  const caughtUp = await until('search to leave degraded mode', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/recherche?q=rafale',
      headers: { accept: 'application/json' },
    });
    const body = response.json();
    return body.degraded ? undefined : body;
  });
  expect(caughtUp.total).toBe(TOTAL);
}, 180_000);
