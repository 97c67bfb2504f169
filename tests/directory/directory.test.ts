/**
 * The directory of structures on the real Meilisearch and on the PostgreSQL fallback: who is listed,
 * what a structure shows (never a person), facets and filters, hiding through the outbox, contacting.
 */

import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailOutbox, notifications, searchOutbox } from '../../db/schema';
import { buildApp } from '../../server/app';
import { createSearchService } from '../../server/search/service';
import { ensureIndexes } from '../../server/search/settings';
import { SEARCH_INDEXES } from '../../server/search-sources';
import { addNeed, addOffer } from '../search/helpers';
import { createTestApp, type TestApp, testConfig } from '../support/app';
import { Browser } from '../support/browser';
import { makeOrganization, makePerson, TEST_PASSWORD } from '../support/factories';
import { expectFragmentOfPage } from '../support/fragments';
import { deleteIndexesWithPrefix } from '../support/meili';

let t: TestApp;
let degraded: FastifyInstance;
type Person = Awaited<ReturnType<typeof makePerson>>;
type Org = Awaited<ReturnType<typeof makeOrganization>>;
let owner: Person;
let writer: Person;
let atelier: Org;
let scic: Org;
let ge: Org;
let hiddenLater: Org;
let pending: Org;

const OWNER_NAME = 'Odile Secrète';
const OWNER_EMAIL = 'odile.secrete@exemple.invalid';

interface Hit {
  id: number;
  name: string;
  activities: string[];
  keywords: string[];
  ges: { id: number; name: string }[];
  openNeeds: number;
  publicOffers: number;
  distanceKm: number | null;
}
interface Answer {
  hits: Hit[];
  total: number;
  degraded: boolean;
  facets: Record<'kind' | 'departement' | 'activity', { value: string; count: number }[]>;
}

async function json(app: FastifyInstance, url: string): Promise<Answer> {
  const response = await app.inject({ method: 'GET', url, headers: { accept: 'application/json' } });
  expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
  return response.json();
}
const names = (a: Answer) => a.hits.map((h) => h.name).sort();
const drain = () => t.app.searchIndexer.drain();

beforeAll(async () => {
  t = await createTestApp();
  await ensureIndexes(t.search, SEARCH_INDEXES);
  owner = await makePerson(t.db, { email: OWNER_EMAIL, displayName: OWNER_NAME });
  writer = await makePerson(t.db, { email: 'redactrice@exemple.invalid', displayName: 'Rita Rédactrice' });
  ge = await makeOrganization(t.db, { owner, kind: 'GE', name: 'GE du Territoire' });
  atelier = await makeOrganization(t.db, {
    owner,
    kind: 'ACI',
    name: 'Atelier du Lion',
    keywords: 'maraîchage, vélo',
    geIds: [ge.id],
  });
  scic = await makeOrganization(t.db, {
    owner: writer,
    kind: 'SCIC',
    name: 'Soleil Coopératif',
    town: 'marseille',
  });
  hiddenLater = await makeOrganization(t.db, {
    owner,
    kind: 'EI',
    name: 'Recyclerie Bisontine',
    town: 'besancon',
  });
  pending = await makeOrganization(t.db, { owner, validated: false, name: 'Atelier En Attente' });
  await makeOrganization(t.db, { owner, name: 'Atelier Caché', directoryListed: false });
  await addNeed(t.db, owner.id, atelier.id, { title: 'Comptable partagé' });
  await addNeed(
    t.db,
    owner.id,
    atelier.id,
    { title: 'Brouillon', roleCode: 'K2204', roleLabel: 'Nettoyage' },
    false,
  );
  await addOffer(t.db, owner.id, atelier.id, { title: 'Mutualiser la paie', kind: 'pooling' });
  await addNeed(t.db, writer.id, scic.id, {
    title: 'Chef de projet ENR',
    roleCode: 'H1206',
    roleLabel: 'Management et ingénierie études',
    place: 'marseille',
  });
  // Every structure's document, as the start-up rebuild would queue them (`npm run reindex`).
  for (const org of [ge, atelier, scic, hiddenLater, pending])
    await t.db.insert(searchOutbox).values({ recordKind: 'structure', recordId: org.id });
  await drain();
  // The same app on an unreachable Meilisearch: answers from PostgreSQL.
  const down = createSearchService({ url: 'http://127.0.0.1:9', masterKey: 'x', indexPrefix: 'none_' });
  degraded = await buildApp(testConfig(), { db: t.db, search: down });
  await degraded.ready();
});
afterAll(async () => {
  await degraded?.close();
  await deleteIndexesWithPrefix(t.search.indexPrefix);
  await t.close();
});

