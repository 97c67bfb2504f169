import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invitations, mailOutbox, memberships } from '../../db/schema';
import { createTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { makeOrganization, makePerson, TEST_PASSWORD } from '../support/factories';

let t: TestApp;
let ownerBrowser: Browser;
let org: Awaited<ReturnType<typeof makeOrganization>>;

async function invite(email: string): Promise<string> {
  const response = await ownerBrowser.post(`/organisations/${org.id}/invitations`, { email });
  expect(response.statusCode).toBe(303);
  const mails = await t.db.select().from(mailOutbox).where(eq(mailOutbox.to, email.toLowerCase()));
  const link = /http:\/\/mosaique\.test(\/invitations\/[A-Za-z0-9_-]+)/.exec(mails.at(-1)?.text ?? '');
  expect(link).not.toBeNull();
  return link?.[1] ?? '';
}

beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 1000, windowMs: 60_000 } });
  const owner = await makePerson(t.db, { email: 'patronne@exemple.invalid', displayName: 'Paule Patronne' });
  org = await makeOrganization(t.db, { owner, name: 'Chantier du Lion' });
  ownerBrowser = new Browser(t.app);
  await ownerBrowser.signIn(owner.email, TEST_PASSWORD);
});
afterAll(() => t.close());

describe('inviting an editor', () => {
  it('mails a link; a new person signs up through it, comes back and becomes an editor', async () => {
    const path = await invite('Nouvelle@Exemple.invalid');
    const [row] = await t.db
      .select()
      .from(invitations)
      .where(eq(invitations.email, 'nouvelle@exemple.invalid'));
    expect(row.tokenHash).not.toContain(path.split('/').pop());
    const [mail] = await t.db.select().from(mailOutbox).where(eq(mailOutbox.to, 'nouvelle@exemple.invalid'));
    expect(mail.subject).toContain('Chantier du Lion');

    const ownerPage = await ownerBrowser.get(`/organisations/${org.id}`);
    expect(ownerPage.body).toContain('Invitations en attente');
    expect(ownerPage.body).toContain('nouvelle@exemple.invalid');

    const guest = new Browser(t.app);
    const landing = await guest.get(path);
    expect(landing.statusCode).toBe(200);
    expect(landing.body).toContain('Rejoindre Chantier du Lion');
    expect(landing.body).toContain(`/inscription?suite=${encodeURIComponent(path)}`);

    const signUp = await guest.post('/inscription', {
      displayName: 'Nina Nouvelle',
      email: 'nouvelle@exemple.invalid',
      password: 'un-mot-de-passe-solide',
      passwordConfirm: 'un-mot-de-passe-solide',
      suite: path,
    });
    expect(signUp.statusCode).toBe(200);
    const [confirmMail] = await t.db
      .select()
      .from(mailOutbox)
      .where(and(eq(mailOutbox.to, 'nouvelle@exemple.invalid'), eq(mailOutbox.kind, 'sign-up-confirm')));
    const confirm = /\/inscription\/confirmer\/[A-Za-z0-9_-]+/.exec(confirmMail.text)?.[0] ?? '';
    const activated = await guest.post(confirm);
    expect(activated.statusCode).toBe(303);
    expect(activated.headers.location).toBe(path);
    const again = await guest.get(path);
    expect(again.body).toContain('Accepter l’invitation');

    const accepted = await guest.post(path);
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers.location).toBe(`/organisations/${org.id}`);
    const members = await t.db.select().from(memberships).where(eq(memberships.organizationId, org.id));
    expect(members).toHaveLength(2);
    expect(members.find((m) => m.role === 'editor')).toBeDefined();

    // The link is spent.
    const used = await guest.get(path);
    expect(used.statusCode).toBe(410);
    expect(used.body).toContain('Invitation déjà utilisée');
    expect((await guest.post(path)).statusCode).toBe(410);
  });

  it('shows a clear page for expired and unknown links', async () => {
    const path = await invite('tardive@exemple.invalid');
    await t.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.email, 'tardive@exemple.invalid'));
    const expired = await new Browser(t.app).get(path);
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('Invitation expirée');
    const unknown = await new Browser(t.app).get('/invitations/nimporte-quoi-mais-assez-long');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('Invitation introuvable');
  });

  it('refuses inviting someone already a member, and bad emails, with 422', async () => {
    const already = await ownerBrowser.post(`/organisations/${org.id}/invitations`, {
      email: 'patronne@exemple.invalid',
    });
    expect(already.statusCode).toBe(422);
    expect(already.body).toContain('déjà membre');
    const bad = await ownerBrowser.post(`/organisations/${org.id}/invitations`, { email: 'pas-une-adresse' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('adresse invalide');
    expect(bad.body).toContain('value="pas-une-adresse"');
  });

  it('refuses invitations from editors and strangers', async () => {
    const editor = await makePerson(t.db);
    await t.db.insert(memberships).values({ organizationId: org.id, personId: editor.id, role: 'editor' });
    const browser = new Browser(t.app);
    await browser.signIn(editor.email, TEST_PASSWORD);
    const response = await browser.post(`/organisations/${org.id}/invitations`, {
      email: 'x@exemple.invalid',
    });
    expect(response.statusCode).toBe(403);
    expect(await t.db.$count(invitations, eq(invitations.email, 'x@exemple.invalid'))).toBe(0);
  });

  it('lists invitations on the invited person’s dashboard, where they can accept', async () => {
    const person = await makePerson(t.db, { email: 'deja-inscrite@exemple.invalid' });
    await invite(person.email);
    const browser = new Browser(t.app);
    await browser.signIn(person.email, TEST_PASSWORD);
    const dashboard = await browser.get('/tableau-de-bord');
    expect(dashboard.body).toContain('Invitations reçues');
    expect(dashboard.body).toContain('Chantier du Lion');
    const id = /\/invitations\/recues\/(\d+)\/accepter/.exec(dashboard.body)?.[1];
    // Someone else cannot accept it by id.
    const intruder = new Browser(t.app);
    await intruder.signIn((await makePerson(t.db)).email, TEST_PASSWORD);
    expect((await intruder.post(`/invitations/recues/${id}/accepter`)).statusCode).toBe(404);

    const accepted = await browser.post(`/invitations/recues/${id}/accepter`);
    expect(accepted.statusCode).toBe(303);
    const rows = await t.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.organizationId, org.id), eq(memberships.personId, person.id)));
    expect(rows).toEqual([expect.objectContaining({ role: 'editor' })]);
    expect((await browser.get('/tableau-de-bord')).body).not.toContain('Invitations reçues');
  });
});

