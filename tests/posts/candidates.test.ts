/**
 * Candidates' statuses: the post's structures (and admins) follow each expression of interest with a
 * status, changed from the candidate list (a form per row, htmx swapping the row alone, concurrent edits
 * refused); the person is mailed once when retained or not retained, only if they left an address.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailOutbox, postCandidates } from '../../db/schema';
import { createTestApp, type TestApp } from '../support/app';
import { Browser, signedIn } from '../support/browser';
import { makeAcceptedComposition, makeOrganization, makePerson } from '../support/factories';
import { expectFragmentInPage } from '../support/fragments';
import { postForm } from './helpers';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 10_000, windowMs: 60_000 } });
});
afterAll(async () => {
  await t?.close();
});

/** An open post with two interested people: one with an address, one with a phone only. */
async function postWithCandidates() {
  const setup = await makeAcceptedComposition(t.db);
  const owner = await signedIn(t.app, setup.a.owner.email);
  const opened = await owner.post(`/compositions/${setup.c.id}/poste`, postForm(setup.c.version));
  const postId = Number(String(opened.headers.location).split('/').pop());
  const visitor = new Browser(t.app);
  const common = { message: 'Disponible dès mars.', consent: 'on' };
  await visitor.post(`/postes/${postId}/interet`, {
    name: 'Camille Mail',
    email: 'camille@exemple.fr',
    ...common,
  });
  await visitor.post(`/postes/${postId}/interet`, {
    name: 'Dominique Tel',
    phone: '06 11 22 33 44',
    ...common,
  });
  const rows = await t.db.select().from(postCandidates).where(eq(postCandidates.postId, postId));
  const byName = (name: string) => rows.find((r) => r.name === name) as (typeof rows)[number];
  return { ...setup, owner, postId, camille: byName('Camille Mail'), dominique: byName('Dominique Tel') };
}

const candidate = async (id: number) =>
  (await t.db.select().from(postCandidates).where(eq(postCandidates.id, id)))[0];
const outcomeMails = async (to: string) =>
  (await t.db.select().from(mailOutbox).where(eq(mailOutbox.to, to))).filter((m) =>
    m.kind.startsWith('candidate-'),
  );

