/**
 * Sessions open to registration as a structure and a facilitator use them: the public page, registering
 * what the structure brings, automatic or manual acceptance, the cap and the waiting list (never two
 * structures on the last place, even at once), promotion when a place frees, French errors on bad input.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  matchmakingRegistrations,
  matchmakingSessionNeeds,
  matchmakingSessionOrganizations,
} from '../../db/schema';
import { register, saveEventSettings } from '../../server/events/registrations';
import { signedIn } from '../meetings/helpers';
import { createTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { makeMatchmakingSession, makeNeed, makeOrganization, makePerson } from '../support/factories';

let t: TestApp;
let facilitator: { id: number; email: string };
let member: { id: number; email: string };

beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 100_000, windowMs: 60_000 } });
  facilitator = await makePerson(t.db, { territories: ['90'] });
  member = await makePerson(t.db);
});

afterAll(async () => {
  await t.close();
});

const invited = async (sessionId: number) =>
  (
    await t.db
      .select({ id: matchmakingSessionOrganizations.organizationId })
      .from(matchmakingSessionOrganizations)
      .where(eq(matchmakingSessionOrganizations.sessionId, sessionId))
  ).map((r) => r.id);

const statusOf = async (sessionId: number, organizationId: number) =>
  (
    await t.db
      .select({ status: matchmakingRegistrations.status })
      .from(matchmakingRegistrations)
      .where(
        and(
          eq(matchmakingRegistrations.sessionId, sessionId),
          eq(matchmakingRegistrations.organizationId, organizationId),
        ),
      )
  )[0]?.status;

/** Opens a session to registration: no programme, no cap, automatic acceptance unless a test says otherwise. */
const openRegistration = (sessionId: number, settings: { capacity?: number; autoAccept?: boolean } = {}) =>
  saveEventSettings(t.db, sessionId, {
    open: true,
    programme: '',
    audience: '',
    capacity: null,
    autoAccept: true,
    ...settings,
  });

