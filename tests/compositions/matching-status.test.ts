/**
 * Validating a structure asks for a matching run (the job picks it up like a need change), and while a
 * run is pending or running the composition pages say "calcul en cours" and poll, instead of totals that
 * may disagree; once it is over the poll answers HX-Refresh.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compositions, matchingRequests, matchingRuns } from '../../db/schema';
import { matchIfNeedsChanged } from '../../server/compositions/job';
import { matchingState } from '../../server/compositions/matching-status';
import { createTestApp, type TestApp } from '../support/app';
import { signedIn } from '../support/browser';
import { makeNeed, makeOrganization, makePerson, WEEK_A, WEEK_B } from '../support/factories';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 10_000, windowMs: 60_000 } });
});
afterAll(async () => {
  await t?.close();
});

describe('validating a structure triggers matching; pages say so meanwhile', () => {
  it('goes from pending to a proposal, and the pages follow', async () => {
    expect(await matchingState(t.db)).toBe('idle');
    const alice = await makePerson(t.db);
    const bob = await makePerson(t.db);
    const a = await makeOrganization(t.db, { owner: alice, name: 'Atelier validé' });
    const b = await makeOrganization(t.db, { owner: bob, name: 'Régie en attente', validated: false });
    await makeNeed(t.db, { org: a, hours: 21, slots: WEEK_A, role: 'K3101' });
    await makeNeed(t.db, { org: b, hours: 14, slots: WEEK_B, role: 'K3101' });
    // The needs are new: a run is pending; it finds nothing, B being not validated yet.
    expect(await matchingState(t.db)).toBe('pending');
    expect(await matchIfNeedsChanged(t.app)).toMatchObject({ proposed: 0 });
    expect(await matchingState(t.db)).toBe('idle');
    expect(await matchIfNeedsChanged(t.app)).toBeNull(); // nothing changed since

    const admin = await makePerson(t.db, { admin: true });
    const validate = await (await signedIn(t.app, admin.email)).post(`/admin/organisations/${b.id}/valider`);
    expect(validate.statusCode).toBe(303);
    expect(await t.db.select().from(matchingRequests)).toHaveLength(1);
    expect(await matchingState(t.db)).toBe('pending');

    const aliceBrowser = await signedIn(t.app, alice.email);
    const pending = await aliceBrowser.get('/compositions');
    expect(pending.body).toContain('Calcul en cours');
    expect(pending.body).toContain('hx-get="/compositions/calcul"');
    expect(pending.body).toContain('hx-trigger="every 3s"');
    expect(pending.body).toContain('<a href="/compositions">Recharger la page</a>'); // without JS
    const poll = await aliceBrowser.get('/compositions/calcul', { 'hx-request': 'true' });
    expect(poll.statusCode).toBe(200);
    expect(poll.headers['hx-refresh']).toBeUndefined();
    expect(poll.body).toContain('hx-trigger="every 3s"');
    expect(poll.body).not.toContain('<html');

    // The job (any instance, under the matching lock) runs on its next tick: a proposal A + B.
    expect(await matchIfNeedsChanged(t.app)).toMatchObject({ proposed: 1 });
    expect(await matchingState(t.db)).toBe('idle');
    expect(await t.db.select().from(matchingRequests)).toHaveLength(0);
    const [proposal] = await t.db.select().from(compositions).where(eq(compositions.roleCode, 'K3101'));
    expect(proposal.status).toBe('proposed');

    const done = await aliceBrowser.get('/compositions/calcul', { 'hx-request': 'true' });
    expect(done.headers['hx-refresh']).toBe('true');
    expect(done.body).not.toContain('hx-trigger');
    const list = await aliceBrowser.get('/compositions');
    expect(list.body).not.toContain('Calcul en cours');
    expect(list.body).toContain('35 h par semaine');
    const page = await aliceBrowser.get(`/compositions/${proposal.id}`);
    expect(page.body).not.toContain('Calcul en cours');
    expect(page.body).toContain('Les besoins réunis : 35 h par semaine');

    // A run in progress (here an open row, as another instance's would be): the page says so.
    const [run] = await t.db.insert(matchingRuns).values({ scope: 'other instance' }).returning();
    expect(await matchingState(t.db)).toBe('running');
    const running = await aliceBrowser.get(`/compositions/${proposal.id}`);
    expect(running.body).toContain('Calcul en cours');
    expect(running.body).toContain('Les besoins réunis (calcul en cours)');
    expect(running.body).toContain(`<a href="/compositions/${proposal.id}">Recharger la page</a>`);
    await t.db.update(matchingRuns).set({ finishedAt: new Date() }).where(eq(matchingRuns.id, run.id));
  });

  it('two instances asked at once run matching once', async () => {
    const carol = await makePerson(t.db);
    const c = await makeOrganization(t.db, { owner: carol, validated: false });
    await makeNeed(t.db, { org: c, hours: 14, slots: WEEK_B, role: 'K3102' });
    const admin = await makePerson(t.db, { admin: true });
    await (await signedIn(t.app, admin.email)).post(`/admin/organisations/${c.id}/valider`);
    const runs = await Promise.all([matchIfNeedsChanged(t.app), matchIfNeedsChanged(t.app)]);
    expect(runs.filter(Boolean)).toHaveLength(1);
    expect(await matchingState(t.db)).toBe('idle');
  });

  it('the polling page works without JavaScript too', async () => {
    const person = await makePerson(t.db);
    const response = await (await signedIn(t.app, person.email)).get('/compositions/calcul');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<h1>Calcul des propositions</h1>');
    expect(response.headers['hx-refresh']).toBeUndefined();
  });
});
