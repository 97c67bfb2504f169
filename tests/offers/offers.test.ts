import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offerInterests, offers } from '../../db/schema';
import { addNeed, addOffer } from '../search/helpers';
import { createTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { makeOrganization, makePerson, TEST_PASSWORD } from '../support/factories';
import { changedTables, formFields, fuzzPost, snapshotTables } from '../support/fuzz';

let t: TestApp;
let owner: Awaited<ReturnType<typeof makePerson>>;
let org: Awaited<ReturnType<typeof makeOrganization>>;
let browser: Browser;

const offerForm = (organizationId: number, overrides: Record<string, string | string[]> = {}) => ({
  organizationId: String(organizationId),
  kind: 'gme',
  title: 'Cotraitance pour l’entretien des parcs',
  description: 'Marché de la ville de Belfort, quatre lots.',
  departements: '90, 25',
  tenderDeadline: '2027-03-15',
  partnerKinds: ['EI', 'ACI'],
  action: 'publish',
  ...overrides,
});

beforeAll(async () => {
  t = await createTestApp();
  owner = await makePerson(t.db, { phone: '0699887766' });
  org = await makeOrganization(t.db, { owner, kind: 'ACI', name: 'Atelier du Lion' });
  browser = new Browser(t.app);
  await browser.signIn(owner.email, TEST_PASSWORD);
});
afterAll(() => t.close());

describe('offers', () => {
  it('publishes an offer with its territory, deadline and partners sought', async () => {
    const response = await browser.post('/offres', offerForm(org.id));
    expect(response.statusCode).toBe(303);
    const id = Number(response.headers.location?.toString().split('/').pop());
    const [row] = await t.db.select().from(offers).where(eq(offers.id, id));
    expect(row).toMatchObject({
      kind: 'gme',
      departements: ['90', '25'],
      tenderDeadline: '2027-03-15',
      partnerKinds: ['EI', 'ACI'],
      status: 'published',
    });
    const page = await new Browser(t.app).get(`/offres/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Territoire de Belfort (90)');
    expect(page.body).toContain('15 mars 2027');
    expect(page.body).not.toContain(owner.email);
    expect(page.body).not.toContain('0699887766');
  });

  it('refuses bad input with French messages and keeps it', async () => {
    const count = (await t.db.select().from(offers)).length;
    const response = await browser.post(
      '/offres',
      offerForm(org.id, {
        kind: 'troc',
        departements: '90, 999, Belfort',
        tenderDeadline: '2027-02-30',
        title: 'Gardé',
      }),
    );
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Type de coopération : choisissez dans la liste.');
    expect(response.body).toContain('Territoire : département inconnu (999, BELFORT)');
    expect(response.body).toContain('Date limite : date attendue');
    expect(response.body).toContain('value="Gardé"');
    expect(await t.db.select().from(offers)).toHaveLength(count);
  });

  it('hides drafts from visitors and refuses changes by another structure', async () => {
    const draftId = await addOffer(t.db, owner.id, org.id, { title: 'Brouillon d’offre' }, false);
    const publishedId = await addOffer(t.db, owner.id, org.id, { title: 'Offre publique' });
    expect((await new Browser(t.app).get(`/offres/${draftId}`)).statusCode).toBe(404);
    const stranger = await makePerson(t.db);
    await makeOrganization(t.db, { owner: stranger });
    const other = new Browser(t.app);
    await other.signIn(stranger.email, TEST_PASSWORD);
    expect((await other.get(`/offres/${draftId}`)).statusCode).toBe(404);
    expect((await other.post(`/offres/${draftId}/publier`, { version: '1' })).statusCode).toBe(404);
    expect(
      (
        await other.post(`/offres/${publishedId}`, {
          ...offerForm(org.id, { title: 'Piraté' }),
          version: '1',
        })
      ).statusCode,
    ).toBe(403);
    expect((await other.post(`/offres/${publishedId}/retirer`, { version: '1' })).statusCode).toBe(403);
    const rows = await t.db.select().from(offers);
    expect(rows.find((r) => r.id === draftId)).toMatchObject({ status: 'draft', version: 1 });
    expect(rows.find((r) => r.id === publishedId)).toMatchObject({
      status: 'published',
      title: 'Offre publique',
      version: 1,
    });
  });

  it('refuses a second save of the same version and shows the saved one', async () => {
    const id = await addOffer(t.db, owner.id, org.id, { title: 'Départ' });
    expect(
      (await browser.post(`/offres/${id}`, { ...offerForm(org.id, { title: 'Première' }), version: '1' }))
        .statusCode,
    ).toBe(303);
    const late = await browser.post(`/offres/${id}`, {
      ...offerForm(org.id, { title: 'Seconde' }),
      version: '1',
    });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('modifiée par quelqu’un d’autre');
    expect(late.body).toContain('Première');
    expect(late.body).toContain('value="Seconde"');
    const [row] = await t.db.select().from(offers).where(eq(offers.id, id));
    expect(row).toMatchObject({ title: 'Première', version: 2 });
  });

  it('suggests partners with the reason shown, and records interest from another structure', async () => {
    const ei = await makeOrganization(t.db, { kind: 'EI', name: 'Insertion Montbéliard' });
    const far = await makeOrganization(t.db, { kind: 'EI', town: 'marseille', name: 'Trop loin' });
    const pending = await makeOrganization(t.db, {
      kind: 'EI',
      validated: false,
      name: 'Pas encore validée',
    });
    // Same sector: both have accounting needs (ROME domain M).
    await addNeed(t.db, owner.id, org.id, { roleCode: 'M1203' });
    await addNeed(t.db, owner.id, ei.id, { roleCode: 'M1608', roleLabel: 'Secrétariat comptable' });
    const id = await addOffer(t.db, owner.id, org.id, { title: 'GME espaces verts', partnerKinds: [] });
    // Past activity: the EI already answered another GME.
    const past = await addOffer(t.db, owner.id, org.id, { title: 'Ancien GME' });
    await t.db.insert(offerInterests).values({ offerId: past, organizationId: ei.id });

    const page = await new Browser(t.app).get(`/offres/${id}`);
    expect(page.body).toContain('Partenaires suggérés');
    expect(page.body).toContain('Insertion Montbéliard');
    expect(page.body).toMatch(/à 0 km, Entreprise d’insertion \(EI\), même secteur, a déjà répondu en GME/);
    expect(page.body).not.toContain('Trop loin');
    expect(page.body).not.toContain('Pas encore validée');
    expect(far.id).toBeGreaterThan(0);
    expect(pending.id).toBeGreaterThan(0);

    const member = await makePerson(t.db);
    const memberOrg = await makeOrganization(t.db, { owner: member, kind: 'EI', name: 'Intéressée' });
    const b = new Browser(t.app);
    await b.signIn(member.email, TEST_PASSWORD);
    const offerPage = await b.get(`/offres/${id}`);
    expect(offerPage.body).toContain('Manifester notre intérêt');
    expect((await b.post(`/offres/${id}/interet`, { organizationId: String(memberOrg.id) })).statusCode).toBe(
      303,
    );
    expect((await b.post(`/offres/${id}/interet`, { organizationId: String(org.id) })).statusCode).toBe(303);
    const interests = await t.db.select().from(offerInterests).where(eq(offerInterests.offerId, id));
    expect(interests.map((i) => i.organizationId)).toEqual([memberOrg.id]);
    expect((await browser.get(`/offres/${id}`)).body).toContain('Intéressée');
  });

  it('answers hostile offer forms without a 5xx and without touching other tables', async () => {
    const page = await browser.get('/offres/nouvelle');
    const fields = formFields(page.body, '/offres');
    expect(fields).toEqual(
      expect.arrayContaining(['kind', 'departements', 'partnerKinds', 'tenderDeadline']),
    );
    const before = await snapshotTables(t.db);
    const report = await fuzzPost({
      app: t.app,
      url: '/offres',
      cookies: browser.cookies,
      csrfToken: browser.csrfToken ?? '',
      fields,
      runs: 60,
    });
    expect(report.failures).toEqual([]);
    expect(report.statuses[422] ?? 0).toBeGreaterThan(10);
    expect(changedTables(before, await snapshotTables(t.db)).filter((n) => n !== 'offers')).toEqual([]);
  });
});