describe.each([
  ['Meilisearch', () => t.app, false],
  ['PostgreSQL fallback', () => degraded, true],
] as const)('the directory on %s', (_name, app, isDegraded) => {
  it('lists validated structures that agree, with activities, open records and confirmed GEs', async () => {
    const all = await json(app(), '/structures');
    expect(all.degraded).toBe(isDegraded);
    // The GE (not listed until it chooses), the pending and the hidden structures are absent.
    expect(names(all)).toEqual(['Atelier du Lion', 'Recyclerie Bisontine', 'Soleil Coopératif']);
    const lion = all.hits.find((h) => h.name === 'Atelier du Lion');
    expect(lion).toMatchObject({
      activities: ['Comptabilité', 'Mutualisation d’une fonction'],
      keywords: ['maraîchage', 'vélo'],
      ges: [{ id: ge.id, name: 'GE du Territoire' }],
      openNeeds: 1,
      publicOffers: 1,
    });
    expect(all.facets.kind).toEqual(
      expect.arrayContaining([
        { value: 'ACI', label: expect.any(String), count: 1 },
        { value: 'SCIC', label: 'SCIC', count: 1 },
      ]),
    );
    expect(all.facets.departement.map((f) => f.value).sort()).toEqual(['13', '25', '90']);
  });

  it('finds by words, filters by kind, département, activity and distance from a commune', async () => {
    expect(names(await json(app(), '/structures?q=maraichage'))).toEqual(['Atelier du Lion']);
    expect(names(await json(app(), '/structures?q=comptabilite'))).toEqual(['Atelier du Lion']);
    expect(names(await json(app(), '/structures?kind=SCIC'))).toEqual(['Soleil Coopératif']);
    expect(names(await json(app(), '/structures?departement=25'))).toEqual(['Recyclerie Bisontine']);
    expect(names(await json(app(), `/structures?activity=${encodeURIComponent('Comptabilité')}`))).toEqual([
      'Atelier du Lion',
    ]);
    const near = await json(app(), '/structures?near=Belfort&km=100');
    expect(names(near)).toEqual(['Atelier du Lion', 'Recyclerie Bisontine']);
    expect(near.hits[0].name).toBe('Atelier du Lion');
    expect(near.hits[0].distanceKm).toBeLessThan(1);
    // Garbled parameters are ignored, never a 500.
    expect((await json(app(), '/structures?kind=XYZ&departement=%00&km=-4&page=abc')).total).toBe(3);
  });
});

