/**
 * Pages and decisions: who sees a composition, accepting by all (needs locked, contacts shown only then),
 * declining, the GE choice, bad input, the week picture, and two acceptances racing for one need.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compositionNeeds, compositions, geMemberships, needs } from '../../db/schema';
import { decide, MESSAGES } from '../../server/compositions/decisions';
import { runMatching } from '../../server/compositions/matching-run';
import { createTestApp, type TestApp } from '../support/app';
import { Browser, signedIn } from '../support/browser';
import {
  makeMember,
  makeNeed,
  makeOrganization,
  makePerson,
  makeProposal,
  WEEK_A,
  WEEK_B,
} from '../support/factories';
import { mailsOfKind } from './helpers';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 10_000, windowMs: 60_000 } });
});
afterAll(async () => {
  await t?.close();
});

/** Two structures whose needs make 35 h, proposed by a real matching run on their own role. */
async function proposedPair(role: string) {
  const a = await makeMember(t.db, { name: `Atelier ${role}` });
  const b = await makeMember(t.db, { name: `Régie ${role}`, town: 'besancon' });
  const na = await makeNeed(t.db, { org: a.org, hours: 21, slots: WEEK_A, role: role });
  const nb = await makeNeed(t.db, { org: b.org, hours: 14, slots: WEEK_B, role: role });
  // Besançon is ~70 km from Belfort: allow the distance for this pair.
  await t.db.update(needs).set({ maxTravelKm: 100 }).where(eq(needs.id, na.id));
  await t.db.update(needs).set({ maxTravelKm: 100 }).where(eq(needs.id, nb.id));
  await runMatching(t.db, { roleCode: role });
  const [c] = await t.db.select().from(compositions).where(eq(compositions.roleCode, role));
  return { a, b, na, nb, c };
}

const current = async (id: number) =>
  (await t.db.select().from(compositions).where(eq(compositions.id, id)))[0];

describe('who sees a composition', () => {
  it('members of its structures and admins; others get a 404; visitors are sent to sign in', async () => {
    const { a, c } = await proposedPair('K3001');
    expect((await (await signedIn(t.app, a.owner.email)).get(`/compositions/${c.id}`)).statusCode).toBe(200);
    const admin = await makePerson(t.db, { admin: true });
    expect((await (await signedIn(t.app, admin.email)).get(`/compositions/${c.id}`)).statusCode).toBe(200);

    const outsider = await makePerson(t.db);
    await makeOrganization(t.db, { owner: outsider });
    const browser = await signedIn(t.app, outsider.email);
    expect((await browser.get(`/compositions/${c.id}`)).statusCode).toBe(404);
    const post = await browser.post(`/compositions/${c.id}/accepter`, { version: String(c.version) });
    expect([403, 404]).toContain(post.statusCode);
    expect((await current(c.id)).status).toBe('proposed');

    const visitor = await new Browser(t.app).get(`/compositions/${c.id}`);
    expect(visitor.statusCode).toBe(303);
    expect(visitor.headers.location).toMatch(/^\/connexion/);
  });

  it('lists the proposals under each need of the person’s structures', async () => {
    const { a, na, c } = await proposedPair('K3002');
    const page = await (await signedIn(t.app, a.owner.email)).get('/compositions');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`id="need-${na.id}-title"`);
    expect(page.body).toContain(`href="/compositions/${c.id}"`);
    expect(page.body).toContain('Régie K3002');
  });
});

describe('the week picture', () => {
  it('shows each half-day with the structure it goes to, by colour class and by name', async () => {
    const { a, c } = await proposedPair('K3003');
    const body = (await (await signedIn(t.app, a.owner.email)).get(`/compositions/${c.id}`)).body;
    expect(body).toContain('<caption>Semaine type du poste');
    expect(body).toMatch(/<th scope="col">Lundi<\/th>/);
    const cell = (slot: string) =>
      new RegExp(
        `<td class="(org-\\d)" data-slot="${slot}"><span class="org-letter">(\\w)</span> <span class="org-cell-name">([^<]+)</span></td>`,
      ).exec(body);
    for (const slot of WEEK_A) expect(cell(slot)?.slice(1)).toEqual(['org-1', 'A', 'Atelier K3003']);
    for (const slot of WEEK_B) expect(cell(slot)?.slice(1)).toEqual(['org-2', 'B', 'Régie K3003']);
    expect(body).toMatch(/<td class="org-free" data-slot="sat-am">/);
    expect(body).toContain('A : Atelier K3003 (21 h)');
  });
});

