/**
 * Meeting requests as participants and the facilitator make them: a request and its listing on both
 * sides, duplicates refused whichever side asks, cancelling one's own request only, closed sessions,
 * no contact details on participant pages, meetings added by hand, and the suggested meetings (from the
 * session's run and the offers in scope) added once with their reason.
 */
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchmakingSessionOffers, offers, sessionMeetings } from '../../db/schema';
import { createTestApp, type TestApp } from '../support/app';
import { makeMatchmakingSession, makeOrganization, makePerson } from '../support/factories';
import { signedIn } from './helpers';

let t: TestApp;
let people: Record<'a' | 'b' | 'c' | 'outsider' | 'facilitator', { id: number; email: string }>;
let orgs: Record<'a' | 'b' | 'c' | 'outsider', { id: number; name: string }>;
let sessionId: number;

const meetingsOf = (id: number) =>
  t.db.select().from(sessionMeetings).where(eq(sessionMeetings.sessionId, id));

beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 100_000, windowMs: 60_000 } });
  people = {
    a: await makePerson(t.db, { displayName: 'Alice Atelier', phone: '06 12 34 56 78' }),
    b: await makePerson(t.db, { displayName: 'Bruno Bois', phone: '06 98 76 54 32' }),
    c: await makePerson(t.db),
    outsider: await makePerson(t.db),
    facilitator: await makePerson(t.db, { territories: ['90'] }),
  };
  orgs = {
    a: await makeOrganization(t.db, { owner: people.a, name: 'Atelier du Lion' }),
    b: await makeOrganization(t.db, { owner: people.b, name: 'Bois et Compagnie', kind: 'SCOP' }),
    c: await makeOrganization(t.db, { owner: people.c, name: 'Cyclerie solidaire' }),
    outsider: await makeOrganization(t.db, { owner: people.outsider, name: 'Structure non invitée' }),
  };
  sessionId = (await makeMatchmakingSession(t.db, { organizations: [orgs.a.id, orgs.b.id, orgs.c.id] })).id;
});
afterAll(async () => {
  await t?.close();
});

