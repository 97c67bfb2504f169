/**
 * Access rows: the 1:1 meetings of a matchmaking session. Facilitator pages (/animation/rencontres/:id/
 * rendez-vous…) are for facilitators of the session's territory and admins; participant pages
 * (/rencontres/:id/rendez-vous, /agenda) for members of an invited organization only.
 */
import { matchmakingSessionOrganizations, matchmakingSessions, sessionMeetings } from '../../../db/schema';
import { makeOrganization } from '../../support/factories';
import type { Fixtures } from '../fixtures';
import { type Expect, everyone, FACILITATOR_ONLY, type RouteRow, signedIn } from './expect';

/** Sessions of a département the fixtures' facilitator (90, 25) does not facilitate: admins only. */
const OTHER_TERRITORY: Expect = signedIn({ other: 'denied', owner: 'denied', facilitator: 'denied' });
/** Members of the invited organization (`orgs.owned`); facilitators and admins are not participants. */
const PARTICIPANT: Expect = { ...everyone('denied'), visitor: 'signin', owner: 'ok' };
const NOBODY: Expect = { ...everyone('denied'), visitor: 'signin' };

/** A planned session in Belfort (90) inviting `orgs.owned` and a partner, or in Marseille (13) inviting `orgs.other`. */
const session = (f: Fixtures, departement: '90' | '13') =>
  f.memo(`meetings-session-${departement}`, async () => {
    const db = f.testApp.db;
    const partner = await makeOrganization(db, { name: `Partenaire ${departement}` });
    const [row] = await db
      .insert(matchmakingSessions)
      .values({
        kind: 'rencontre_affaires',
        title: `Rencontre ${departement}`,
        startsAt: new Date('2030-03-10T08:00:00Z'),
        endsAt: new Date('2030-03-10T11:00:00Z'),
        communeCode: departement === '90' ? '90010' : '13055',
        communeName: departement === '90' ? 'Belfort' : 'Marseille',
        departements: [departement],
      })
      .returning({ id: matchmakingSessions.id });
    const invited = departement === '90' ? f.orgs.owned.id : f.orgs.other.id;
    await db.insert(matchmakingSessionOrganizations).values([
      { sessionId: row.id, organizationId: invited },
      { sessionId: row.id, organizationId: partner.id },
    ]);
    return { id: row.id, invited };
  });

/**
 * A new meeting in the session, requested by the invited fixture organization, with a new invited
 * partner: rows that delete a meeting get one per request.
 */
async function freshMeeting(f: Fixtures, departement: '90' | '13') {
  const db = f.testApp.db;
  const s = await session(f, departement);
  const partner = await makeOrganization(db, {});
  await db.insert(matchmakingSessionOrganizations).values({ sessionId: s.id, organizationId: partner.id });
  const [row] = await db
    .insert(sessionMeetings)
    .values({
      sessionId: s.id,
      organizationLowId: Math.min(s.invited, partner.id),
      organizationHighId: Math.max(s.invited, partner.id),
      source: 'participant',
      requestedByOrganizationId: s.invited,
    })
    .returning({ id: sessionMeetings.id });
  return { sessionId: s.id, meetingId: row.id };
}

const facilitatorBase = async (f: Fixtures, d: '90' | '13') =>
  `/animation/rencontres/${(await session(f, d)).id}/rendez-vous`;
const participantBase = async (f: Fixtures, d: '90' | '13') => `/rencontres/${(await session(f, d)).id}`;

/** A facilitator route on their territory's session, another territory's, and ids that are not sessions. */
function facilitatorRow(method: 'GET' | 'POST', suffix: string, extra: Partial<RouteRow> = {}): RouteRow {
  return {
    route: `${method} /animation/rencontres/:id/rendez-vous${suffix}`,
    cases: [
      {
        label: 'their territory',
        url: async (f) => `${await facilitatorBase(f, '90')}${suffix}`,
        expect: FACILITATOR_ONLY,
      },
      {
        label: 'another territory',
        url: async (f) => `${await facilitatorBase(f, '13')}${suffix}`,
        expect: OTHER_TERRITORY,
      },
      {
        label: 'no such session',
        url: () => `/animation/rencontres/99999999/rendez-vous${suffix}`,
        expect: NOBODY,
      },
      { label: 'not an id', url: () => `/animation/rencontres/abc/rendez-vous${suffix}`, expect: NOBODY },
    ],
    ...extra,
  };
}

function participantRow(method: 'GET' | 'POST', suffix: string, extra: Partial<RouteRow> = {}): RouteRow {
  return {
    route: `${method} /rencontres/:id${suffix}`,
    cases: [
      {
        label: 'invited organization',
        url: async (f) => `${await participantBase(f, '90')}${suffix}`,
        expect: PARTICIPANT,
      },
      {
        label: 'session inviting another organization',
        url: async (f) => `${await participantBase(f, '13')}${suffix}`,
        expect: { ...NOBODY, other: 'ok' },
      },
      { label: 'no such session', url: () => `/rencontres/99999999${suffix}`, expect: NOBODY },
    ],
    ...extra,
  };
}

