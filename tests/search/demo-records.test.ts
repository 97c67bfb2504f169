/** The demo's needs and offers load beside the demo organizations, and make search worth trying. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rawRows } from '../../db/client';
import { ensureIndexes } from '../../server/search/settings';
import { SEARCH_INDEXES } from '../../server/search-sources';
import { createTestApp, type TestApp } from '../support/app';
import { deleteIndexesWithPrefix } from '../support/meili';
import { loadDemoRecords } from './helpers';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await ensureIndexes(t.search, SEARCH_INDEXES);
  await loadDemoRecords(t.db);
}, 120_000);

afterAll(async () => {
  await deleteIndexesWithPrefix(t.search.indexPrefix);
  await t.close();
});

it('loads a few hundred needs and a few dozen offers, each queued for search', async () => {
  const [counts] = await rawRows<{
    needs: number;
    offers: number;
    queued: number;
    decimals: number;
    multiples: number;
  }>(
    t.db,
    sql`select (select count(*)::int from needs) as needs, (select count(*)::int from offers) as offers,
        (select count(*)::int from search_outbox where record_kind in ('need', 'offer')) as queued,
        (select count(*)::int from needs where hours_hundredths % 50 <> 0) as decimals,
        (select count(*)::int from needs where hours_hundredths % 350 = 0) as multiples`,
  );
  expect(counts.needs).toBeGreaterThanOrEqual(200);
  expect(counts.needs).toBeLessThanOrEqual(600);
  expect(counts.offers).toBeGreaterThanOrEqual(24);
  expect(counts.queued).toBe(counts.needs + counts.offers);
  expect(counts.multiples / counts.needs).toBeGreaterThan(0.6);
  expect(counts.decimals).toBeGreaterThan(5);
});

it('tells the Belfort story: accounting needs of four SIAE that add up to 35 h nearby', async () => {
  const [row] = await rawRows<{ hours: number; orgs: number }>(
    t.db,
    sql`select sum(n.hours_hundredths)::int as hours, count(distinct n.organization_id)::int as orgs
        from needs n join organizations o on o.id = n.organization_id
        where n.title in ('Comptable pour la paie et la clôture', 'Comptable : saisie et rapprochements',
          'Comptable à temps partiel', 'Comptabilité de la régie') and o.departement = '90'`,
  );
  expect(row.orgs).toBe(4);
  expect(row.hours).toBeGreaterThanOrEqual(3500);
});

it('gives facets and distance something to show once indexed', async () => {
  const result = await t.app.searchIndexer.drain();
  expect(result.failed).toBe(0);
  const response = await t.app.inject({
    method: 'GET',
    url: '/recherche?q=compta&pres=Belfort&km=30',
    headers: { accept: 'application/json' },
  });
  const body = response.json();
  expect(body.degraded).toBe(false);
  expect(body.total).toBeGreaterThanOrEqual(4);
  const all = (
    await t.app.inject({ method: 'GET', url: '/recherche', headers: { accept: 'application/json' } })
  ).json();
  const departements = all.facets.find((f: { name: string }) => f.name === 'departement').values;
  expect(departements.length).toBeGreaterThanOrEqual(6);
});