describe('candidate statuses', () => {
  it('start as "Nouvelle", are counted per status, and change without JS', async () => {
    const { c, b, camille } = await postWithCandidates();
    const member = await signedIn(t.app, b.owner.email);
    const page = await member.get(`/compositions/${c.id}/candidats`);
    expect(page.body).toContain('<li>Nouvelle : 2</li>');
    expect(page.body).toContain(`id="candidat-${camille.id}"`);
    expect(page.body).toContain('<option value="new" selected>Nouvelle</option>');

    const url = `/compositions/${c.id}/candidats/${camille.id}/statut`;
    const response = await member.post(url, { version: String(camille.version), status: 'interview' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/compositions/${c.id}/candidats#candidat-${camille.id}`);
    expect(await candidate(camille.id)).toMatchObject({ status: 'interview', version: 2 });
    const after = await member.get(`/compositions/${c.id}/candidats`);
    expect(after.body).toContain('<li>Nouvelle : 1</li>');
    expect(after.body).toContain('<li>Entretien : 1</li>');
    expect(await outcomeMails('camille@exemple.fr')).toHaveLength(0); // only retained / not retained
  });

  it('mails the person once when retained or not retained, only with an address', async () => {
    const { c, owner, camille, dominique } = await postWithCandidates();
    const url = (id: number) => `/compositions/${c.id}/candidats/${id}/statut`;
    expect((await owner.post(url(camille.id), { version: '1', status: 'retained' })).statusCode).toBe(303);
    // The same form sent twice (a double click): the status is already that one, no second mail.
    expect((await owner.post(url(camille.id), { version: '1', status: 'retained' })).statusCode).toBe(303);
    const mails = await outcomeMails('camille@exemple.fr');
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ kind: 'candidate-retained' });
    expect(mails[0].text).toContain('Bonjour Camille Mail');
    expect(mails[0].text).toContain('est retenue');
    // Back and forth: a new status change is a new mail.
    expect((await owner.post(url(camille.id), { version: '2', status: 'rejected' })).statusCode).toBe(303);
    expect((await outcomeMails('camille@exemple.fr')).map((m) => m.kind)).toEqual([
      'candidate-retained',
      'candidate-rejected',
    ]);
    // No address: the status changes, nobody is mailed.
    const before = (await t.db.select().from(mailOutbox)).length;
    expect((await owner.post(url(dominique.id), { version: '1', status: 'rejected' })).statusCode).toBe(303);
    expect((await candidate(dominique.id)).status).toBe('rejected');
    expect((await t.db.select().from(mailOutbox)).length).toBe(before);
  });

  it('refuses a concurrent change with the current status shown, and a bad status with a French message', async () => {
    const { c, owner, b, camille } = await postWithCandidates();
    const other = await signedIn(t.app, b.owner.email);
    const url = `/compositions/${c.id}/candidats/${camille.id}/statut`;
    expect((await other.post(url, { version: '1', status: 'contacted' })).statusCode).toBe(303);
    const stale = await owner.post(url, { version: '1', status: 'interview' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Quelqu’un a changé le statut');
    expect(stale.body).toContain('<option value="contacted" selected>Contactée</option>');
    expect((await candidate(camille.id)).status).toBe('contacted');
    const bad = await owner.post(url, { version: '2', status: 'embauchée' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Statut : choisissez un statut de la liste.');
    expect((await owner.post(url, { status: 'interview' })).statusCode).toBe(400);
  });

  it('with htmx, answers the row alone, the one the page shows', async () => {
    const { c, owner, camille } = await postWithCandidates();
    const url = `/compositions/${c.id}/candidats/${camille.id}/statut`;
    const formPage = await owner.get(`/compositions/${c.id}/candidats`);
    const row = await owner.post(url, { version: '1', status: 'contacted' }, { 'hx-request': 'true' });
    expect(row.statusCode).toBe(200);
    expect(row.body.trim().startsWith(`<tr id="candidat-${camille.id}">`)).toBe(true);
    expect(row.body).toContain('<option value="contacted" selected>Contactée</option>');
    expect(row.body).toContain('name="version" value="2"');
    const before = await owner.get(`/compositions/${c.id}/candidats`);
    expectFragmentInPage(row.body, before.body, {
      target: `candidat-${camille.id}`,
      swap: 'outerHTML',
      targetedIn: formPage.body,
    });
    // A stale change inside the row: said there, the row swapped with the current status.
    const stale = await owner.post(url, { version: '1', status: 'interview' }, { 'hx-request': 'true' });
    expect(stale.statusCode).toBe(200);
    expect(stale.body).toContain('role="alert"');
    expect(stale.body).toContain('<option value="contacted" selected>Contactée</option>');
  });

  it('only the post’s structures and admins see and change candidates', async () => {
    const { c, camille } = await postWithCandidates();
    const url = `/compositions/${c.id}/candidats/${camille.id}/statut`;
    const outsider = await makePerson(t.db);
    await makeOrganization(t.db, { owner: outsider });
    const out = await signedIn(t.app, outsider.email);
    expect((await out.get(`/compositions/${c.id}/candidats`)).statusCode).toBe(404);
    expect((await out.post(url, { version: '1', status: 'rejected' })).statusCode).toBe(404);
    expect((await candidate(camille.id)).status).toBe('new');
    const admin = await signedIn(t.app, (await makePerson(t.db, { admin: true })).email);
    expect((await admin.get(`/compositions/${c.id}/candidats`)).statusCode).toBe(200);
    expect((await admin.post(url, { version: '1', status: 'contacted' })).statusCode).toBe(303);
    // Another post's candidate id under this composition: not found.
    const other = await postWithCandidates();
    const crossed = await admin.post(`/compositions/${c.id}/candidats/${other.camille.id}/statut`, {
      version: '1',
      status: 'rejected',
    });
    expect(crossed.statusCode).toBe(404);
    expect((await candidate(other.camille.id)).status).toBe('new');
  });
});