describe('participant requests', () => {
  it('lists the other invited organizations without anyone’s contact details', async () => {
    const browser = await signedIn(t.app, people.a.email);
    const response = await browser.get(`/rencontres/${sessionId}/rendez-vous`);
    expect(response.statusCode).toBe(200);
    const participants = /<ul class="meetings-participants" id="participants">([\s\S]*?)<\/ul>/.exec(
      response.body,
    )?.[1];
    expect(participants).toContain('Bois et Compagnie');
    expect(participants).toContain('Cyclerie solidaire');
    expect(participants).not.toContain('Atelier du Lion');
    expect(response.body).not.toContain('Structure non invitée');
    for (const secret of [people.b.email, people.c.email, '06 98 76 54 32', 'Bruno Bois'])
      expect(response.body).not.toContain(secret);
  });

  it('records a request, shown to both organizations', async () => {
    const a = await signedIn(t.app, people.a.email);
    await a.get(`/rencontres/${sessionId}/rendez-vous`);
    const response = await a.post(`/rencontres/${sessionId}/rendez-vous`, {
      organisation: String(orgs.b.id),
      motif: 'Mutualiser la comptabilité',
    });
    expect(response.statusCode).toBe(303);
    const [row] = await meetingsOf(sessionId);
    expect(row).toMatchObject({
      source: 'participant',
      requestedByOrganizationId: orgs.a.id,
      requestedBy: people.a.id,
      reason: 'Mutualiser la comptabilité',
    });
    const mine = await a.get(`/rencontres/${sessionId}/rendez-vous`);
    expect(
      /id="demandes-envoyees"[\s\S]*?Bois et Compagnie[\s\S]*?Mutualiser la comptabilité/.test(mine.body),
    ).toBe(true);
    const b = await signedIn(t.app, people.b.email);
    const theirs = await b.get(`/rencontres/${sessionId}/rendez-vous`);
    expect(
      /id="demandes-recues"[\s\S]*?Atelier du Lion[\s\S]*?Mutualiser la comptabilité/.test(theirs.body),
    ).toBe(true);
    expect(theirs.body).not.toContain('id="demandes-envoyees"');
  });

  it('refuses a duplicate, from either side, with a French message and the input kept', async () => {
    for (const [person, target] of [
      [people.a, orgs.b],
      [people.b, orgs.a],
    ] as const) {
      const browser = await signedIn(t.app, person.email);
      await browser.get(`/rencontres/${sessionId}/rendez-vous`);
      const response = await browser.post(`/rencontres/${sessionId}/rendez-vous`, {
        organisation: String(target.id),
        motif: 'Encore une fois',
      });
      expect(response.statusCode).toBe(422);
      expect(response.body).toContain('un rendez-vous est déjà demandé entre vos deux structures');
      expect(response.body).toContain('Encore une fois');
    }
    expect(await meetingsOf(sessionId)).toHaveLength(1);
  });

  it('refuses a request to oneself, to an organization not invited, or without a choice', async () => {
    const browser = await signedIn(t.app, people.a.email);
    await browser.get(`/rencontres/${sessionId}/rendez-vous`);
    for (const [organisation, message] of [
      [String(orgs.a.id), 'autre structure que la vôtre'],
      [String(orgs.outsider.id), 'structure invitée à la rencontre'],
      ['', 'choisissez une structure'],
      ['abc', 'choisissez une structure'],
    ]) {
      const response = await browser.post(`/rencontres/${sessionId}/rendez-vous`, { organisation });
      expect(response.statusCode).toBe(422);
      expect(response.body).toContain(message);
    }
    expect(await meetingsOf(sessionId)).toHaveLength(1);
  });

  it('lets only the requesting organization cancel its request', async () => {
    const [meeting] = await meetingsOf(sessionId);
    const b = await signedIn(t.app, people.b.email);
    await b.get(`/rencontres/${sessionId}/rendez-vous`);
    expect((await b.post(`/rencontres/${sessionId}/rendez-vous/${meeting.id}/annuler`)).statusCode).toBe(404);
    expect(await meetingsOf(sessionId)).toHaveLength(1);
    const a = await signedIn(t.app, people.a.email);
    await a.get(`/rencontres/${sessionId}/rendez-vous`);
    expect((await a.post(`/rencontres/${sessionId}/rendez-vous/${meeting.id}/annuler`)).statusCode).toBe(303);
    expect(await meetingsOf(sessionId)).toHaveLength(0);
  });

  it('answers 404 to members of organizations that are not invited', async () => {
    const browser = await signedIn(t.app, people.outsider.email);
    expect((await browser.get(`/rencontres/${sessionId}/rendez-vous`)).statusCode).toBe(404);
    expect((await browser.get(`/rencontres/${sessionId}/agenda`)).statusCode).toBe(404);
    const response = await browser.post(`/rencontres/${sessionId}/rendez-vous`, {
      organisation: String(orgs.a.id),
    });
    expect(response.statusCode).toBe(404);
    expect(await meetingsOf(sessionId)).toHaveLength(0);
  });

  it('closes requests once the session is held or cancelled', async () => {
    const held = await makeMatchmakingSession(t.db, {
      organizations: [orgs.a.id, orgs.b.id],
      status: 'held',
    });
    const browser = await signedIn(t.app, people.a.email);
    const page = await browser.get(`/rencontres/${held.id}/rendez-vous`);
    expect(page.body).toContain('les demandes de rendez-vous sont closes');
    const response = await browser.post(`/rencontres/${held.id}/rendez-vous`, {
      organisation: String(orgs.b.id),
    });
    expect(response.statusCode).toBe(422);
    expect(await meetingsOf(held.id)).toHaveLength(0);
  });
});

