import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizations, searchOutbox } from '../../db/schema';
import { ensureIndexes } from '../../server/search/settings';
import { SEARCH_INDEXES } from '../../server/search-sources';
import { createTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { makeOrganization, makePerson, TEST_PASSWORD } from '../support/factories';
import { expectFragmentOfPage } from '../support/fragments';
import { deleteIndexesWithPrefix } from '../support/meili';
import { addNeed, addOffer } from './helpers';

let t: TestApp;
let member: Awaited<ReturnType<typeof makePerson>>;
let memberOrg: Awaited<ReturnType<typeof makeOrganization>>;
const ids: Record<string, number> = {};

async function json(url: string, browser?: Browser) {
  const response = browser
    ? await browser.get(url, { accept: 'application/json' })
    : await t.app.inject({ method: 'GET', url, headers: { accept: 'application/json' } });
  expect(response.statusCode).toBe(200);
  return response.json() as {
    hits: { kind: string; id: number; title: string; distanceKm: number | null }[];
    total: number;
    degraded: boolean;
    facets: { name: string; values: { value: string; count: number }[] }[] | null;
  };
}

const titles = (body: { hits: { title: string }[] }) => body.hits.map((h) => h.title).sort();

beforeAll(async () => {
  t = await createTestApp();
  expect(await ensureIndexes(t.search, SEARCH_INDEXES)).toBe(true);
  member = await makePerson(t.db, { email: 'membre@exemple.invalid', phone: '0611223344' });
  memberOrg = await makeOrganization(t.db, { owner: member, kind: 'ACI', name: 'Jardins du Lion' });
  const ei = await makeOrganization(t.db, { kind: 'EI', town: 'besancon', name: 'Recyclerie comtoise' });
  const pending = await makeOrganization(t.db, { validated: false, name: 'Structure en attente' });
  ids.pendingOrg = pending.id;
  const marseille = await makeOrganization(t.db, {
    kind: 'SCIC',
    town: 'marseille',
    name: 'Soleil solidaire',
  });
  const p = member.id;
  ids.compta = await addNeed(t.db, p, memberOrg.id, {
    title: 'Comptabilité et paie',
    description: 'Tenue de la comptabilité générale.',
  });
  ids.rh = await addNeed(t.db, p, memberOrg.id, {
    roleCode: 'M1501',
    roleLabel: 'Assistanat en ressources humaines',
    title: 'Chargé des ressources humaines',
    place: 'montbeliard',
    hoursHundredths: 2100,
    allowedSlots: ['wed-am', 'wed-pm', 'thu-am', 'thu-pm', 'fri-am', 'fri-pm'],
    slotsNeeded: 6,
  });
  ids.jardin = await addNeed(t.db, p, ei.id, {
    roleCode: 'A1203',
    roleLabel: 'Aménagement et entretien des espaces verts',
    title: 'Encadrant technique espaces verts',
    description: 'Encadrement d’une équipe en atelier chantier d’insertion.',
    place: 'besancon',
  });
  ids.enr = await addNeed(t.db, p, marseille.id, {
    roleCode: 'H1206',
    roleLabel: 'Management et ingénierie études, recherche et développement industriel',
    title: 'Chef de projet photovoltaïque',
    place: 'marseille',
  });
  ids.draft = await addNeed(t.db, p, memberOrg.id, { title: 'Brouillon de comptabilité analytique' }, false);
  ids.pending = await addNeed(t.db, p, pending.id, { title: 'Comptabilité d’une structure en attente' });
  ids.offer = await addOffer(t.db, p, memberOrg.id, {
    title: 'Cotraitance pour l’entretien des parcs de Belfort',
    description: 'Marché public d’espaces verts : nous cherchons une entreprise d’insertion.',
    departements: ['90', '25'],
  });
  const drained = await t.app.searchIndexer.drain();
  expect(drained.failed).toBe(0);
  // Seven records, and the directory documents of their three listed, validated structures.
  expect(drained.indexed).toBe(10);
  expect(await t.db.select().from(searchOutbox)).toHaveLength(0);
});

afterAll(async () => {
  await deleteIndexesWithPrefix(t.search.indexPrefix);
  await t.close();
});

describe('finding records', () => {
  it('finds a need by a misspelt word', async () => {
    const body = await json('/recherche?q=comptabilit%C3%A9e%20paye');
    expect(body.degraded).toBe(false);
    expect(titles(body)).toContain('Comptabilité et paie');
    const typo = await json('/recherche?q=encadrnat');
    expect(titles(typo)).toEqual(['Encadrant technique espaces verts']);
  });

  it('uses the field’s synonyms: compta, RH, ACI', async () => {
    expect(titles(await json('/recherche?q=compta'))).toContain('Comptabilité et paie');
    expect(titles(await json('/recherche?q=RH'))).toEqual(['Chargé des ressources humaines']);
    expect(titles(await json('/recherche?q=ACI'))).toContain('Encadrant technique espaces verts');
  });

  it('filters by distance from a commune and sorts by distance', async () => {
    const near = await json('/recherche?pres=Belfort&km=30&tri=distance');
    // Both Belfort records are 0 km away: their order is free, the Montbéliard one comes last.
    expect(
      near.hits
        .slice(0, 2)
        .map((h) => h.title)
        .sort(),
    ).toEqual(['Comptabilité et paie', 'Cotraitance pour l’entretien des parcs de Belfort']);
    expect(near.hits.map((h) => h.title)[2]).toBe('Chargé des ressources humaines');
    expect(near.hits).toHaveLength(3);
    expect(near.hits[2].distanceKm).toBeGreaterThan(10);
    expect(near.hits[2].distanceKm).toBeLessThan(20);
    const wider = await json('/recherche?pres=Belfort&km=100');
    expect(titles(wider)).toContain('Encadrant technique espaces verts');
    expect(titles(wider)).not.toContain('Chef de projet photovoltaïque');
  });

  it('counts facets over what a visitor may see', async () => {
    const body = await json('/recherche');
    expect(body.total).toBe(5);
    const facet = (name: string) =>
      Object.fromEntries(
        body.facets?.find((f) => f.name === name)?.values.map((v) => [v.value, v.count]) ?? [],
      );
    expect(facet('kind')).toEqual({ need: 4, offer: 1 });
    expect(facet('departement')).toEqual({ '90': 2, '25': 3, '13': 1 });
    expect(facet('orgKind')).toEqual({ ACI: 3, EI: 1, SCIC: 1 });
    expect(facet('day')).toMatchObject({ lundi: 3, mercredi: 1 });
    expect(facet('hours')).toEqual({ '14 à 21 h': 3, '21 à 28 h': 1 });
    const filtered = await json('/recherche?departement=25&type=need');
    expect(titles(filtered)).toEqual(['Chargé des ressources humaines', 'Encadrant technique espaces verts']);
  });

  it('never shows drafts or records of unvalidated organizations to visitors; members find their drafts', async () => {
    const visitor = await json('/recherche?q=comptabilit%C3%A9');
    expect(visitor.hits.map((h) => h.id)).not.toContain(ids.draft);
    expect(visitor.hits.map((h) => h.id)).not.toContain(ids.pending);
    const browser = new Browser(t.app);
    await browser.signIn(member.email, TEST_PASSWORD);
    const mine = await json('/recherche?q=comptabilit%C3%A9', browser);
    expect(mine.hits.map((h) => h.id)).toContain(ids.draft);
    expect(mine.hits.map((h) => h.id)).not.toContain(ids.pending);
  });

  it('answers a page by plain GET with shareable filters, and the results alone to htmx', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/recherche?q=espaces&type=need' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>');
    expect(page.body).toContain('Encadrant technique espaces verts');
    expect(page.body).toContain('<option value="need" selected>');
    expect(page.body).not.toContain('membre@exemple.invalid');
    expect(page.body).not.toContain('0611223344');
    expect(page.headers.vary).toBe('Accept, HX-Request');
    const { fragment } = await expectFragmentOfPage(new Browser(t.app), '/recherche?q=espaces', {
      target: 'search-results',
      swap: 'innerHTML',
    });
    expect(fragment).toContain('Encadrant technique espaces verts');
  });

  it('takes odd query values without failing', async () => {
    for (const url of [
      '/recherche?page=-4',
      '/recherche?km=abc&pres=%00',
      '/recherche?role=DROP%20TABLE',
      '/recherche?q[]=a&q[]=b',
      `/recherche?q=${'x'.repeat(5000)}`,
      '/recherche?departement=%22%20OR%201',
    ]) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
    }
  });

  it('updates the index when a record is withdrawn or its organization is rejected', async () => {
    const browser = new Browser(t.app);
    await browser.signIn(member.email, TEST_PASSWORD);
    expect((await browser.post(`/besoins/${ids.compta}/retirer`, { version: '1' })).statusCode).toBe(303);
    await t.app.searchIndexer.drain();
    expect(titles(await json('/recherche?q=paie'))).not.toContain('Comptabilité et paie');
    const { enqueueOrganizationRecords } = await import('../../server/organizations/search-records');
    await t.db.transaction(async (tx) => {
      await tx.update(organizations).set({ status: 'rejected' }).where(eq(organizations.id, memberOrg.id));
      await enqueueOrganizationRecords(tx, memberOrg.id);
    });
    await t.app.searchIndexer.drain();
    expect(titles(await json('/recherche?q=cotraitance'))).toEqual([]);
  });

  it('brings an organization’s records into search when an admin validates it', async () => {
    expect((await json('/recherche?q=attente')).hits.map((h) => h.id)).not.toContain(ids.pending);
    const admin = await makePerson(t.db, { admin: true });
    const browser = new Browser(t.app);
    await browser.signIn(admin.email, TEST_PASSWORD);
    const response = await browser.post(`/admin/organisations/${ids.pendingOrg}/valider`);
    expect(response.statusCode).toBe(303);
    await t.app.searchIndexer.drain();
    expect((await json('/recherche?q=attente')).hits.map((h) => h.id)).toContain(ids.pending);
  });
});
