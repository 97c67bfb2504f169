/**
 * The authorization walk of the meeting pages: a facilitator of another territory gets a 404 on every
 * facilitator page and form of the session and changes nothing; an admin sees everything; members of the
 * invited organizations see the participant pages, and facilitators, admins and other members do not.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meetingPlans, meetingSlots, meetingTables, sessionMeetings } from '../../db/schema';
import { createTestApp, type TestApp } from '../support/app';
import { makeMatchmakingSession, makeOrganization, makePerson } from '../support/factories';
import { signedIn } from './helpers';

let t: TestApp;
let sessionId: number;
let meetingId: number;
let people: Record<'member' | 'outsider' | 'here' | 'elsewhere' | 'admin', { id: number; email: string }>;
let orgs: { a: { id: number }; b: { id: number } };

beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 100_000, windowMs: 60_000 } });
  people = {
    member: await makePerson(t.db),
    outsider: await makePerson(t.db),
    here: await makePerson(t.db, { territories: ['25', '90'] }),
    elsewhere: await makePerson(t.db, { territories: ['13'] }),
    admin: await makePerson(t.db, { admin: true }),
  };
  orgs = {
    a: await makeOrganization(t.db, { owner: people.member }),
    b: await makeOrganization(t.db, {}),
  };
  await makeOrganization(t.db, { owner: people.outsider });
  sessionId = (
    await makeMatchmakingSession(t.db, { organizations: [orgs.a.id, orgs.b.id], departements: ['90'] })
  ).id;
  const [m] = await t.db
    .insert(sessionMeetings)
    .values({
      sessionId,
      organizationLowId: Math.min(orgs.a.id, orgs.b.id),
      organizationHighId: Math.max(orgs.a.id, orgs.b.id),
      source: 'participant',
      requestedByOrganizationId: orgs.a.id,
    })
    .returning();
  meetingId = m.id;
});
afterAll(async () => {
  await t?.close();
});

const base = () => `/animation/rencontres/${sessionId}/rendez-vous`;
const facilitatorPages = () => [
  base(),
  `${base()}/creneaux`,
  `${base()}/planning`,
  `${base()}/agendas`,
  `${base()}/agendas/${orgs.a.id}/agenda.ics`,
];
const facilitatorForms = (): [string, Record<string, string>][] => [
  [base(), { organisationA: String(orgs.a.id), organisationB: String(orgs.b.id) }],
  [`${base()}/suggestions`, {}],
  [`${base()}/${meetingId}/supprimer`, {}],
  [`${base()}/creneaux`, { debut: '9:00', duree: '20', nombre: '3', version: '0' }],
  [`${base()}/tables`, { nombreTables: '3', version: '0' }],
  [`${base()}/indisponibilites`, { version: '0' }],
  [`${base()}/planifier`, { version: '0' }],
  [`${base()}/deplacer`, { rendezvous: String(meetingId), creneau: '', version: '0' }],
  [`${base()}/${meetingId}/verrouiller`, { verrou: '0', version: '0' }],
];
const participantPages = () => [
  `/rencontres/${sessionId}/rendez-vous`,
  `/rencontres/${sessionId}/agenda`,
  `/rencontres/${sessionId}/agenda.ics`,
];

describe('facilitator pages', () => {
  it('answer 404 to a facilitator of another territory, who changes nothing', async () => {
    const browser = await signedIn(t.app, people.elsewhere.email);
    for (const url of facilitatorPages())
      expect([url, (await browser.get(url)).statusCode]).toEqual([url, 404]);
    for (const [url, form] of facilitatorForms())
      expect([url, (await browser.post(url, form)).statusCode]).toEqual([url, 404]);
    expect(
      await t.db.select().from(sessionMeetings).where(eq(sessionMeetings.sessionId, sessionId)),
    ).toHaveLength(1);
    expect(await t.db.select().from(meetingSlots)).toEqual([]);
    expect(await t.db.select().from(meetingTables)).toEqual([]);
    expect(await t.db.select().from(meetingPlans)).toEqual([]);
  });

  it('answer a member of an invited organization with 403 (not a facilitator)', async () => {
    const browser = await signedIn(t.app, people.member.email);
    for (const url of facilitatorPages()) expect((await browser.get(url)).statusCode).toBe(403);
  });

  it('open to a facilitator of the territory and to an admin', async () => {
    for (const person of [people.here, people.admin]) {
      const browser = await signedIn(t.app, person.email);
      for (const url of facilitatorPages())
        expect([url, (await browser.get(url)).statusCode]).toEqual([url, 200]);
    }
  });

  it('answer 404 for a session that does not exist or an id that is not one', async () => {
    const browser = await signedIn(t.app, people.admin.email);
    expect((await browser.get('/animation/rencontres/99999999/rendez-vous')).statusCode).toBe(404);
    expect((await browser.get('/animation/rencontres/1e3/rendez-vous')).statusCode).toBe(404);
  });
});

describe('participant pages', () => {
  it('open to members of an invited organization only', async () => {
    const member = await signedIn(t.app, people.member.email);
    for (const url of participantPages())
      expect([url, (await member.get(url)).statusCode]).toEqual([url, 200]);
    for (const person of [people.outsider, people.here, people.admin]) {
      const browser = await signedIn(t.app, person.email);
      for (const url of participantPages())
        expect([url, (await browser.get(url)).statusCode]).toEqual([url, 404]);
    }
    for (const url of participantPages()) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode === 401 || String(response.headers.location).startsWith('/connexion')).toBe(
        true,
      );
    }
  });
});