describe('facilitator meetings', () => {
  it('adds a meeting between two invited organizations, and refuses it twice', async () => {
    const browser = await signedIn(t.app, people.facilitator.email);
    const url = `/animation/rencontres/${sessionId}/rendez-vous`;
    await browser.get(url);
    const form = {
      organisationA: String(orgs.c.id),
      organisationB: String(orgs.a.id),
      motif: 'Achats groupés',
    };
    expect((await browser.post(url, form)).statusCode).toBe(303);
    const again = await browser.post(url, {
      ...form,
      organisationA: String(orgs.a.id),
      organisationB: String(orgs.c.id),
    });
    expect(again.statusCode).toBe(422);
    expect(again.body).toContain('Ces deux structures ont déjà un rendez-vous prévu.');
    const same = await browser.post(url, {
      organisationA: String(orgs.a.id),
      organisationB: String(orgs.a.id),
    });
    expect(same.statusCode).toBe(422);
    expect(same.body).toContain('choisissez une autre structure que la première');
    const outside = await browser.post(url, {
      organisationA: String(orgs.a.id),
      organisationB: String(orgs.outsider.id),
    });
    expect(outside.statusCode).toBe(422);
    const rows = await meetingsOf(sessionId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      source: 'facilitator',
      requestedByOrganizationId: null,
      reason: 'Achats groupés',
    });
    const page = await browser.get(url);
    expect(page.body).toContain('Ajouté par l’animation');
    // The participants see it as proposed by the facilitator.
    const a = await signedIn(t.app, people.a.email);
    expect((await a.get(`/rencontres/${sessionId}/rendez-vous`)).body).toContain(
      'id="rendez-vous-animation"',
    );
  });

  it('adds the suggested meetings of the run and of the offers, each once, with the reason', async () => {
    const facilitator = people.facilitator;
    const member = (o: { id: number; name: string }) => ({
      needId: 1,
      needTitle: 'Comptable',
      organizationId: o.id,
      organizationName: o.name,
      communeName: 'Belfort',
      hoursHundredths: 1750,
      slots: ['mon-am'],
    });
    const session = await makeMatchmakingSession(t.db, {
      organizations: [orgs.a.id, orgs.b.id, orgs.c.id],
      lastRun: {
        ranAt: new Date().toISOString(),
        needCount: 4,
        elapsedMs: 3,
        groups: [
          {
            kind: 'full',
            roleCode: 'M1203',
            roleLabel: 'Comptabilité',
            hoursHundredths: 3500,
            missingHundredths: 0,
            freeSlots: [],
            maxDistanceKm: 2,
            compositionId: null,
            // The outsider is not invited: no meeting with it.
            members: [member(orgs.a), member(orgs.b), member(orgs.outsider)],
          },
          {
            kind: 'partial',
            roleCode: 'M1203',
            roleLabel: 'Comptabilité',
            hoursHundredths: 2800,
            missingHundredths: 700,
            freeSlots: [],
            maxDistanceKm: 2,
            compositionId: null,
            members: [member(orgs.a), member(orgs.b)],
          },
        ],
      },
    });
    // An offer of C in scope: A and B are validated neighbours of a usual kind, so suggested partners.
    const [offer] = await t.db
      .insert(offers)
      .values({
        organizationId: orgs.c.id,
        kind: 'joint_purchasing',
        title: 'Achats groupés de fournitures',
        departements: ['90'],
        status: 'published',
        publishedAt: new Date(),
      })
      .returning();
    await t.db.insert(matchmakingSessionOffers).values({ sessionId: session.id, offerId: offer.id });

    const browser = await signedIn(t.app, facilitator.email);
    const url = `/animation/rencontres/${session.id}/rendez-vous`;
    await browser.get(url);
    const response = await browser.post(`${url}/suggestions`);
    expect(response.statusCode).toBe(303);
    const rows = await meetingsOf(session.id);
    const pairs = rows.map((r) => [r.organizationLowId, r.organizationHighId].join('-')).sort();
    const pair = (x: { id: number }, y: { id: number }) =>
      [Math.min(x.id, y.id), Math.max(x.id, y.id)].join('-');
    expect(pairs).toEqual([pair(orgs.a, orgs.b), pair(orgs.a, orgs.c), pair(orgs.b, orgs.c)].sort());
    const ab = rows.find(
      (r) => [r.organizationLowId, r.organizationHighId].join('-') === pair(orgs.a, orgs.b),
    );
    // Found twice (full and partial): one meeting, both reasons.
    expect(ab?.reason).toContain('Composition à temps plein : Comptabilité (35 h)');
    expect(ab?.reason).toContain('Composition à compléter : Comptabilité (il manque 7 h)');
    const ac = rows.find(
      (r) => [r.organizationLowId, r.organizationHighId].join('-') === pair(orgs.a, orgs.c),
    );
    expect(ac?.reason).toContain('Offre « Achats groupés de fournitures » : partenaire suggéré');
    expect(rows.every((r) => r.source === 'suggested')).toBe(true);

    // Again: nothing added twice.
    await browser.post(`${url}/suggestions`);
    const [{ n }] = await t.db
      .select({ n: count() })
      .from(sessionMeetings)
      .where(and(eq(sessionMeetings.sessionId, session.id)));
    expect(n).toBe(3);
    const page = await browser.get(url);
    expect(page.body).toContain('Composition à temps plein');
  });
});
