/**
 * French typography as pages show it, on both drivers: names in French order (accents and case set
 * aside: the SQL collation must exist on PGlite and PostgreSQL alike), elision before a vowel, labels
 * instead of codes in the admin table, decimal commas in distances.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { compositions } from '../../db/schema';
import { createTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { makeNeed, makeOrganization, makePerson, makeProposal, TEST_PASSWORD } from '../support/factories';

let t: TestApp;
let admin: Browser;
let owner: Browser;
let needId: number;
let compositionId: number;

beforeAll(async () => {
  t = await createTestApp();
  const person = await makePerson(t.db);
  const lion = await makeOrganization(t.db, {
    owner: person,
    name: 'Atelier Lion Vert',
    kind: 'ASSOCIATION',
  });
  const regie = await makeOrganization(t.db, { name: 'Régie des Vosges', kind: 'RQ' });
  for (const name of ['Zèbre solidaire', 'Écluse', 'atelier du Lac', 'Eau vive'])
    await makeOrganization(t.db, { name });
  const mine = await makeNeed(t.db, { org: lion, hours: 21, slots: ['mon-am', 'mon-pm', 'tue-am'] });
  const theirs = await makeNeed(t.db, { org: regie, hours: 14, slots: ['wed-am', 'wed-pm'] });
  needId = mine.id;
  compositionId = (
    await makeProposal(t.db, [
      { need: mine, slots: ['mon-am', 'mon-pm', 'tue-am'] },
      { need: theirs, slots: ['wed-am', 'wed-pm'] },
    ])
  ).id;
  await t.db.update(compositions).set({ maxDistanceKm: 7.6 }).where(eq(compositions.id, compositionId));

  const adminPerson = await makePerson(t.db, { admin: true });
  admin = new Browser(t.app);
  await admin.signIn(adminPerson.email, TEST_PASSWORD);
  owner = new Browser(t.app);
  await owner.signIn(person.email, TEST_PASSWORD);
});
afterAll(() => t?.close());

it('lists structures in French order with their type in words, not codes', async () => {
  const res = await admin.get('/admin?statut=validated');
  expect(res.statusCode).toBe(200);
  const names = [...res.body.matchAll(/<td><a href="\/organisations\/\d+">([^<]+)<\/a><\/td>/g)].map(
    (m) => m[1],
  );
  expect(names).toEqual([
    'atelier du Lac',
    'Atelier Lion Vert',
    'Eau vive',
    'Écluse',
    'Régie des Vosges',
    'Zèbre solidaire',
  ]);
  expect(res.body).toContain('<td>Association</td>');
  expect(res.body).toContain('<td>Régie de quartier</td>');
  expect(res.body).not.toMatch(/<td>(ASSOCIATION|RQ|ACI)<\/td>/);
});

it('elides "de" before a name starting with a vowel', async () => {
  const res = await owner.get(`/besoins/${needId}`);
  expect(res.body).toContain('Besoin d’<strong>Atelier Lion Vert</strong>');
});

it('writes distances with a decimal comma', async () => {
  const res = await owner.get(`/compositions/${compositionId}`);
  expect(res.body).toContain('Distance la plus grande entre deux lieux : 7,6 km');
  expect(res.body).not.toContain('7.6 km');
});
