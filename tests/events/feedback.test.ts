/**
 * After a session: participants see each other's profiles (suggested partners first), say what came of
 * their meetings (feeding the session's outcomes) and give an anonymous opinion whose results the
 * facilitator reads; a session duplicated into a series keeps its territory, scope and invitations.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  matchmakingEventSettings,
  matchmakingOutcomes,
  matchmakingSatisfaction,
  matchmakingSessionNeeds,
  matchmakingSessionOrganizations,
  matchmakingSessions,
} from '../../db/schema';
import type { SessionRunResult } from '../../db/schema/matchmaking';
import { signedIn } from '../meetings/helpers';
import { createTestApp, type TestApp } from '../support/app';
import { makeMatchmakingSession, makeNeed, makeOrganization, makePerson } from '../support/factories';

let t: TestApp;
let facilitator: { id: number; email: string };

beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 100_000, windowMs: 60_000 } });
  facilitator = await makePerson(t.db, { territories: ['90'] });
});

afterAll(async () => {
  await t.close();
});

const PAST = { startsAt: new Date('2026-01-15T08:00:00Z'), endsAt: new Date('2026-01-15T11:00:00Z') };

const run = (a: number, b: number): SessionRunResult => ({
  ranAt: '2026-01-01T00:00:00Z',
  needCount: 2,
  elapsedMs: 1,
  groups: [
    {
      kind: 'full',
      roleCode: 'M1203',
      roleLabel: 'Comptabilité',
      hoursHundredths: 3500,
      missingHundredths: 0,
      freeSlots: [],
      maxDistanceKm: 3,
      compositionId: null,
      members: [a, b].map((organizationId, i) => ({
        needId: i + 1,
        needTitle: 'Comptable',
        organizationId,
        organizationName: '',
        communeName: 'Belfort',
        hoursHundredths: 1750,
        slots: [],
      })),
    },
  ],
});

describe('participants before the session', () => {
  it('shows the other participants with what they bring, the suggested partner first', async () => {
    const me = await makePerson(t.db);
    const mine = await makeOrganization(t.db, { owner: me, name: 'Ma Régie' });
    const partner = await makeOrganization(t.db, { name: 'Partenaire Suggéré' });
    const other = await makeOrganization(t.db, { name: 'Autre Participant' });
    const need = await makeNeed(t.db, { org: other });
    const session = await makeMatchmakingSession(t.db, {
      organizations: [mine, partner, other],
      lastRun: run(mine.id, partner.id),
    });
    await t.db.insert(matchmakingSessionNeeds).values({ sessionId: session.id, needId: need.id });
    const browser = await signedIn(t.app, me.email);
    const page = await browser.get(`/rencontres/${session.id}/participants`);
    expect(page.statusCode).toBe(200);
    const suggested = page.body.indexOf('Partenaire Suggéré');
    const others = page.body.indexOf('Autre Participant');
    expect(suggested).toBeGreaterThan(0);
    expect(others).toBeGreaterThan(suggested);
    expect(page.body).toContain('Composition à temps plein : Comptabilité');
    expect(page.body).toContain(need.title);
    expect(page.body).not.toContain('<strong>Ma Régie</strong>');

    // The 1:1 request list offers the suggested partner first, marked as such.
    const requests = await browser.get(`/rencontres/${session.id}/rendez-vous`);
    const option = requests.body.indexOf('Partenaire Suggéré (Belfort) : suggéré');
    expect(option).toBeGreaterThan(0);
    expect(requests.body.indexOf('Autre Participant (Belfort)')).toBeGreaterThan(option);

    const outsider = await signedIn(t.app, (await makePerson(t.db)).email);
    expect((await outsider.get(`/rencontres/${session.id}/participants`)).statusCode).toBe(404);
  });
});

describe('after the session', () => {
  it('records the 30-day follow-up as the session’s outcomes, replacing an earlier answer', async () => {
    const me = await makePerson(t.db);
    const mine = await makeOrganization(t.db, { owner: me });
    const session = await makeMatchmakingSession(t.db, { organizations: [mine], ...PAST });
    const browser = await signedIn(t.app, me.email);
    await browser.get(`/rencontres/${session.id}/suivi`);
    const bad = await browser.post(`/rencontres/${session.id}/suivi`, {
      structure: String(mine.id),
      answers: ['nothing_yet', 'partnership'],
      note: 'gardée',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('« rien pour l’instant » ne va pas avec une autre réponse');
    expect(bad.body).toContain('gardée');

    const first = await browser.post(`/rencontres/${session.id}/suivi`, {
      structure: String(mine.id),
      answers: ['composition_agreed', 'partnership'],
    });
    expect(first.statusCode).toBe(303);
    const outcomes = () =>
      t.db.select().from(matchmakingOutcomes).where(eq(matchmakingOutcomes.sessionId, session.id));
    expect((await outcomes()).map((o) => o.kind)).toEqual(['composition_agreed']);

    await browser.post(`/rencontres/${session.id}/suivi`, {
      structure: String(mine.id),
      answers: 'ge_to_create',
    });
    expect((await outcomes()).map((o) => o.kind)).toEqual(['ge_to_create']);

    const animation = await signedIn(t.app, facilitator.email);
    const page = await animation.get(`/animation/rencontres/${session.id}/inscriptions`);
    expect(page.body).toContain('Un groupement d’employeurs est à créer : 1');
    expect(page.body).toContain('Une composition d’emploi partagé est convenue : 0');
  });

  it('keeps the follow-up and satisfaction forms closed before the end of the session', async () => {
    const me = await makePerson(t.db);
    const mine = await makeOrganization(t.db, { owner: me });
    const session = await makeMatchmakingSession(t.db, { organizations: [mine] });
    const browser = await signedIn(t.app, me.email);
    await browser.get(`/rencontres/${session.id}/satisfaction`);
    const response = await browser.post(`/rencontres/${session.id}/satisfaction`, {
      structure: String(mine.id),
      usefulness: '5',
      organisation: '4',
      wouldReturn: 'oui',
    });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Ce formulaire s’ouvre à la fin de la rencontre.');
  });

  it('stores satisfaction without the organization, once per organization, and shows the results', async () => {
    const a = await makePerson(t.db);
    const b = await makePerson(t.db);
    const orgA = await makeOrganization(t.db, { owner: a });
    const orgB = await makeOrganization(t.db, { owner: b });
    const session = await makeMatchmakingSession(t.db, { organizations: [orgA, orgB], ...PAST });
    const answer = async (person: { email: string }, org: { id: number }, form: Record<string, string>) => {
      const browser = await signedIn(t.app, person.email);
      await browser.get(`/rencontres/${session.id}/satisfaction`);
      return browser.post(`/rencontres/${session.id}/satisfaction`, { structure: String(org.id), ...form });
    };
    const bad = await answer(a, orgA, { usefulness: '9', organisation: '4', wouldReturn: 'oui' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Utilité des rendez-vous : choisissez une note de 1 à 5.');
    expect(
      (
        await answer(a, orgA, {
          usefulness: '5',
          organisation: '4',
          wouldReturn: 'oui',
          comment: 'Très utile',
        })
      ).statusCode,
    ).toBe(303);
    const twice = await answer(a, orgA, { usefulness: '1', organisation: '1', wouldReturn: 'non' });
    expect(twice.statusCode).toBe(422);
    expect(twice.body).toContain('déjà donné son avis');
    await answer(b, orgB, { usefulness: '3', organisation: '2', wouldReturn: 'non' });

    const rows = await t.db
      .select()
      .from(matchmakingSatisfaction)
      .where(eq(matchmakingSatisfaction.sessionId, session.id));
    expect(rows).toHaveLength(2);
    expect(Object.keys(rows[0]).sort()).toEqual(
      ['comment', 'id', 'organisation', 'sessionId', 'usefulness', 'wouldReturn'].sort(),
    );

    const animation = await signedIn(t.app, facilitator.email);
    const page = await animation.get(`/animation/rencontres/${session.id}/inscriptions`);
    expect(page.body).toContain('Réponses : 2');
    expect(page.body).toContain('Utilité des rendez-vous : 4 / 5');
    expect(page.body).toContain('Reviendraient : 50 %');
    expect(page.body).toContain('Très utile');

    // Across sessions: the territory's indicators for the period.
    const indicators = await animation.get('/animation/indicateurs?du=2026-01-01&au=2026-01-31');
    expect(indicators.statusCode).toBe(200);
    expect(indicators.body).toContain('Rencontres de la période : suites et satisfaction');
    expect(indicators.body).toContain('Reviendraient : 50 %');
  });
});

describe('recurring series', () => {
  it('duplicates a session with its territory, scope and invitations, and lists the series', async () => {
    const org = await makeOrganization(t.db, { name: 'Membre du Club' });
    const need = await makeNeed(t.db, { org });
    const session = await makeMatchmakingSession(t.db, {
      organizations: [org],
      title: 'Club RH de Belfort',
      departements: ['90'],
      ...PAST,
    });
    await t.db.insert(matchmakingSessionNeeds).values({ sessionId: session.id, needId: need.id });
    const browser = await signedIn(t.app, facilitator.email);
    await browser.get(`/animation/rencontres/${session.id}/inscriptions`);
    const bad = await browser.post(`/animation/rencontres/${session.id}/dupliquer`, { date: '2026-02-31' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Date de la prochaine rencontre : cette date n’existe pas.');

    const response = await browser.post(`/animation/rencontres/${session.id}/dupliquer`, {
      date: '2026-03-17',
    });
    expect(response.statusCode).toBe(303);
    const copyId = Number(/\/animation\/rencontres\/(\d+)/.exec(response.headers.location as string)?.[1]);
    const [copy] = await t.db.select().from(matchmakingSessions).where(eq(matchmakingSessions.id, copyId));
    // 9:00 Paris in winter (15 January) and 9:00 Paris on 17 March (still winter time).
    expect(copy.startsAt.toISOString()).toBe('2026-03-17T08:00:00.000Z');
    expect(copy.departements).toEqual(['90']);
    const invited = await t.db
      .select()
      .from(matchmakingSessionOrganizations)
      .where(eq(matchmakingSessionOrganizations.sessionId, copyId));
    expect(invited.map((i) => i.organizationId)).toEqual([org.id]);
    const scope = await t.db
      .select()
      .from(matchmakingSessionNeeds)
      .where(eq(matchmakingSessionNeeds.sessionId, copyId));
    expect(scope.map((s) => s.needId)).toEqual([need.id]);

    // A second duplicate stays in the same series, at summer time.
    await browser.post(`/animation/rencontres/${session.id}/dupliquer`, { date: '2026-05-19' });
    const [settings] = await t.db
      .select()
      .from(matchmakingEventSettings)
      .where(eq(matchmakingEventSettings.sessionId, session.id));
    await t.db.insert(matchmakingOutcomes).values({ sessionId: session.id, kind: 'ge_to_create' });
    const series = await browser.get(`/animation/series/${settings.seriesId}`);
    expect(series.statusCode).toBe(200);
    expect(
      series.body.match(/Club RH de Belfort|\/animation\/rencontres\/\d+"/g)?.length,
    ).toBeGreaterThanOrEqual(3);
    expect(series.body).toContain('Groupement d’employeurs à créer : 1');
    expect(series.body).toContain('19 mai 2026');

    const elsewhere = await signedIn(t.app, (await makePerson(t.db, { territories: ['13'] })).email);
    expect((await elsewhere.get(`/animation/series/${settings.seriesId}`)).statusCode).toBe(404);
  });
});
