/** GE memberships: a structure claims, the GE's owners (or an admin) confirm or refuse; only confirmed ones count. */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geMemberships, mailOutbox, notifications } from '../../db/schema';
import { geIdsOf } from '../../server/compositions/matching-instance';
import { createTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { makeOrganization, makePerson, TEST_PASSWORD } from '../support/factories';

let t: TestApp;
type Person = Awaited<ReturnType<typeof makePerson>>;
type Org = Awaited<ReturnType<typeof makeOrganization>>;
let structureOwner: Person;
let geOwner: Person;
let geEditor: Person;
let stranger: Person;
let admin: Person;
let structure: Org;
let ge: Org;

const browsers = new Map<string, Browser>();
async function as(person: { email: string }) {
  const known = browsers.get(person.email);
  if (known) return known;
  const browser = new Browser(t.app);
  await browser.signIn(person.email, TEST_PASSWORD);
  browsers.set(person.email, browser);
  return browser;
}

const status = async (organizationId: number, geId: number) =>
  (
    await t.db
      .select({ status: geMemberships.status })
      .from(geMemberships)
      .where(and(eq(geMemberships.organizationId, organizationId), eq(geMemberships.geId, geId)))
  )[0]?.status;

async function tick(org: Org, geIds: number[]) {
  const browser = await as(structureOwner);
  const form = (await browser.get(`/organisations/${org.id}/modifier`)).body;
  const version = /name="version" value="(\d+)"/.exec(form)?.[1] ?? '1';
  const response = await browser.post(`/organisations/${org.id}`, {
    name: org.name,
    siret: org.siret ?? '',
    kind: org.kind,
    commune: `${org.communeName} (${org.departement})`,
    communeCode: org.communeCode,
    idcc: '',
    description: '',
    version,
    geIds: geIds.map(String),
  });
  expect(response.statusCode, response.body.slice(0, 500)).toBe(303);
}

beforeAll(async () => {
  t = await createTestApp();
  structureOwner = await makePerson(t.db, { email: 'atelier@exemple.invalid' });
  geOwner = await makePerson(t.db, { email: 'ge@exemple.invalid', displayName: 'Gaëlle Groupement' });
  geEditor = await makePerson(t.db, { email: 'ge-editeur@exemple.invalid' });
  stranger = await makePerson(t.db, { email: 'inconnu@exemple.invalid' });
  admin = await makePerson(t.db, { admin: true });
  structure = await makeOrganization(t.db, { owner: structureOwner, name: 'Atelier Vert' });
  ge = await makeOrganization(t.db, {
    owner: geOwner,
    editors: [geEditor],
    kind: 'GE',
    name: 'GE Nord Franche-Comté',
  });
});
afterAll(() => t.close());

describe('claiming a GE', () => {
  it('ticking a GE makes a claim that does not count yet, and tells the GE’s owners only', async () => {
    await tick(structure, [ge.id]);
    expect(await status(structure.id, ge.id)).toBe('claimed');
    // Not a membership yet: the matcher, the GE's member list and outsiders do not see it.
    expect((await geIdsOf(t.db, [structure.id])).get(structure.id)).toBeUndefined();
    const gePage = (await new Browser(t.app).get(`/organisations/${ge.id}`)).body;
    expect(gePage).toContain('Structures membres du groupement (0)');
    const publicPage = (await new Browser(t.app).get(`/organisations/${structure.id}`)).body;
    expect(publicPage).not.toContain('GE Nord Franche-Comté');
    // The structure's own members see their claim waiting.
    const ownPage = (await (await as(structureOwner)).get(`/organisations/${structure.id}`)).body;
    expect(ownPage).toContain('adhésion à confirmer par le groupement');

    const told = await t.db.select().from(notifications).where(eq(notifications.kind, 'ge-claim'));
    expect(told.map((n) => n.personId)).toEqual([geOwner.id]);
    expect(told[0].text).toBe('Atelier Vert indique être membre de votre groupement');
    expect(told[0].link).toBe(`/organisations/${ge.id}#adhesions`);
    const mails = await t.db.select().from(mailOutbox).where(eq(mailOutbox.kind, 'ge-claim'));
    expect(mails.map((m) => m.to)).toEqual(['ge@exemple.invalid']);
  });

  it('saving the form again neither re-notifies nor resets the claim', async () => {
    await tick(structure, [ge.id]);
    expect(await t.db.$count(notifications, eq(notifications.kind, 'ge-claim'))).toBe(1);
    expect(await status(structure.id, ge.id)).toBe('claimed');
  });

  it('the GE’s owner sees the claim and confirms it; others may not', async () => {
    const page = (await (await as(geOwner)).get(`/organisations/${ge.id}`)).body;
    expect(page).toContain('Adhésions à confirmer (1)');
    expect(page).toContain(`/organisations/${ge.id}/adhesions/${structure.id}/confirmer`);
    // An editor of the GE, a stranger: refused, nothing changes.
    for (const person of [geEditor, stranger]) {
      const denied = await (await as(person)).post(
        `/organisations/${ge.id}/adhesions/${structure.id}/confirmer`,
      );
      expect(denied.statusCode).toBe(403);
    }
    expect((await (await as(geEditor)).get(`/organisations/${ge.id}`)).body).not.toContain(
      'Adhésions à confirmer',
    );
    expect(await status(structure.id, ge.id)).toBe('claimed');

    const confirmed = await (await as(geOwner)).post(
      `/organisations/${ge.id}/adhesions/${structure.id}/confirmer`,
    );
    expect(confirmed.statusCode).toBe(303);
    expect(await status(structure.id, ge.id)).toBe('confirmed');
    expect((await geIdsOf(t.db, [structure.id])).get(structure.id)).toEqual([ge.id]);
    expect((await new Browser(t.app).get(`/organisations/${structure.id}`)).body).toContain(
      'GE Nord Franche-Comté',
    );
    expect((await new Browser(t.app).get(`/organisations/${ge.id}`)).body).toContain(
      'Structures membres du groupement (1)',
    );
    const told = await t.db.select().from(notifications).where(eq(notifications.kind, 'ge-claim-decided'));
    expect(told.map((n) => [n.personId, n.text])).toEqual([
      [structureOwner.id, 'GE Nord Franche-Comté a confirmé votre adhésion.'],
    ]);
    // Saving the structure's form keeps the confirmation.
    await tick(structure, [ge.id]);
    expect(await status(structure.id, ge.id)).toBe('confirmed');
  });

  it('an admin may refuse a claim; a refused claim does not count and can be made again', async () => {
    const other = await makeOrganization(t.db, { owner: structureOwner, name: 'Régie Est' });
    await tick(other, [ge.id]);
    const refused = await (await as(admin)).post(`/organisations/${ge.id}/adhesions/${other.id}/refuser`);
    expect(refused.statusCode).toBe(303);
    expect(await status(other.id, ge.id)).toBe('refused');
    expect((await geIdsOf(t.db, [other.id])).get(other.id)).toBeUndefined();
    expect((await (await as(structureOwner)).get(`/organisations/${other.id}`)).body).not.toContain(
      'GE Nord Franche-Comté',
    );
    await tick(other, [ge.id]);
    expect(await status(other.id, ge.id)).toBe('claimed');
  });

  it('answers 404 for a structure that never claimed the GE, and for a GE that is not one', async () => {
    const never = await makeOrganization(t.db, { name: 'Jamais' });
    const owner = await as(geOwner);
    expect((await owner.post(`/organisations/${ge.id}/adhesions/${never.id}/confirmer`)).statusCode).toBe(
      404,
    );
    const notGe = await makeOrganization(t.db, { owner: geOwner, name: 'Pas un GE' });
    expect(
      (await owner.post(`/organisations/${notGe.id}/adhesions/${structure.id}/confirmer`)).statusCode,
    ).toBe(403);
  });
});
