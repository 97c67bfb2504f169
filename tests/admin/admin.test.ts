import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { facilitatorTerritories, mailOutbox, organizations } from '../../db/schema';
import { createTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { makeOrganization, makePerson, TEST_PASSWORD } from '../support/factories';

let t: TestApp;
let adminBrowser: Browser;
let owner: Awaited<ReturnType<typeof makePerson>>;

beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 1000, windowMs: 60_000 } });
  const admin = await makePerson(t.db, { admin: true, email: 'admin@exemple.invalid' });
  owner = await makePerson(t.db, { email: 'gerant@exemple.invalid' });
  adminBrowser = new Browser(t.app);
  await adminBrowser.signIn(admin.email, TEST_PASSWORD);
});
afterAll(() => t.close());

describe('validating organizations', () => {
  it('lists pending organizations; validating makes one public and mails its owners', async () => {
    const org = await makeOrganization(t.db, { owner, validated: false, name: 'Régie des Résidences' });
    expect((await new Browser(t.app).get(`/organisations/${org.id}`)).statusCode).toBe(404);

    const page = await adminBrowser.get('/admin');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Régie des Résidences');
    expect(page.body).toContain(`/admin/organisations/${org.id}/valider`);

    const dashboard = await adminBrowser.get('/tableau-de-bord');
    expect(dashboard.body).toMatch(/1 structure attend votre validation/);

    const response = await adminBrowser.post(`/admin/organisations/${org.id}/valider`);
    expect(response.statusCode).toBe(303);
    const [row] = await t.db.select().from(organizations).where(eq(organizations.id, org.id));
    expect(row.status).toBe('validated');
    expect(row.validatedAt).not.toBeNull();
    const mails = await t.db.select().from(mailOutbox).where(eq(mailOutbox.to, 'gerant@exemple.invalid'));
    expect(mails.map((m) => m.subject)).toContain('Régie des Résidences est validée sur Mosaïque');
    expect((await new Browser(t.app).get(`/organisations/${org.id}`)).statusCode).toBe(200);
    expect((await adminBrowser.get('/tableau-de-bord')).body).toContain(
      'Aucune structure n’attend de validation',
    );
  });

  it('rejecting keeps the organization private and mails the reason', async () => {
    const org = await makeOrganization(t.db, { owner, validated: false, name: 'Structure Douteuse' });
    const response = await adminBrowser.post(`/admin/organisations/${org.id}/refuser`, {
      motif: 'SIRET d’une autre entreprise.',
    });
    expect(response.statusCode).toBe(303);
    const [row] = await t.db.select().from(organizations).where(eq(organizations.id, org.id));
    expect(row.status).toBe('rejected');
    const [mail] = await t.db
      .select()
      .from(mailOutbox)
      .where(and(eq(mailOutbox.to, 'gerant@exemple.invalid'), eq(mailOutbox.kind, 'organization-rejected')));
    expect(mail.text).toContain('SIRET d’une autre entreprise.');
    expect((await new Browser(t.app).get(`/organisations/${org.id}`)).statusCode).toBe(404);
    // Once its owner corrects it, it goes back to the admins.
    const ownerBrowser = new Browser(t.app);
    await ownerBrowser.signIn(owner.email, TEST_PASSWORD);
    const edit = await ownerBrowser.get(`/organisations/${org.id}/modifier`);
    expect(edit.statusCode).toBe(200);
    const corrected = await ownerBrowser.post(`/organisations/${org.id}`, {
      name: 'Structure Corrigée',
      siret: row.siret ?? '',
      kind: row.kind,
      commune: 'Belfort',
      version: String(row.version),
    });
    expect(corrected.statusCode).toBe(303);
    const [again] = await t.db.select().from(organizations).where(eq(organizations.id, org.id));
    expect(again).toMatchObject({ status: 'pending', name: 'Structure Corrigée' });
    await t.db.update(organizations).set({ status: 'rejected' }).where(eq(organizations.id, org.id));
    await t.db.update(organizations).set({ name: 'Structure Douteuse' }).where(eq(organizations.id, org.id));

    const filtered = await adminBrowser.get('/admin?statut=rejected');
    expect(filtered.body).toContain('Structure Douteuse');
    expect(filtered.body).not.toContain('Régie des Résidences');
  });

  it('refuses non-admins and answers 404 for unknown organizations', async () => {
    const org = await makeOrganization(t.db, { owner, validated: false });
    const browser = new Browser(t.app);
    await browser.signIn(owner.email, TEST_PASSWORD);
    expect((await browser.get('/admin')).statusCode).toBe(403);
    expect((await browser.post(`/admin/organisations/${org.id}/valider`)).statusCode).toBe(403);
    const [row] = await t.db.select().from(organizations).where(eq(organizations.id, org.id));
    expect(row.status).toBe('pending');
    expect((await adminBrowser.post('/admin/organisations/999999/valider')).statusCode).toBe(404);
  });
});

