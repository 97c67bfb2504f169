/**
 * Access rows: matchmaking sessions (/animation/rencontres, facilitators of the session's territory and
 * admins) and the participants' pages (/rencontres, members of an invited structure).
 */
import {
  matchmakingOutcomes,
  matchmakingSessionOrganizations,
  matchmakingSessions,
} from '../../../db/schema';
import type { Fixtures } from '../fixtures';
import { type Expect, everyone, FACILITATOR_ONLY, one, type RouteRow, SIGNED_IN, signedIn } from './expect';

/** A session of another territory (13): admins only, a 404 for the fixtures' facilitator (90, 25). */
const OTHER_TERRITORY: Expect = signedIn({ other: 'denied', owner: 'denied', facilitator: 'denied' });
/** The participant pages: members of an invited structure (the owner's), a 404 for everyone else. */
const PARTICIPANTS: Expect = { ...everyone('denied'), visitor: 'signin', owner: 'ok' };

/**
 * A session (one per key, so that a row that cancels or renames it leaves the others alone) in Belfort
 * (90) or Marseille (13), with the owner's structure invited.
 */
const session = (f: Fixtures, key: string, departement: '90' | '13' = '90') =>
  f.memo(`matchmaking-${key}-${departement}`, async () => {
    const [row] = await f.testApp.db
      .insert(matchmakingSessions)
      .values({
        kind: 'rencontre_affaires',
        title: `Rencontre ${key} ${departement}`,
        startsAt: new Date('2030-03-05T13:00:00Z'),
        endsAt: new Date('2030-03-05T16:00:00Z'),
        place: '1 place de la République',
        communeCode: departement === '90' ? '90010' : '13055',
        communeName: departement === '90' ? 'Belfort' : 'Marseille',
        departements: [departement],
        createdBy: f.people.facilitator.id,
      })
      .returning({ id: matchmakingSessions.id });
    await f.testApp.db.insert(matchmakingSessionOrganizations).values({
      sessionId: row.id,
      organizationId: departement === '90' ? f.orgs.owned.id : f.orgs.other.id,
    });
    return row.id;
  });

/** An outcome of a session (for the delete row). */
const outcome = (f: Fixtures, departement: '90' | '13') =>
  f.memo(`matchmaking-outcome-${departement}`, async () => {
    const sessionId = await session(f, 'outcome', departement);
    const [row] = await f.testApp.db
      .insert(matchmakingOutcomes)
      .values({ sessionId, kind: 'follow_up', note: 'Relancer' })
      .returning({ id: matchmakingOutcomes.id });
    return { sessionId, id: row.id };
  });

/** A session route in both territories: theirs (facilitators and admins) and another (admins only). */
const sessionCases = (key: string, suffix: string) => [
  {
    label: 'session of their territory',
    url: async (f: Fixtures) => `/animation/rencontres/${await session(f, key)}${suffix}`,
    expect: FACILITATOR_ONLY,
  },
  {
    label: 'session of another territory',
    url: async (f: Fixtures) => `/animation/rencontres/${await session(f, key, '13')}${suffix}`,
    expect: OTHER_TERRITORY,
  },
];

const sessionGet = (suffix: string): RouteRow => ({
  route: `GET /animation/rencontres/:id${suffix}`,
  cases: sessionCases('read', suffix),
});

const sessionPost = (
  suffix: string,
  writes: string[],
  fields: string[] | undefined,
  formPage = '',
): RouteRow => ({
  route: `POST /animation/rencontres/:id${suffix}`,
  cases: sessionCases(`post${suffix.replaceAll('/', '-')}`, suffix),
  writes,
  ...(fields ? { fields } : {}),
  formPage: async (f) =>
    `/animation/rencontres/${await session(f, `post${suffix.replaceAll('/', '-')}`)}${formPage}`,
});

const SCOPE = [
  'matchmaking_session_organizations',
  'matchmaking_session_needs',
  'matchmaking_session_offers',
];
const OUTCOMES = ['matchmaking_outcomes', 'matchmaking_outcome_organizations'];

export const MATCHMAKING_ROWS: RouteRow[] = [
  {
    route: 'GET /animation/rencontres',
    cases: [
      ...one('/animation/rencontres', FACILITATOR_ONLY, 'all their territories'),
      ...one('/animation/rencontres?departement=90', FACILITATOR_ONLY, 'one of their départements'),
      ...one('/animation/rencontres?departement=13', OTHER_TERRITORY, 'another territory'),
    ],
  },
  {
    route: 'GET /animation/rencontres/nouvelle',
    cases: one('/animation/rencontres/nouvelle', FACILITATOR_ONLY),
  },
  {
    route: 'POST /animation/rencontres',
    cases: one('/animation/rencontres', FACILITATOR_ONLY),
    writes: ['matchmaking_sessions'],
    formPage: () => '/animation/rencontres/nouvelle',
  },
  sessionGet(''),
  sessionGet('/modifier'),
  sessionGet('/fiche'),
  sessionGet('/fiche.csv'),
  sessionGet('/fiche.xlsx'),
  sessionGet('/invitation.ics'),
  sessionPost('', ['matchmaking_sessions'], undefined, '/modifier'),
  sessionPost('/annuler', ['matchmaking_sessions'], ['version']),
  sessionPost('/tenue', ['matchmaking_sessions'], ['version']),
  sessionPost('/structures', SCOPE, ['id']),
  sessionPost('/structures/retirer', SCOPE, ['id']),
  sessionPost('/besoins', ['matchmaking_session_needs'], ['id']),
  sessionPost('/besoins/retirer', ['matchmaking_session_needs'], ['id']),
  sessionPost('/offres', ['matchmaking_session_offers'], ['id']),
  sessionPost('/offres/retirer', ['matchmaking_session_offers'], ['id']),
  sessionPost('/mise-en-relation', ['matchmaking_sessions'], ['x']),
  sessionPost('/invitations', ['mail_outbox', 'matchmaking_session_organizations'], ['x']),
  sessionPost('/suites', OUTCOMES, ['kind', 'compositionId', 'postId', 'organizationIds', 'note', 'dueDate']),
  {
    route: 'POST /animation/rencontres/:id/suites/:outcomeId/supprimer',
    cases: [
      {
        label: 'outcome of a session of their territory',
        url: async (f) => {
          const o = await outcome(f, '90');
          return `/animation/rencontres/${o.sessionId}/suites/${o.id}/supprimer`;
        },
        expect: FACILITATOR_ONLY,
      },
      {
        label: 'outcome of a session of another territory',
        url: async (f) => {
          const o = await outcome(f, '13');
          return `/animation/rencontres/${o.sessionId}/suites/${o.id}/supprimer`;
        },
        expect: OTHER_TERRITORY,
      },
    ],
    writes: OUTCOMES,
    fields: ['x'],
  },
  { route: 'GET /rencontres', cases: one('/rencontres', SIGNED_IN) },
  {
    route: 'GET /rencontres/:id',
    cases: one(async (f) => `/rencontres/${await session(f, 'participant')}`, PARTICIPANTS),
  },
  {
    route: 'GET /rencontres/:id/invitation.ics',
    cases: one(async (f) => `/rencontres/${await session(f, 'participant')}/invitation.ics`, PARTICIPANTS),
  },
];