describe('what an organization may send', () => {
  it('refuses invitations while the organization awaits validation, and mails nobody', async () => {
    const owner = await makePerson(t.db);
    const pending = await makeOrganization(t.db, { owner, validated: false, name: 'Atelier en attente' });
    const browser = new Browser(t.app);
    await browser.signIn(owner.email, TEST_PASSWORD);
    const page = await browser.get(`/organisations/${pending.id}`);
    expect(page.body).toContain('dès que la structure aura été validée');
    expect(page.body).not.toContain(`action="/organisations/${pending.id}/invitations"`);

    const response = await browser.post(`/organisations/${pending.id}/invitations`, {
      email: 'cible@exemple.invalid',
    });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('dès que la structure aura été validée');
    expect(await t.db.$count(invitations, eq(invitations.organizationId, pending.id))).toBe(0);
    expect(await t.db.$count(mailOutbox, eq(mailOutbox.to, 'cible@exemple.invalid'))).toBe(0);
  });

  it('allows 20 invitations an hour per organization, then refuses with the wait', async () => {
    const owner = await makePerson(t.db);
    const busy = await makeOrganization(t.db, { owner, name: 'Atelier bavard' });
    const browser = new Browser(t.app);
    await browser.signIn(owner.email, TEST_PASSWORD);
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      statuses.push(
        (await browser.post(`/organisations/${busy.id}/invitations`, { email: `invite${i}@exemple.invalid` }))
          .statusCode,
      );
    }
    expect(statuses.slice(0, 20).every((s) => s === 303)).toBe(true);
    expect(statuses[20]).toBe(422);
    const refused = await browser.post(`/organisations/${busy.id}/invitations`, {
      email: 'encore@exemple.invalid',
    });
    expect(refused.body).toContain(
      'trop d’invitations en peu de temps (20 au plus) : réessayez dans 60 minutes',
    );
    expect(refused.body).toContain('value="encore@exemple.invalid"');
    expect(await t.db.$count(invitations, eq(invitations.organizationId, busy.id))).toBe(20);
    // Another organization's invitations are counted apart.
    const other = await makeOrganization(t.db, { owner, name: 'Atelier discret' });
    const fine = await browser.post(`/organisations/${other.id}/invitations`, {
      email: 'invite0@exemple.invalid',
    });
    expect(fine.statusCode).toBe(303);
  });
});