describe('facilitators', () => {
  it('grants the facilitator role with territories, then removes one and all', async () => {
    const person = await makePerson(t.db, {
      email: 'animatrice@exemple.invalid',
      displayName: 'Ana Animatrice',
    });
    const response = await adminBrowser.post('/admin/animateurs', {
      email: 'Animatrice@exemple.invalid',
      departements: '90, 25;2a',
    });
    expect(response.statusCode).toBe(303);
    const territories = await t.db
      .select()
      .from(facilitatorTerritories)
      .where(eq(facilitatorTerritories.personId, person.id));
    expect(territories.map((r) => r.departement).sort()).toEqual(['25', '2A', '90']);

    const list = await adminBrowser.get('/admin/animateurs');
    expect(list.body).toContain('Ana Animatrice');
    expect(list.body).toContain('Territoire de Belfort (90)');

    // The person now reaches facilitator pages' access level.
    const browser = new Browser(t.app);
    await browser.signIn(person.email, TEST_PASSWORD);
    expect((await browser.get('/tableau-de-bord')).body).toContain('Mes territoires d’animation');

    await adminBrowser.post(`/admin/animateurs/${person.id}/retirer`, { departement: '2A' });
    const left = await t.db
      .select()
      .from(facilitatorTerritories)
      .where(eq(facilitatorTerritories.personId, person.id));
    expect(left.map((r) => r.departement).sort()).toEqual(['25', '90']);

    await adminBrowser.post(`/admin/animateurs/${person.id}/retirer`);
    expect(await t.db.$count(facilitatorTerritories, eq(facilitatorTerritories.personId, person.id))).toBe(0);
  });

  it('refuses an unknown person and unknown départements with French messages and 422', async () => {
    const unknownPerson = await adminBrowser.post('/admin/animateurs', {
      email: 'personne@nulle-part.invalid',
      departements: '90',
    });
    expect(unknownPerson.statusCode).toBe(422);
    expect(unknownPerson.body).toContain('aucun compte n’existe avec cette adresse');
    expect(unknownPerson.body).toContain('value="personne@nulle-part.invalid"');

    await makePerson(t.db, { email: 'bientot@exemple.invalid' });
    const badDeps = await adminBrowser.post('/admin/animateurs', {
      email: 'bientot@exemple.invalid',
      departements: '90, 99, Doubs',
    });
    expect(badDeps.statusCode).toBe(422);
    expect(badDeps.body).toContain('99, Doubs ne sont pas des numéros de département');
    const empty = await adminBrowser.post('/admin/animateurs', {
      email: 'bientot@exemple.invalid',
      departements: ' ',
    });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('au moins un numéro de département');
  });

  it('is for admins only', async () => {
    const person = await makePerson(t.db, { territories: ['90'] });
    const browser = new Browser(t.app);
    await browser.signIn(person.email, TEST_PASSWORD);
    expect((await browser.get('/admin/animateurs')).statusCode).toBe(403);
    const grant = await browser.post('/admin/animateurs', { email: person.email, departements: '75' });
    expect(grant.statusCode).toBe(403);
  });
});