const PLAN_WRITES = ['meeting_plans', 'session_meetings'];

export const MEETING_ROWS: RouteRow[] = [
  // --- facilitator
  facilitatorRow('GET', ''),
  facilitatorRow('POST', '', {
    writes: ['session_meetings'],
    fields: ['organisationA', 'organisationB', 'motif'],
  }),
  facilitatorRow('POST', '/suggestions', { writes: ['session_meetings'], fields: ['x'] }),
  {
    route: 'POST /animation/rencontres/:id/rendez-vous/:meetingId/supprimer',
    cases: [
      {
        label: 'their territory',
        url: async (f) => {
          const m = await freshMeeting(f, '90');
          return `/animation/rencontres/${m.sessionId}/rendez-vous/${m.meetingId}/supprimer`;
        },
        expect: FACILITATOR_ONLY,
      },
      {
        label: 'another territory',
        url: async (f) => {
          const m = await freshMeeting(f, '13');
          return `/animation/rencontres/${m.sessionId}/rendez-vous/${m.meetingId}/supprimer`;
        },
        expect: OTHER_TERRITORY,
      },
      {
        label: 'a meeting of another session',
        url: async (f) => {
          const m = await freshMeeting(f, '13');
          return `${await facilitatorBase(f, '90')}/${m.meetingId}/supprimer`;
        },
        expect: NOBODY,
      },
    ],
    writes: ['session_meetings'],
    fields: ['x'],
  },
  facilitatorRow('GET', '/creneaux'),
  facilitatorRow('POST', '/creneaux', {
    writes: ['meeting_slots', 'meeting_unavailabilities', ...PLAN_WRITES],
    fields: ['version', 'debut', 'duree', 'pause', 'nombre', 'liste'],
  }),
  facilitatorRow('POST', '/tables', {
    writes: ['meeting_tables', ...PLAN_WRITES],
    fields: ['version', 'nombreTables', 'noms'],
  }),
  facilitatorRow('POST', '/indisponibilites', {
    writes: ['meeting_unavailabilities', 'meeting_plans'],
    fields: ['version', 'absent'],
  }),
  facilitatorRow('GET', '/planning'),
  facilitatorRow('POST', '/planifier', { writes: PLAN_WRITES, fields: ['version'] }),
  facilitatorRow('POST', '/deplacer', {
    writes: PLAN_WRITES,
    fields: ['version', 'rendezvous', 'creneau', 'table', 'verrouiller'],
  }),
  {
    route: 'POST /animation/rencontres/:id/rendez-vous/:meetingId/verrouiller',
    cases: [
      {
        label: 'their territory',
        url: async (f) => {
          const m = await freshMeeting(f, '90');
          return `/animation/rencontres/${m.sessionId}/rendez-vous/${m.meetingId}/verrouiller`;
        },
        expect: FACILITATOR_ONLY,
      },
      {
        label: 'another territory',
        url: async (f) => {
          const m = await freshMeeting(f, '13');
          return `/animation/rencontres/${m.sessionId}/rendez-vous/${m.meetingId}/verrouiller`;
        },
        expect: OTHER_TERRITORY,
      },
    ],
    writes: PLAN_WRITES,
    fields: ['version', 'verrou'],
  },
  facilitatorRow('GET', '/agendas'),
  {
    route: 'GET /animation/rencontres/:id/rendez-vous/agendas/:organizationId/agenda.ics',
    cases: [
      {
        label: 'invited organization, their territory',
        url: async (f) => `${await facilitatorBase(f, '90')}/agendas/${f.orgs.owned.id}/agenda.ics`,
        expect: FACILITATOR_ONLY,
      },
      {
        label: 'another territory',
        url: async (f) => `${await facilitatorBase(f, '13')}/agendas/${f.orgs.other.id}/agenda.ics`,
        expect: OTHER_TERRITORY,
      },
      {
        label: 'organization not invited',
        url: async (f) => `${await facilitatorBase(f, '90')}/agendas/${f.orgs.other.id}/agenda.ics`,
        expect: NOBODY,
      },
    ],
  },
  // --- participants
  participantRow('GET', '/rendez-vous'),
  participantRow('POST', '/rendez-vous', {
    writes: ['session_meetings'],
    fields: ['structure', 'organisation', 'motif'],
  }),
  {
    route: 'POST /rencontres/:id/rendez-vous/:meetingId/annuler',
    cases: [
      {
        label: 'own request',
        url: async (f) => {
          const m = await freshMeeting(f, '90');
          return `/rencontres/${m.sessionId}/rendez-vous/${m.meetingId}/annuler`;
        },
        expect: PARTICIPANT,
      },
      {
        label: 'a meeting of another session',
        url: async (f) => {
          const m = await freshMeeting(f, '13');
          return `${await participantBase(f, '90')}/rendez-vous/${m.meetingId}/annuler`;
        },
        expect: NOBODY,
      },
    ],
    writes: ['session_meetings'],
    fields: ['structure'],
  },
  participantRow('GET', '/agenda'),
  participantRow('GET', '/agenda.ics'),
];
