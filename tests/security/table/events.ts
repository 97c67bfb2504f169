/**
 * Access rows: sessions as events (issue 17). The public pages (/evenements) for anyone, registering for
 * any signed-in person (a structure they are a member of), the facilitator's registrations, follow-ups and
 * series (/animation/…, facilitators of the session's territory), and the participants' profiles,
 * follow-up and satisfaction forms (/rencontres/:id/…, members of an invited structure).
 */
import {
  matchmakingEventSettings,
  matchmakingSessionOrganizations,
  matchmakingSessions,
} from '../../../db/schema';
import { duplicateSession } from '../../../server/events/series';
import { getSession } from '../../../server/matchmaking/service';
import type { Fixtures } from '../fixtures';
import {
  type Expect,
  everyone,
  FACILITATOR_ONLY,
  one,
  PUBLIC,
  type RouteRow,
  SIGNED_IN,
  signedIn,
} from './expect';

const OTHER_TERRITORY: Expect = signedIn({ other: 'denied', owner: 'denied', facilitator: 'denied' });
const PARTICIPANTS: Expect = { ...everyone('denied'), visitor: 'signin', owner: 'ok' };

/**
 * A session open to registration, in Belfort (90) or Marseille (13), with the owner's structure invited;
 * `past`: it ended (the follow-up and satisfaction forms are open).
 */
const event = (f: Fixtures, key: string, departement: '90' | '13' = '90', past = false) =>
  f.memo(`event-${key}-${departement}-${past}`, async () => {
    const startsAt = past ? new Date('2025-03-05T13:00:00Z') : new Date('2030-03-05T13:00:00Z');
    const [row] = await f.testApp.db
      .insert(matchmakingSessions)
      .values({
        kind: 'club_rh',
        title: `Club RH ${key} ${departement}`,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 3 * 3_600_000),
        communeCode: departement === '90' ? '90010' : '13055',
        communeName: departement === '90' ? 'Belfort' : 'Marseille',
        departements: [departement],
        createdBy: f.people.facilitator.id,
      })
      .returning({ id: matchmakingSessions.id });
    await f.testApp.db
      .insert(matchmakingEventSettings)
      .values({ sessionId: row.id, open: true, autoAccept: true });
    if (key !== 'register')
      await f.testApp.db.insert(matchmakingSessionOrganizations).values({
        sessionId: row.id,
        organizationId: departement === '90' ? f.orgs.owned.id : f.orgs.other.id,
      });
    return row.id;
  });

const facilitatorCases = (key: string, suffix: string) => [
  {
    label: 'session of their territory',
    url: async (f: Fixtures) => `/animation/rencontres/${await event(f, key)}${suffix}`,
    expect: FACILITATOR_ONLY,
  },
  {
    label: 'session of another territory',
    url: async (f: Fixtures) => `/animation/rencontres/${await event(f, key, '13')}${suffix}`,
    expect: OTHER_TERRITORY,
  },
];

const participantUrl = (suffix: string, past = false) =>
  one(
    async (f: Fixtures) =>
      `/rencontres/${await event(f, `participant${past ? '-past' : ''}`, '90', past)}${suffix}`,
    PARTICIPANTS,
  );

const REGISTRATION_TABLES = [
  'matchmaking_registrations',
  'matchmaking_session_organizations',
  'matchmaking_session_needs',
  'matchmaking_session_offers',
];

export const EVENT_ROWS: RouteRow[] = [
  { route: 'GET /evenements', cases: one('/evenements', PUBLIC) },
  {
    route: 'GET /evenements/:id',
    cases: one(async (f) => `/evenements/${await event(f, 'public')}`, PUBLIC),
  },
  {
    route: 'POST /evenements/:id/inscription',
    cases: one(async (f) => `/evenements/${await event(f, 'register')}/inscription`, SIGNED_IN),
    writes: REGISTRATION_TABLES,
    fields: ['structure', 'needIds', 'offerIds', 'seeks'],
  },
  {
    route: 'POST /evenements/:id/retrait',
    cases: one(async (f) => `/evenements/${await event(f, 'withdraw')}/retrait`, SIGNED_IN),
    writes: REGISTRATION_TABLES,
    fields: ['structure'],
  },
  {
    route: 'GET /animation/rencontres/:id/inscriptions',
    cases: facilitatorCases('settings', '/inscriptions'),
  },
  {
    route: 'POST /animation/rencontres/:id/inscriptions',
    cases: facilitatorCases('settings-post', '/inscriptions'),
    writes: ['matchmaking_event_settings', ...REGISTRATION_TABLES],
    fields: ['open', 'autoAccept', 'programme', 'audience', 'capacity'],
  },
  {
    route: 'POST /animation/rencontres/:id/inscriptions/decision',
    cases: facilitatorCases('decision', '/inscriptions/decision'),
    writes: REGISTRATION_TABLES,
    fields: ['registration', 'decision'],
  },
  {
    route: 'POST /animation/rencontres/:id/dupliquer',
    cases: facilitatorCases('duplicate', '/dupliquer'),
    writes: [
      'matchmaking_series',
      'matchmaking_event_settings',
      'matchmaking_sessions',
      'matchmaking_session_organizations',
      'matchmaking_session_needs',
      'matchmaking_session_offers',
    ],
    fields: ['date'],
  },
  {
    route: 'GET /animation/series/:id',
    cases: [
      {
        label: 'series of their territory',
        url: async (f) => `/animation/series/${await series(f, '90')}`,
        expect: FACILITATOR_ONLY,
      },
      {
        label: 'series of another territory',
        url: async (f) => `/animation/series/${await series(f, '13')}`,
        expect: OTHER_TERRITORY,
      },
    ],
  },
  { route: 'GET /rencontres/:id/participants', cases: participantUrl('/participants') },
  { route: 'GET /rencontres/:id/suivi', cases: participantUrl('/suivi', true) },
  {
    route: 'POST /rencontres/:id/suivi',
    cases: participantUrl('/suivi', true),
    writes: ['matchmaking_follow_ups', 'matchmaking_outcomes', 'matchmaking_outcome_organizations'],
    fields: ['structure', 'answers', 'note'],
  },
  { route: 'GET /rencontres/:id/satisfaction', cases: participantUrl('/satisfaction', true) },
  {
    route: 'POST /rencontres/:id/satisfaction',
    cases: participantUrl('/satisfaction', true),
    writes: ['matchmaking_satisfaction', 'matchmaking_satisfaction_respondents'],
    fields: ['structure', 'usefulness', 'organisation', 'wouldReturn', 'comment'],
  },
];

/** A series holding one session of the territory (made by duplicating it through the service). */
const series = (f: Fixtures, departement: '90' | '13') =>
  f.memo(`event-series-${departement}`, async () => {
    const id = await event(f, 'series', departement);
    const session = await getSession(f.testApp.db, id);
    if (!session) throw new Error('no session');
    return (await duplicateSession(f.testApp.db, session, '2030-05-07', f.people.facilitator.id)).seriesId;
  });