describe('a structure’s page', () => {
  it('shows its needs, offers and GEs; never a person’s name or address, in HTML or JSON', async () => {
    const page = await new Browser(t.app).get(`/structures/${atelier.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Comptable partagé');
    expect(page.body).toContain('Mutualiser la paie');
    expect(page.body).not.toContain('Brouillon');
    expect(page.body).toContain('GE du Territoire');
    const asJson = await t.app.inject({
      url: `/structures/${atelier.id}`,
      headers: { accept: 'application/json' },
    });
    expect(asJson.json()).toMatchObject({ name: 'Atelier du Lion', communeName: 'Belfort' });
    const list = await t.app.inject({ url: '/structures', headers: { accept: 'application/json' } });
    const listHtml = await new Browser(t.app).get('/structures');
    for (const body of [page.body, asJson.body, list.body, listHtml.body]) {
      for (const secret of [
        OWNER_NAME,
        OWNER_EMAIL,
        'Odile',
        'Rita Rédactrice',
        'redactrice@',
        '@exemple.invalid',
      ])
        expect(body).not.toContain(secret);
    }
    for (const id of [pending.id, ge.id, 99999]) {
      expect((await t.app.inject({ url: `/structures/${id}` })).statusCode).toBe(404);
    }
  });

  it('the results fragment is the page’s', async () => {
    await expectFragmentOfPage(new Browser(t.app), '/structures?q=atelier', {
      target: 'directory-results',
      swap: 'innerHTML',
    });
  });
});

describe('hiding and showing', () => {
  it('hiding removes the structure from the index through the outbox at once; listing again brings it back', async () => {
    const browser = new Browser(t.app);
    await browser.signIn(OWNER_EMAIL, TEST_PASSWORD);
    const page = (await browser.get(`/organisations/${hiddenLater.id}`)).body;
    expect(page).toContain('Figurer dans l’annuaire');
    await t.db.delete(searchOutbox);
    const hide = await browser.post(`/organisations/${hiddenLater.id}/annuaire`, {
      listed: 'non',
      keywords: '',
    });
    expect(hide.statusCode).toBe(303);
    expect(
      (await t.db.select().from(searchOutbox)).some(
        (r) => r.recordKind === 'structure' && r.recordId === hiddenLater.id,
      ),
    ).toBe(true);
    expect((await drain()).deleted).toBeGreaterThanOrEqual(1);
    expect(names(await json(t.app, '/structures'))).not.toContain('Recyclerie Bisontine');
    expect((await t.app.inject({ url: `/structures/${hiddenLater.id}` })).statusCode).toBe(404);

    await browser.post(`/organisations/${hiddenLater.id}/annuaire`, { listed: 'oui', keywords: 'réemploi' });
    await drain();
    expect(names(await json(t.app, '/structures?q=reemploi'))).toEqual(['Recyclerie Bisontine']);
    // A GE chooses to be listed.
    await browser.post(`/organisations/${ge.id}/annuaire`, { listed: 'oui', keywords: '' });
    await drain();
    expect(names(await json(t.app, '/structures?kind=GE'))).toEqual(['GE du Territoire']);
  });

  it('a bad choice is refused with a French message and changes nothing', async () => {
    const browser = new Browser(t.app);
    await browser.signIn(OWNER_EMAIL, TEST_PASSWORD);
    const response = await browser.post(`/organisations/${atelier.id}/annuaire`, { listed: 'peut-être' });
    expect(response.statusCode).toBe(303);
    expect((await browser.get(`/organisations/${atelier.id}`)).body).toContain(
      'Annuaire : choisissez oui ou non.',
    );
  });
});

describe('contacting a structure', () => {
  it('mails and notifies its members without showing any address; bad input is refused in French', async () => {
    const browser = new Browser(t.app);
    await browser.signIn('redactrice@exemple.invalid', TEST_PASSWORD);
    const page = (await browser.get(`/structures/${atelier.id}`)).body;
    expect(page).toContain('Structure qui écrit');
    const empty = await browser.post(`/structures/${atelier.id}/contacter`, {
      from: String(scic.id),
      message: '',
    });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Message');
    const notMine = await browser.post(`/structures/${atelier.id}/contacter`, {
      from: String(atelier.id),
      message: 'Bonjour',
    });
    expect(notMine.statusCode).toBe(422);
    expect(notMine.body).toContain('choisissez une de vos structures validées');
    const sent = await browser.post(`/structures/${atelier.id}/contacter`, {
      from: String(scic.id),
      message: 'Bonjour, parlons comptabilité partagée.',
    });
    expect(sent.statusCode).toBe(303);
    const mails = await t.db.select().from(mailOutbox).where(eq(mailOutbox.kind, 'directory-contact'));
    expect(mails.map((m) => m.to)).toEqual([OWNER_EMAIL]);
    expect(mails[0].text).toContain('Bonjour, parlons comptabilité partagée.');
    expect(mails[0].text).toContain(`/structures/${scic.id}`);
    expect(mails[0].text).not.toContain('redactrice@');
    const told = await t.db.select().from(notifications).where(eq(notifications.kind, 'directory-contact'));
    expect(told.map((n) => n.personId)).toEqual([owner.id]);
    // A visitor is asked to sign in.
    const visitor = await new Browser(t.app).post(`/structures/${atelier.id}/contacter`, { message: 'x' });
    expect([302, 303, 401]).toContain(visitor.statusCode);
  });
});
