/** Search while Meilisearch is unreachable: answers from PostgreSQL, says so, never fails. */

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { searchOutbox } from '../../db/schema';
import { buildApp } from '../../server/app';
import { createSearchService } from '../../server/search/service';
import { testConfig } from '../support/app';
import { createTestDb, type TestDb } from '../support/db';
import { makeOrganization, makePerson } from '../support/factories';
import { addNeed, addOffer } from './helpers';

let handle: TestDb;
let app: FastifyInstance;

beforeAll(async () => {
  handle = await createTestDb();
  // Port 9 (discard) on loopback: nothing listens, so every Meilisearch call is refused at once.
  const search = createSearchService({ url: 'http://127.0.0.1:9', masterKey: 'x', indexPrefix: 'none_' });
  app = await buildApp(testConfig(), { db: handle.db, search });
  await app.ready();
  const person = await makePerson(handle.db);
  const org = await makeOrganization(handle.db, { owner: person, kind: 'ACI' });
  const far = await makeOrganization(handle.db, { town: 'marseille', kind: 'SCIC' });
  await addNeed(handle.db, person.id, org.id, {
    title: 'Comptabilité et paie',
    description: 'Clôture des comptes annuels.',
  });
  await addNeed(handle.db, person.id, org.id, {
    title: 'Chargé des ressources humaines',
    place: 'montbeliard',
    roleCode: 'M1501',
    roleLabel: 'Ressources humaines',
  });
  await addNeed(handle.db, person.id, far.id, { title: 'Comptable à Marseille', place: 'marseille' });
  await addNeed(handle.db, person.id, org.id, { title: 'Comptabilité brouillon' }, false);
  await addOffer(handle.db, person.id, org.id, {
    title: 'Mutualisation de la comptabilité',
    kind: 'pooling',
  });
});

afterAll(async () => {
  await app.close();
  await handle.destroy();
});

it('answers JSON from PostgreSQL full text with degraded: true', async () => {
  const response = await app.inject({
    method: 'GET',
    url: '/recherche?q=comptables',
    headers: { accept: 'application/json' },
  });
  expect(response.statusCode).toBe(200);
  const body = response.json();
  expect(body.degraded).toBe(true);
  expect(body.hits.map((h: { title: string }) => h.title).sort()).toEqual([
    'Comptabilité et paie',
    'Comptable à Marseille',
    'Mutualisation de la comptabilité',
  ]);
  expect(body.total).toBe(3);
});

it('keeps synonyms, filters and distance in the fallback', async () => {
  const rh = await app.inject({
    method: 'GET',
    url: '/recherche?q=RH',
    headers: { accept: 'application/json' },
  });
  expect(rh.json().hits.map((h: { title: string }) => h.title)).toEqual(['Chargé des ressources humaines']);
  const near = await app.inject({
    method: 'GET',
    url: '/recherche?q=compta&pres=Belfort&km=30&tri=distance',
    headers: { accept: 'application/json' },
  });
  const titles = near
    .json()
    .hits.map((h: { title: string }) => h.title)
    .sort();
  expect(titles).toEqual(['Comptabilité et paie', 'Mutualisation de la comptabilité']);
  const offersOnly = await app.inject({
    method: 'GET',
    url: '/recherche?type=offer',
    headers: { accept: 'application/json' },
  });
  expect(offersOnly.json().total).toBe(1);
});

it('shows a visible notice on the page, and never a 500', async () => {
  const page = await app.inject({ method: 'GET', url: '/recherche?q=paie' });
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain('mode simplifié');
  expect(page.body).toContain('Comptabilité et paie');
  for (const q of ['&', '!!', "'", 'a:*', '(((', '|', 'compta & | !rh', '\\', '<->']) {
    const response = await app.inject({ method: 'GET', url: `/recherche?q=${encodeURIComponent(q)}` });
    expect(response.statusCode, q).toBe(200);
  }
});

it('keeps writes working: the outbox holds the changes for later', async () => {
  const rows = await handle.db.select().from(searchOutbox);
  // Four needs and an offer (each write also queues its structure's directory entry).
  expect(rows.filter((r) => r.recordKind === 'need' || r.recordKind === 'offer')).toHaveLength(5);
  const result = await app.searchIndexer.drain();
  expect(result.skipped).toBe(true);
  expect(await handle.db.select().from(searchOutbox)).toHaveLength(rows.length);
});