describe('accepting', () => {
  it('by every structure: accepted, needs locked, contacts shown only then, GE choice offered', async () => {
    const { a, b, na, nb, c } = await proposedPair('K3004');
    const alice = await signedIn(t.app, a.owner.email);
    const first = await alice.post(`/compositions/${c.id}/accepter`, { version: String(c.version) });
    expect(first.statusCode).toBe(303);
    let page = (await alice.get(`/compositions/${c.id}`)).body;
    expect(page).toContain('a accepté');
    expect(page).not.toContain(b.owner.email);
    expect(page).not.toContain('06 12 34 56 78');
    expect((await current(c.id)).status).toBe('proposed');

    const bob = await signedIn(t.app, b.owner.email);
    const again = await current(c.id);
    // A stale version is refused with a message, nothing recorded.
    const stale = await bob.post(`/compositions/${c.id}/accepter`, { version: String(c.version) });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('a changé depuis que vous l’avez ouverte');
    expect((await bob.post(`/compositions/${c.id}/accepter`, {})).statusCode).toBe(400);
    const last = await bob.post(`/compositions/${c.id}/accepter`, { version: String(again.version) });
    expect(last.statusCode).toBe(303);

    const done = await current(c.id);
    expect(done.status).toBe('accepted');
    const locked = await t.db.select().from(needs).where(eq(needs.id, na.id));
    expect(locked[0].status).toBe('in_composition');
    expect((await t.db.select().from(needs).where(eq(needs.id, nb.id)))[0].status).toBe('in_composition');
    const lines = await t.db.select().from(compositionNeeds).where(eq(compositionNeeds.compositionId, c.id));
    expect(lines.map((l) => l.accepted)).toEqual([true, true]);
    // Bob gave the last yes: he sees it on the page; Alice is told by mail.
    expect((await mailsOfKind(t.db, 'composition-accepted')).map((m) => m.to)).toEqual([a.owner.email]);

    page = (await alice.get(`/compositions/${c.id}`)).body;
    expect(page).toContain(b.owner.email);
    expect(page).toContain('Toutes les structures ont accepté');
    expect(page).toContain('Choisir le groupement d’employeurs');
    expect(page).toContain('Société coopérative d’intérêt collectif (SCIC)');
    expect(page).toContain('coefficient');

    // An accepted composition takes no further answer, and its needs are no longer matched.
    const late = await bob.post(`/compositions/${c.id}/refuser`, { version: String(done.version) });
    expect(late.statusCode).toBe(409);
    expect(await runMatching(t.db, { roleCode: 'K3004' })).toMatchObject({ needs: 0, proposed: 0 });
  });

  it('records the GE choice; an unknown GE or a stale version is refused with a message, never a 500', async () => {
    const { a, b, c } = await proposedPair('K3005');
    const ge = await makeOrganization(t.db, { name: 'GE Commun K3005', kind: 'GE' });
    await t.db.insert(geMemberships).values([
      { organizationId: a.org.id, geId: ge.id, status: 'confirmed' },
      { organizationId: b.org.id, geId: ge.id, status: 'confirmed' },
    ]);
    const alice = await signedIn(t.app, a.owner.email);
    const bob = await signedIn(t.app, b.owner.email);
    await alice.post(`/compositions/${c.id}/accepter`, { version: String(c.version) });
    await bob.post(`/compositions/${c.id}/accepter`, { version: String((await current(c.id)).version) });
    const accepted = await current(c.id);
    expect(accepted.status).toBe('accepted');

    const page = (await alice.get(`/compositions/${c.id}`)).body;
    expect(page.indexOf('GE Commun K3005')).toBeGreaterThan(
      page.indexOf('toutes vos structures sont membres'),
    );
    expect(page).toContain('toutes les structures en sont membres');
    const unknown = await alice.post(`/compositions/${c.id}/ge`, {
      version: String(accepted.version),
      ge: '99999999',
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.body).toContain('choisissez un groupement de la liste');
    const garbage = await alice.post(`/compositions/${c.id}/ge`, {
      version: String(accepted.version),
      ge: 'n’importe',
    });
    expect(garbage.statusCode).toBe(422);
    const notGe = await alice.post(`/compositions/${c.id}/ge`, {
      version: String(accepted.version),
      ge: String(a.org.id),
    });
    expect(notGe.statusCode).toBe(422);

    const ok = await alice.post(`/compositions/${c.id}/ge`, {
      version: String(accepted.version),
      ge: String(ge.id),
    });
    expect(ok.statusCode).toBe(303);
    expect(await current(c.id)).toMatchObject({ geChoice: 'existing', chosenGeId: ge.id });
    const stale = await bob.post(`/compositions/${c.id}/ge`, {
      version: String(accepted.version),
      ge: 'to_create',
    });
    expect(stale.statusCode).toBe(409);
    const toCreate = await bob.post(`/compositions/${c.id}/ge`, {
      version: String((await current(c.id)).version),
      ge: 'to_create',
    });
    expect(toCreate.statusCode).toBe(303);
    expect(await current(c.id)).toMatchObject({ geChoice: 'to_create', chosenGeId: null });
    expect((await alice.get(`/compositions/${c.id}`)).body).toContain('Groupement d’employeurs à créer');
  });

  it('is refused on a partial group', async () => {
    const a = await makeMember(t.db, { name: 'Atelier K3006' });
    const b = await makeMember(t.db, { name: 'Régie K3006' });
    await makeNeed(t.db, {
      org: a.org,
      hours: 14,
      slots: ['mon-am', 'mon-pm', 'tue-am', 'tue-pm'],
      role: 'K3006',
    });
    await makeNeed(t.db, {
      org: b.org,
      hours: 14,
      slots: ['thu-am', 'thu-pm', 'fri-am', 'fri-pm'],
      role: 'K3006',
    });
    await runMatching(t.db, { roleCode: 'K3006' });
    const [p] = await t.db.select().from(compositions).where(eq(compositions.roleCode, 'K3006'));
    const browser = await signedIn(t.app, a.owner.email);
    expect((await browser.get(`/compositions/${p.id}`)).body).toContain('il manque 7 h');
    const post = await browser.post(`/compositions/${p.id}/accepter`, { version: String(p.version) });
    expect(post.statusCode).toBe(409);
    expect(post.body).toContain('n’atteint pas encore un temps plein');
  });
});

describe('declining', () => {
  it('sets the composition declined, leaves the needs published, and the same group is not proposed again', async () => {
    const { a, b, na, c } = await proposedPair('K3007');
    const bob = await signedIn(t.app, b.owner.email);
    expect(
      (await bob.post(`/compositions/${c.id}/refuser`, { version: String(c.version), confirm: 'oui' }))
        .statusCode,
    ).toBe(303);
    expect((await current(c.id)).status).toBe('declined');
    expect((await t.db.select().from(needs).where(eq(needs.id, na.id)))[0].status).toBe('published');
    expect((await mailsOfKind(t.db, 'composition-declined')).map((m) => m.to)).toContain(a.owner.email);
    expect(await runMatching(t.db, { roleCode: 'K3007' })).toMatchObject({ proposed: 0 });
    const live = await t.db
      .select()
      .from(compositions)
      .where(and(eq(compositions.roleCode, 'K3007'), eq(compositions.status, 'proposed')));
    expect(live).toHaveLength(0);
  });
});

describe('a need in two compositions accepted at the same instant', () => {
  it('goes to exactly one; the other is withdrawn with a clear message', async () => {
    const a = await makeMember(t.db, { name: 'Atelier partagé' });
    const b = await makeMember(t.db, { name: 'Régie B' });
    const c2 = await makeMember(t.db, { name: 'Régie C' });
    const shared = await makeNeed(t.db, { org: a.org, hours: 21, slots: WEEK_A, role: 'K3008' });
    const nb = await makeNeed(t.db, { org: b.org, hours: 14, slots: WEEK_B, role: 'K3008' });
    const nc = await makeNeed(t.db, { org: c2.org, hours: 14, slots: WEEK_B, role: 'K3008' });
    const one = await makeProposal(t.db, [
      { need: shared, slots: WEEK_A },
      { need: nb, slots: WEEK_B },
    ]);
    const two = await makeProposal(t.db, [
      { need: shared, slots: WEEK_A },
      { need: nc, slots: WEEK_B },
    ]);
    // The shared need's structure has accepted both; the last answers come at once.
    for (const c of [one, two])
      expect(
        await decide(t.db, {
          compositionId: c.id,
          organizationId: a.org.id,
          personId: a.owner.id,
          decision: 'accept',
          version: c.version,
          publicUrl: 'http://mosaique.test',
        }),
      ).toEqual({ ok: true, status: 'proposed' });
    const results = await Promise.all(
      [
        { c: one, m: b },
        { c: two, m: c2 },
      ].map(async ({ c, m }) =>
        decide(t.db, {
          compositionId: c.id,
          organizationId: m.org.id,
          personId: m.owner.id,
          decision: 'accept',
          version: (await current(c.id)).version,
          publicUrl: 'http://mosaique.test',
        }),
      ),
    );
    expect(results.filter((r) => r.ok)).toEqual([{ ok: true, status: 'accepted' }]);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, code: 'taken', message: MESSAGES.taken }]);
    const statuses = [(await current(one.id)).status, (await current(two.id)).status].sort();
    expect(statuses).toEqual(['accepted', 'withdrawn']);
    const holders = await t.db
      .select()
      .from(compositionNeeds)
      .where(and(eq(compositionNeeds.needId, shared.id), eq(compositionNeeds.accepted, true)));
    expect(holders).toHaveLength(1);
  });

  it('is refused by the database itself, whatever the application does', async () => {
    const a = await makeMember(t.db, { name: 'Atelier contrainte' });
    const b = await makeMember(t.db, { name: 'Régie contrainte' });
    const shared = await makeNeed(t.db, { org: a.org, hours: 21, slots: WEEK_A, role: 'K3009' });
    const nb = await makeNeed(t.db, { org: b.org, hours: 14, slots: WEEK_B, role: 'K3009' });
    const one = await makeProposal(t.db, [
      { need: shared, slots: WEEK_A },
      { need: nb, slots: WEEK_B },
    ]);
    const two = await makeProposal(t.db, [{ need: shared, slots: WEEK_A }]);
    await t.db
      .update(compositionNeeds)
      .set({ accepted: true })
      .where(eq(compositionNeeds.compositionId, one.id));
    await expect(
      t.db.update(compositionNeeds).set({ accepted: true }).where(eq(compositionNeeds.compositionId, two.id)),
    ).rejects.toThrow();
  });
});
