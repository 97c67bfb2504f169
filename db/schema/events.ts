/**
 * Matchmaking sessions as public events (issue 17): registration settings of a session, the structures'
 * registrations (with a cap and a waiting list), the reminder and follow-up mails sent (one claim row per
 * session, organization and kind: the mail goes out once even with two instances), the 30-day follow-up
 * answers, the anonymous satisfaction answers and the recurring series. See docs/events.md.
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { people } from './accounts';
import { matchmakingSessions } from './matchmaking';
import { organizations } from './organizations';

const quoted = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(','));

/** A recurring series of sessions ("Club RH de Belfort", every two months). */
export const matchmakingSeries = pgTable('matchmaking_series', {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  title: text().notNull(),
  createdBy: integer().references(() => people.id, { onDelete: 'set null' }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * A session open to registration: its public programme and audience, the cap (null: none), automatic
 * acceptance for validated structures of the session's territory, and its series. No row: the session is
 * not open (invitations only, as before). Registrations lock this row (SELECT … FOR UPDATE) while they
 * count the places left, so two registrations for the last place never both get it.
 */
export const matchmakingEventSettings = pgTable(
  'matchmaking_event_settings',
  {
    sessionId: integer()
      .primaryKey()
      .references(() => matchmakingSessions.id, { onDelete: 'cascade' }),
    open: boolean().notNull().default(true),
    programme: text().notNull().default(''),
    audience: text().notNull().default(''),
    capacity: integer(),
    autoAccept: boolean().notNull().default(false),
    seriesId: integer().references(() => matchmakingSeries.id, { onDelete: 'set null' }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('matchmaking_event_settings_series_idx').on(t.seriesId),
    check(
      'matchmaking_event_settings_capacity_check',
      sql`${t.capacity} is null or ${t.capacity} between 1 and 1000`,
    ),
  ],
);

/** 'pending': waits for the facilitator; 'accepted': invited to the session; 'waitlisted': full when accepted. */
export const REGISTRATION_STATUSES = ['pending', 'accepted', 'waitlisted', 'declined', 'withdrawn'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** A structure's registration to a session: what it brings (its needs and offers) and what it looks for. */
export const matchmakingRegistrations = pgTable(
  'matchmaking_registrations',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    sessionId: integer()
      .notNull()
      .references(() => matchmakingSessions.id, { onDelete: 'cascade' }),
    organizationId: integer()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    status: text().$type<RegistrationStatus>().notNull(),
    needIds: integer().array().notNull().default(sql`'{}'::integer[]`),
    offerIds: integer().array().notNull().default(sql`'{}'::integer[]`),
    seeks: text().notNull().default(''),
    registeredBy: integer().references(() => people.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('matchmaking_registrations_session_org_key').on(t.sessionId, t.organizationId),
    index('matchmaking_registrations_waiting_idx').on(t.sessionId, t.status, t.createdAt),
    check('matchmaking_registrations_status_check', sql`${t.status} in (${quoted(REGISTRATION_STATUSES)})`),
  ],
);

export const EVENT_MAIL_KINDS = ['week_before', 'day_before', 'follow_up'] as const;
export type EventMailKind = (typeof EVENT_MAIL_KINDS)[number];

/**
 * A reminder or follow-up sent to an organization's members: inserted in the transaction that queues the
 * mails, so a second runner's insert conflicts and it sends nothing.
 */
export const matchmakingEventMails = pgTable(
  'matchmaking_event_mails',
  {
    sessionId: integer()
      .notNull()
      .references(() => matchmakingSessions.id, { onDelete: 'cascade' }),
    organizationId: integer()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    kind: text().$type<EventMailKind>().notNull(),
    sentAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.organizationId, t.kind] }),
    check('matchmaking_event_mails_kind_check', sql`${t.kind} in (${quoted(EVENT_MAIL_KINDS)})`),
  ],
);

export const FOLLOW_UP_ANSWERS = [
  'composition_agreed',
  'ge_to_create',
  'partnership',
  'nothing_yet',
] as const;
export type FollowUpAnswer = (typeof FOLLOW_UP_ANSWERS)[number];

/** What came of a participant's meetings, 30 days after (one answer per organization, editable). */
export const matchmakingFollowUps = pgTable(
  'matchmaking_follow_ups',
  {
    sessionId: integer()
      .notNull()
      .references(() => matchmakingSessions.id, { onDelete: 'cascade' }),
    organizationId: integer()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    answers: text().array().$type<FollowUpAnswer[]>().notNull(),
    note: text().notNull().default(''),
    answeredBy: integer().references(() => people.id, { onDelete: 'set null' }),
    answeredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.organizationId] })],
);

/**
 * Satisfaction answers, anonymous: no organization or person on the row. Who answered is kept apart
 * (matchmaking_satisfaction_respondents, written in the same transaction) so that each organization
 * answers once, and the results cannot be traced back to it.
 */
export const matchmakingSatisfaction = pgTable(
  'matchmaking_satisfaction',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    sessionId: integer()
      .notNull()
      .references(() => matchmakingSessions.id, { onDelete: 'cascade' }),
    usefulness: integer().notNull(),
    organisation: integer().notNull(),
    wouldReturn: boolean().notNull(),
    comment: text().notNull().default(''),
  },
  (t) => [
    index('matchmaking_satisfaction_session_idx').on(t.sessionId),
    check('matchmaking_satisfaction_usefulness_check', sql`${t.usefulness} between 1 and 5`),
    check('matchmaking_satisfaction_organisation_check', sql`${t.organisation} between 1 and 5`),
  ],
);

export const matchmakingSatisfactionRespondents = pgTable(
  'matchmaking_satisfaction_respondents',
  {
    sessionId: integer()
      .notNull()
      .references(() => matchmakingSessions.id, { onDelete: 'cascade' }),
    organizationId: integer()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.organizationId] })],
);
