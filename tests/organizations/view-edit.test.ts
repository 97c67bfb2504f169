import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizations } from '../../db/schema';
import { createTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { makeOrganization, makePerson, TEST_PASSWORD } from '../support/factories';

let t: TestApp;
let owner: Awaited<ReturnType<typeof makePerson>>;
let editor: Awaited<ReturnType<typeof makePerson>>;
let stranger: Awaited<ReturnType<typeof makePerson>>;
let admin: Awaited<ReturnType<typeof makePerson>>;
let validated: Awaited<ReturnType<typeof makeOrganization>>;
let pending: Awaited<ReturnType<typeof makeOrganization>>;

const browsers = new Map<string, Browser>();
/** A signed-in browser per person, reused: sign-in is rate limited like in production. */
async function as(person: { email: string }, fresh = false) {
  const known = browsers.get(person.email);
  if (known && !fresh) return known;
  const browser = new Browser(t.app);
  await browser.signIn(person.email, TEST_PASSWORD);
  if (!fresh) browsers.set(person.email, browser);
  return browser;
}

const editForm = (org: typeof validated, overrides: Record<string, string> = {}) => ({
  name: org.name,
  siret: org.siret ?? '',
  kind: org.kind,
  commune: `${org.communeName} (${org.departement})`,
  communeCode: org.communeCode,
  idcc: '',
  description: org.description,
  version: String(org.version),
  ...overrides,
});

beforeAll(async () => {
  t = await createTestApp();
  owner = await makePerson(t.db, { email: 'responsable@exemple.invalid', displayName: 'Rose Responsable' });
  editor = await makePerson(t.db, { email: 'editeur@exemple.invalid', displayName: 'Élie Éditeur' });
  stranger = await makePerson(t.db, { email: 'autre@exemple.invalid' });
  admin = await makePerson(t.db, { admin: true });
  validated = await makeOrganization(t.db, { owner, editors: [editor], name: 'Atelier Validé' });
  pending = await makeOrganization(t.db, { owner, validated: false, name: 'Atelier En Attente' });
  await makeOrganization(t.db, { owner: stranger, name: 'Autre structure' });
});
afterAll(() => t.close());

describe('seeing an organization', () => {
  it('shows a validated organization to visitors without its members or their emails', async () => {
    const page = await new Browser(t.app).get(`/organisations/${validated.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Atelier Validé');
    expect(page.body).not.toContain('Rose Responsable');
    expect(page.body).not.toContain('responsable@exemple.invalid');
  });

  it('hides a pending organization from visitors and other organizations’ members (404)', async () => {
    expect((await new Browser(t.app).get(`/organisations/${pending.id}`)).statusCode).toBe(404);
    expect((await (await as(stranger)).get(`/organisations/${pending.id}`)).statusCode).toBe(404);
  });

  it('shows a pending organization to its owner and to an admin, saying it awaits validation', async () => {
    const ownerPage = await (await as(owner)).get(`/organisations/${pending.id}`);
    expect(ownerPage.statusCode).toBe(200);
    expect(ownerPage.body).toContain('en attente de validation');
    const adminPage = await (await as(admin)).get(`/organisations/${pending.id}`);
    expect(adminPage.statusCode).toBe(200);
    expect(adminPage.body).toContain('Rose Responsable');
    expect(adminPage.body).not.toContain('responsable@exemple.invalid');
  });

  it('shows members with their emails to members only', async () => {
    const page = await (await as(editor)).get(`/organisations/${validated.id}`);
    expect(page.body).toContain('Rose Responsable');
    expect(page.body).toContain('responsable@exemple.invalid');
    const other = await (await as(stranger)).get(`/organisations/${validated.id}`);
    expect(other.body).not.toContain('responsable@exemple.invalid');
  });

  it('answers 404 for unknown and malformed ids', async () => {
    expect((await new Browser(t.app).get('/organisations/999999')).statusCode).toBe(404);
    expect((await new Browser(t.app).get('/organisations/abc')).statusCode).toBe(404);
  });

  it('lists the members of a GE on its page', async () => {
    const ge = await makeOrganization(t.db, { kind: 'GE', name: 'GE du Lion' });
    await makeOrganization(t.db, { name: 'Membre Un', geIds: [ge.id] });
    await makeOrganization(t.db, { name: 'Membre Caché', geIds: [ge.id], validated: false });
    const page = await new Browser(t.app).get(`/organisations/${ge.id}`);
    expect(page.body).toContain('Membre Un');
    expect(page.body).not.toContain('Membre Caché');
  });
});

describe('editing an organization', () => {
  it('lets the owner edit, and bumps the version', async () => {
    const browser = await as(owner);
    const form = await browser.get(`/organisations/${validated.id}/modifier`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="version" value="1"');
    const response = await browser.post(
      `/organisations/${validated.id}`,
      editForm(validated, { name: 'Atelier Renommé' }),
    );
    expect(response.statusCode).toBe(303);
    const [org] = await t.db.select().from(organizations).where(eq(organizations.id, validated.id));
    expect(org).toMatchObject({ name: 'Atelier Renommé', version: 2 });
    validated = org;
  });

  it('refuses editors, other organizations’ members and admins (403), and hides pending ones (404)', async () => {
    for (const person of [editor, stranger, admin]) {
      const browser = await as(person);
      expect((await browser.get(`/organisations/${validated.id}/modifier`)).statusCode).toBe(403);
      const post = await browser.post(
        `/organisations/${validated.id}`,
        editForm(validated, { name: 'Piraté' }),
      );
      expect(post.statusCode).toBe(403);
    }
    const strangerBrowser = await as(stranger);
    expect((await strangerBrowser.get(`/organisations/${pending.id}/modifier`)).statusCode).toBe(404);
    expect((await strangerBrowser.post(`/organisations/${pending.id}`, editForm(pending))).statusCode).toBe(
      404,
    );
    const [org] = await t.db.select().from(organizations).where(eq(organizations.id, validated.id));
    expect(org.name).toBe('Atelier Renommé');
  });

  it('refuses a save made from a stale version, shows the current values and keeps the input', async () => {
    const first = await as(owner);
    const second = await as(owner, true);
    const formA = await first.get(`/organisations/${validated.id}/modifier`);
    const formB = await second.get(`/organisations/${validated.id}/modifier`);
    const version = /name="version" value="(\d+)"/.exec(formA.body)?.[1] ?? '';
    expect(/name="version" value="(\d+)"/.exec(formB.body)?.[1]).toBe(version);

    const saved = await first.post(
      `/organisations/${validated.id}`,
      editForm(validated, { version, description: 'Version de la première personne.' }),
    );
    expect(saved.statusCode).toBe(303);

    const stale = await second.post(
      `/organisations/${validated.id}`,
      editForm(validated, { version, description: 'Version de la seconde personne.' }),
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Quelqu’un a enregistré cette structure pendant que vous la modifiiez');
    expect(stale.body).toContain('Version de la première personne.');
    expect(stale.body).toContain('Version de la seconde personne.');
    expect(stale.body).toContain(`name="version" value="${Number(version) + 1}"`);
    const [org] = await t.db.select().from(organizations).where(eq(organizations.id, validated.id));
    expect(org.description).toBe('Version de la première personne.');

    // Saving again from the conflict page, on purpose, replaces the values.
    const again = await second.post(
      `/organisations/${validated.id}`,
      editForm(validated, {
        version: String(Number(version) + 1),
        description: 'Version de la seconde personne.',
      }),
    );
    expect(again.statusCode).toBe(303);
  });

  it('refuses a missing version as a malformed request (400) and an invalid field with 422', async () => {
    const browser = await as(owner);
    const { version: _v, ...noVersion } = editForm(validated);
    expect((await browser.post(`/organisations/${validated.id}`, noVersion)).statusCode).toBe(400);
    const bad = await browser.post(`/organisations/${validated.id}`, editForm(validated, { siret: '123' }));
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('SIRET : 14 chiffres attendus');
  });

  it('refuses taking another organization’s SIRET', async () => {
    const browser = await as(owner);
    const [current] = await t.db.select().from(organizations).where(eq(organizations.id, validated.id));
    const response = await browser.post(
      `/organisations/${validated.id}`,
      editForm(current, { siret: pending.siret ?? '' }),
    );
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('déjà inscrite');
  });
});

describe('removing members', () => {
  it('lets an owner remove an editor but never the last owner', async () => {
    const browser = await as(owner);
    await browser.get(`/organisations/${validated.id}`);
    const removed = await browser.post(`/organisations/${validated.id}/membres/${editor.id}/retirer`);
    expect(removed.statusCode).toBe(303);
    const page = await browser.get(`/organisations/${validated.id}`);
    expect(page.body).toContain('Membre retiré');
    expect(page.body).not.toContain('Élie Éditeur');

    await browser.post(`/organisations/${validated.id}/membres/${owner.id}/retirer`);
    const after = await browser.get(`/organisations/${validated.id}`);
    expect(after.body).toContain('Impossible de retirer le dernier responsable');
    expect(after.body).toContain('Rose Responsable');
  });

  it('refuses removal by someone who is not an owner', async () => {
    const other = await makePerson(t.db);
    const org = await makeOrganization(t.db, { owner, editors: [other] });
    const browser = await as(other);
    const response = await browser.post(`/organisations/${org.id}/membres/${owner.id}/retirer`);
    expect(response.statusCode).toBe(403);
  });
});