describe('opening a session to registration', () => {
  it('keeps a session private until the facilitator opens it, then shows its public page to anyone', async () => {
    const session = await makeMatchmakingSession(t.db, { title: 'Club RH de Belfort' });
    const visitor = new Browser(t.app);
    expect((await visitor.get(`/evenements/${session.id}`)).statusCode).toBe(404);

    const browser = await signedIn(t.app, facilitator.email);
    expect((await browser.get(`/animation/rencontres/${session.id}/inscriptions`)).statusCode).toBe(200);
    const saved = await browser.post(`/animation/rencontres/${session.id}/inscriptions`, {
      open: 'on',
      programme: 'Tour de table, puis rendez-vous de 20 minutes.',
      audience: 'Structures SIAE et ESS du Territoire de Belfort',
      capacity: '12',
    });
    expect(saved.statusCode).toBe(303);

    const page = await visitor.get(`/evenements/${session.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Club RH de Belfort');
    expect(page.body).toContain('Tour de table, puis rendez-vous de 20 minutes.');
    expect(page.body).toContain('Structures SIAE et ESS du Territoire de Belfort');
    expect(page.body).toContain('Places restantes :</strong> 12');
    expect(page.body).toContain('Connectez-vous');
    expect((await visitor.get('/evenements')).body).toContain(`/evenements/${session.id}`);
  });

  it('answers a bad cap with a French message and keeps the input', async () => {
    const session = await makeMatchmakingSession(t.db);
    const browser = await signedIn(t.app, facilitator.email);
    await browser.get(`/animation/rencontres/${session.id}/inscriptions`);
    const response = await browser.post(`/animation/rencontres/${session.id}/inscriptions`, {
      open: 'on',
      capacity: 'douze',
      programme: 'Mon programme',
    });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Nombre de places : un nombre entre 1 et 1000, ou vide.');
    expect(response.body).toContain('Mon programme');
  });

  it('is refused to a facilitator of another territory (404)', async () => {
    const session = await makeMatchmakingSession(t.db);
    const elsewhere = await makePerson(t.db, { territories: ['13'] });
    const browser = await signedIn(t.app, elsewhere.email);
    expect((await browser.get(`/animation/rencontres/${session.id}/inscriptions`)).statusCode).toBe(404);
  });
});

describe('registering a structure', () => {
  it('accepts a validated structure of the territory at once with automatic acceptance, with what it brings', async () => {
    const session = await makeMatchmakingSession(t.db);
    await openRegistration(session.id);
    const owner = await makePerson(t.db);
    const org = await makeOrganization(t.db, { owner, name: 'Atelier du Lion' });
    const need = await makeNeed(t.db, { org });
    const browser = await signedIn(t.app, owner.email);
    const page = await browser.get(`/evenements/${session.id}`);
    expect(page.body).toContain(need.title);
    const response = await browser.post(`/evenements/${session.id}/inscription`, {
      structure: String(org.id),
      needIds: [String(need.id)],
      seeks: 'Un partenaire pour la comptabilité',
    });
    expect(response.statusCode).toBe(303);
    expect(await statusOf(session.id, org.id)).toBe('accepted');
    expect(await invited(session.id)).toContain(org.id);
    const scope = await t.db
      .select()
      .from(matchmakingSessionNeeds)
      .where(eq(matchmakingSessionNeeds.sessionId, session.id));
    expect(scope.map((s) => s.needId)).toEqual([need.id]);
    expect((await browser.get(`/evenements/${session.id}`)).body).toContain('inscription acceptée');
    expect((await browser.get('/rencontres')).body).toContain(`/rencontres/${session.id}`);
  });

  it('waits for the facilitator without automatic acceptance, who accepts it', async () => {
    const session = await makeMatchmakingSession(t.db);
    await openRegistration(session.id, { autoAccept: false });
    const owner = await makePerson(t.db);
    const org = await makeOrganization(t.db, { owner, name: 'Régie des Vosges' });
    const browser = await signedIn(t.app, owner.email);
    await browser.get(`/evenements/${session.id}`);
    expect(
      (await browser.post(`/evenements/${session.id}/inscription`, { structure: String(org.id) })).statusCode,
    ).toBe(303);
    expect(await statusOf(session.id, org.id)).toBe('pending');
    expect(await invited(session.id)).not.toContain(org.id);

    const animation = await signedIn(t.app, facilitator.email);
    const list = await animation.get(`/animation/rencontres/${session.id}/inscriptions`);
    expect(list.body).toContain('Régie des Vosges');
    const [reg] = await t.db
      .select()
      .from(matchmakingRegistrations)
      .where(eq(matchmakingRegistrations.organizationId, org.id));
    const accepted = await animation.post(`/animation/rencontres/${session.id}/inscriptions/decision`, {
      registration: String(reg.id),
      decision: 'accept',
    });
    expect(accepted.statusCode).toBe(303);
    expect(await statusOf(session.id, org.id)).toBe('accepted');
    expect(await invited(session.id)).toContain(org.id);
  });

  it('refuses in French a structure the person is not a member of, or a need that is not its own', async () => {
    const session = await makeMatchmakingSession(t.db);
    await openRegistration(session.id);
    const owner = await makePerson(t.db);
    const org = await makeOrganization(t.db, { owner });
    const stranger = await makeOrganization(t.db, { name: 'Pas la mienne' });
    const strangerNeed = await makeNeed(t.db, { org: stranger });
    const browser = await signedIn(t.app, owner.email);
    await browser.get(`/evenements/${session.id}`);
    const notMine = await browser.post(`/evenements/${session.id}/inscription`, {
      structure: String(stranger.id),
    });
    expect(notMine.statusCode).toBe(422);
    expect(notMine.body).toContain('Structure : choisissez une structure dont vous êtes membre.');
    const badNeed = await browser.post(`/evenements/${session.id}/inscription`, {
      structure: String(org.id),
      needIds: [String(strangerNeed.id)],
      seeks: 'gardé',
    });
    expect(badNeed.statusCode).toBe(422);
    expect(badNeed.body).toContain(
      'Besoins apportés : choisissez parmi les besoins publiés de votre structure.',
    );
    expect(badNeed.body).toContain('gardé');
    expect(await statusOf(session.id, org.id)).toBeUndefined();
  });

  it('sends a visitor who posts to sign in', async () => {
    const session = await makeMatchmakingSession(t.db);
    await openRegistration(session.id);
    const visitor = new Browser(t.app);
    const response = await visitor.post(`/evenements/${session.id}/inscription`, { structure: '1' });
    expect([401, 303]).toContain(response.statusCode);
    expect(await invited(session.id)).toEqual([]);
  });

  it('closes registration on a cancelled session', async () => {
    const session = await makeMatchmakingSession(t.db, { status: 'cancelled' });
    await openRegistration(session.id);
    const owner = await makePerson(t.db);
    const org = await makeOrganization(t.db, { owner });
    const browser = await signedIn(t.app, owner.email);
    await browser.get(`/evenements/${session.id}`);
    const response = await browser.post(`/evenements/${session.id}/inscription`, {
      structure: String(org.id),
    });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Cette rencontre est annulée.');
  });
});

describe('the cap and the waiting list', () => {
  it('gives the last place to one of two simultaneous registrations and waitlists the other', async () => {
    const session = await makeMatchmakingSession(t.db);
    await openRegistration(session.id, { capacity: 1 });
    const a = await makeOrganization(t.db, { owner: member });
    const b = await makeOrganization(t.db, { owner: member });
    const input = (organizationId: number) => ({ organizationId, needIds: [], offerIds: [], seeks: '' });
    const results = await Promise.all([
      register(t.db, session.id, member.id, input(a.id)),
      register(t.db, session.id, member.id, input(b.id)),
    ]);
    const statuses = results.map((r) => (r.ok ? r.status : r.reason)).sort();
    expect(statuses).toEqual(['accepted', 'waitlisted']);
    expect((await invited(session.id)).length).toBe(1);
  });

  it('promotes the first waitlisted structure when an accepted one withdraws', async () => {
    const session = await makeMatchmakingSession(t.db);
    await openRegistration(session.id, { capacity: 1 });
    const first = await makePerson(t.db);
    const second = await makePerson(t.db);
    const third = await makePerson(t.db);
    const orgs = [
      await makeOrganization(t.db, { owner: first, name: 'Première' }),
      await makeOrganization(t.db, { owner: second, name: 'Deuxième' }),
      await makeOrganization(t.db, { owner: third, name: 'Troisième' }),
    ];
    for (const [i, person] of [first, second, third].entries()) {
      const browser = await signedIn(t.app, person.email);
      await browser.get(`/evenements/${session.id}`);
      await browser.post(`/evenements/${session.id}/inscription`, { structure: String(orgs[i].id) });
    }
    expect(await statusOf(session.id, orgs[0].id)).toBe('accepted');
    expect(await statusOf(session.id, orgs[1].id)).toBe('waitlisted');
    expect(await statusOf(session.id, orgs[2].id)).toBe('waitlisted');
    const secondPage = await (await signedIn(t.app, second.email)).get(`/evenements/${session.id}`);
    expect(secondPage.body).toContain('sur liste d’attente');

    const browser = await signedIn(t.app, first.email);
    await browser.get(`/evenements/${session.id}`);
    const response = await browser.post(`/evenements/${session.id}/retrait`, {
      structure: String(orgs[0].id),
    });
    expect(response.statusCode).toBe(303);
    expect(await statusOf(session.id, orgs[0].id)).toBe('withdrawn');
    expect(await statusOf(session.id, orgs[1].id)).toBe('accepted');
    expect(await statusOf(session.id, orgs[2].id)).toBe('waitlisted');
    expect(await invited(session.id)).toEqual([orgs[1].id]);
  });

  it('refuses a second registration of the same structure, but takes it again after a withdrawal', async () => {
    const session = await makeMatchmakingSession(t.db);
    await openRegistration(session.id, { autoAccept: false });
    const org = await makeOrganization(t.db, { owner: member });
    const input = { organizationId: org.id, needIds: [], offerIds: [], seeks: '' };
    expect(await register(t.db, session.id, member.id, input)).toEqual({ ok: true, status: 'pending' });
    expect(await register(t.db, session.id, member.id, input)).toEqual({ ok: false, reason: 'already' });
    const browser = await signedIn(t.app, member.email);
    await browser.get(`/evenements/${session.id}`);
    await browser.post(`/evenements/${session.id}/retrait`, { structure: String(org.id) });
    expect(await statusOf(session.id, org.id)).toBe('withdrawn');
    expect(await register(t.db, session.id, member.id, input)).toEqual({ ok: true, status: 'pending' });
  });

  it('promotes waitlisted structures when the facilitator raises the cap', async () => {
    const session = await makeMatchmakingSession(t.db);
    await openRegistration(session.id, { capacity: 1 });
    const a = await makeOrganization(t.db, { owner: member });
    const b = await makeOrganization(t.db, { owner: member });
    const input = (organizationId: number) => ({ organizationId, needIds: [], offerIds: [], seeks: '' });
    await register(t.db, session.id, member.id, input(a.id));
    await register(t.db, session.id, member.id, input(b.id));
    expect(await statusOf(session.id, b.id)).toBe('waitlisted');
    await openRegistration(session.id, { capacity: 2 });
    expect(await statusOf(session.id, b.id)).toBe('accepted');
    expect((await invited(session.id)).sort()).toEqual([a.id, b.id].sort());
  });
});
