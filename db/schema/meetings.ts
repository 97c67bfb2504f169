/**
 * 1:1 meetings during a matchmaking session: who asked to meet whom, the time slots and tables the
 * facilitator set, when an organization cannot attend, and the plan ("tout planifier" or a hand move)
 * stored on each meeting. See docs/meetings.md.
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { people } from './accounts';
import { matchmakingSessionOrganizations, matchmakingSessions } from './matchmaking';
import { organizations } from './organizations';

/** 'participant': asked by a member; 'facilitator': added by hand; 'suggested': from the run or an offer. */
export const MEETING_SOURCES = ['participant', 'facilitator', 'suggested'] as const;
export type MeetingSource = (typeof MEETING_SOURCES)[number];

const quoted = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(','));

/** A time slot of the session's day in which each table hosts one meeting. */
export const meetingSlots = pgTable(
  'meeting_slots',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    sessionId: integer()
      .notNull()
      .references(() => matchmakingSessions.id, { onDelete: 'cascade' }),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('meeting_slots_session_idx').on(t.sessionId, t.startsAt),
    check('meeting_slots_times_check', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/** A table of the room ("Table 1", "Salle bleue"); `position` keeps the facilitator's order. */
export const meetingTables = pgTable(
  'meeting_tables',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    sessionId: integer()
      .notNull()
      .references(() => matchmakingSessions.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    position: integer().notNull(),
  },
  (t) => [uniqueIndex('meeting_tables_session_name_key').on(t.sessionId, t.name)],
);

/**
 * One meeting between two invited organizations, whoever asked for it, stored once per pair: the pair is
 * kept in id order (low, high) and unique per session, so a second request for the same pair is a
 * duplicate the database refuses too. Both organizations must be invited (composite keys to the session's
 * invitations): un-inviting one removes its meetings. `slotId`/`tableId` are the plan; `locked` keeps a
 * meeting there when the facilitator plans again; `unscheduledReason` says why the last plan left it out.
 */
export const sessionMeetings = pgTable(
  'session_meetings',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    sessionId: integer()
      .notNull()
      .references(() => matchmakingSessions.id, { onDelete: 'cascade' }),
    organizationLowId: integer()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    organizationHighId: integer()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** The organization that asked (one of the pair); null when the facilitator added the meeting. */
    requestedByOrganizationId: integer().references(() => organizations.id, { onDelete: 'set null' }),
    requestedBy: integer().references(() => people.id, { onDelete: 'set null' }),
    source: text().$type<MeetingSource>().notNull(),
    reason: text().notNull().default(''),
    slotId: integer().references(() => meetingSlots.id, { onDelete: 'set null' }),
    tableId: integer().references(() => meetingTables.id, { onDelete: 'set null' }),
    locked: boolean().notNull().default(false),
    unscheduledReason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('session_meetings_pair_key').on(t.sessionId, t.organizationLowId, t.organizationHighId),
    index('session_meetings_high_idx').on(t.sessionId, t.organizationHighId),
    check('session_meetings_pair_order_check', sql`${t.organizationLowId} < ${t.organizationHighId}`),
    check('session_meetings_source_check', sql`${t.source} in (${quoted(MEETING_SOURCES)})`),
    foreignKey({
      name: 'session_meetings_low_invited_fk',
      columns: [t.sessionId, t.organizationLowId],
      foreignColumns: [
        matchmakingSessionOrganizations.sessionId,
        matchmakingSessionOrganizations.organizationId,
      ],
    }).onDelete('cascade'),
    foreignKey({
      name: 'session_meetings_high_invited_fk',
      columns: [t.sessionId, t.organizationHighId],
      foreignColumns: [
        matchmakingSessionOrganizations.sessionId,
        matchmakingSessionOrganizations.organizationId,
      ],
    }).onDelete('cascade'),
  ],
);

/** A slot an invited organization cannot attend (arriving late, leaving early). */
export const meetingUnavailabilities = pgTable(
  'meeting_unavailabilities',
  {
    slotId: integer()
      .notNull()
      .references(() => meetingSlots.id, { onDelete: 'cascade' }),
    sessionId: integer().notNull(),
    organizationId: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.slotId, t.organizationId] }),
    index('meeting_unavailabilities_session_idx').on(t.sessionId),
    foreignKey({
      name: 'meeting_unavailabilities_invited_fk',
      columns: [t.sessionId, t.organizationId],
      foreignColumns: [
        matchmakingSessionOrganizations.sessionId,
        matchmakingSessionOrganizations.organizationId,
      ],
    }).onDelete('cascade'),
  ],
);

/** The figures of the last "tout planifier", shown above the grid. */
export interface MeetingPlanStats {
  scheduled: number;
  unscheduled: number;
  waitingGaps: number;
  provedOptimal: boolean;
  elapsedMs: number;
}

/**
 * The plan's version per session: every change of placement (tout planifier, a move, a lock, new slots or
 * tables, unavailabilities) posts the version it was read at and bumps it, so two facilitators planning at
 * once cannot overwrite each other. No row yet means version 0.
 */
export const meetingPlans = pgTable('meeting_plans', {
  sessionId: integer()
    .primaryKey()
    .references(() => matchmakingSessions.id, { onDelete: 'cascade' }),
  version: integer().notNull().default(1),
  plannedAt: timestamp({ withTimezone: true }),
  plannedBy: integer().references(() => people.id, { onDelete: 'set null' }),
  stats: jsonb().$type<MeetingPlanStats>(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
