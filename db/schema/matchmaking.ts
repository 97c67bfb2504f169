import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { people } from './accounts';
import { compositions } from './compositions';
import { needs } from './needs';
import { offers } from './offers';
import { organizations } from './organizations';
import { sharedPosts } from './posts';

/** "Rencontre d'affaires" (business meeting) or "Club RH" (HR club of the HR-pooling action sheet). */
export const MATCHMAKING_KINDS = ['rencontre_affaires', 'club_rh'] as const;
export type MatchmakingKind = (typeof MATCHMAKING_KINDS)[number];

export const MATCHMAKING_STATUSES = ['planned', 'held', 'cancelled'] as const;
export type MatchmakingStatus = (typeof MATCHMAKING_STATUSES)[number];

export const OUTCOME_KINDS = ['composition_agreed', 'ge_to_create', 'post_opened', 'follow_up'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

const quoted = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(','));

/** One need of a group found by a session's matching run, as it was when the run happened. */
export interface SessionRunMember {
  needId: number;
  needTitle: string;
  organizationId: number;
  organizationName: string;
  communeName: string;
  hoursHundredths: number;
  slots: string[];
}

/** A group the session's run found: a full composition (35 h) or a partial to discuss. */
export interface SessionRunGroup {
  kind: 'full' | 'partial';
  roleCode: string;
  roleLabel: string;
  hoursHundredths: number;
  missingHundredths: number;
  freeSlots: string[];
  maxDistanceKm: number;
  /** The composition row this group is stored as (proposed to the organizations), when there is one. */
  compositionId: number | null;
  members: SessionRunMember[];
}

/** What would complete a need the session's run left out, in French, as it was when the run happened. */
export interface SessionSuggestion {
  needId: number;
  needTitle: string;
  organizationName: string;
  /** Smallest change first: "ajouter le jeudi après-midi", "avec Atelier X et Régie Y, 35 h". */
  options: { change: string; position: string }[];
}

/** What "Lancer la mise en relation" found, kept on the session so the sheet shows it later. */
export interface SessionRunResult {
  ranAt: string;
  needCount: number;
  elapsedMs: number;
  groups: SessionRunGroup[];
  /** Absent from runs stored before suggestions existed. */
  suggestions?: SessionSuggestion[];
}

/**
 * A matchmaking session run by a facilitator on their territory. `departements` is the session's
 * territory, a non-empty subset of the facilitator's départements when created; authorization checks
 * read it (a facilitator sees a session whose territory meets theirs). Times are instants (timestamptz);
 * pages show them in Europe/Paris.
 */
export const matchmakingSessions = pgTable(
  'matchmaking_sessions',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    kind: text().$type<MatchmakingKind>().notNull(),
    title: text().notNull(),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    /** The address as people write it ("Maison des associations, 3 rue …"). */
    place: text().notNull().default(''),
    communeCode: text().notNull(),
    communeName: text().notNull(),
    departements: text().array().notNull(),
    description: text().notNull().default(''),
    status: text().$type<MatchmakingStatus>().notNull().default('planned'),
    /** The last matching run on the session's scope (null: never run). */
    lastRun: jsonb().$type<SessionRunResult>(),
    createdBy: integer().references(() => people.id, { onDelete: 'set null' }),
    /** Set when marked held: the indicators count sessions held by this date. */
    heldAt: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('matchmaking_sessions_starts_idx').on(t.startsAt),
    index('matchmaking_sessions_departements_idx').using('gin', t.departements),
    check('matchmaking_sessions_kind_check', sql`${t.kind} in (${quoted(MATCHMAKING_KINDS)})`),
    check('matchmaking_sessions_status_check', sql`${t.status} in (${quoted(MATCHMAKING_STATUSES)})`),
    check('matchmaking_sessions_times_check', sql`${t.endsAt} > ${t.startsAt}`),
    check('matchmaking_sessions_departements_check', sql`cardinality(${t.departements}) between 1 and 110`),
  ],
);

/** The organizations invited to a session; `invitationSentAt` is set when their members were mailed. */
export const matchmakingSessionOrganizations = pgTable(
  'matchmaking_session_organizations',
  {
    sessionId: integer()
      .notNull()
      .references(() => matchmakingSessions.id, { onDelete: 'cascade' }),
    organizationId: integer()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    invitedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    invitationSentAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.organizationId] }),
    index('matchmaking_session_organizations_org_idx').on(t.organizationId),
  ],
);

/** The needs in a session's scope: what its matching run works on. */
export const matchmakingSessionNeeds = pgTable(
  'matchmaking_session_needs',
  {
    sessionId: integer()
      .notNull()
      .references(() => matchmakingSessions.id, { onDelete: 'cascade' }),
    needId: integer()
      .notNull()
      .references(() => needs.id, { onDelete: 'cascade' }),
    addedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.needId] }),
    index('matchmaking_session_needs_need_idx').on(t.needId),
  ],
);

/** The cooperation offers in a session's scope: presented and discussed at the session. */
export const matchmakingSessionOffers = pgTable(
  'matchmaking_session_offers',
  {
    sessionId: integer()
      .notNull()
      .references(() => matchmakingSessions.id, { onDelete: 'cascade' }),
    offerId: integer()
      .notNull()
      .references(() => offers.id, { onDelete: 'cascade' }),
    addedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.offerId] }),
    index('matchmaking_session_offers_offer_idx').on(t.offerId),
  ],
);

/**
 * What came out of a session: a composition agreed, a GE to create, a post opened, a follow-up.
 * Links to the app's compositions and shared posts are kept when those disappear (set null), so the
 * session's record and the indicators stay.
 */
export const matchmakingOutcomes = pgTable(
  'matchmaking_outcomes',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    sessionId: integer()
      .notNull()
      .references(() => matchmakingSessions.id, { onDelete: 'cascade' }),
    kind: text().$type<OutcomeKind>().notNull(),
    compositionId: integer().references(() => compositions.id, { onDelete: 'set null' }),
    postId: integer().references(() => sharedPosts.id, { onDelete: 'set null' }),
    note: text().notNull().default(''),
    /** The follow-up date ("à relancer le …"), when there is one. */
    dueDate: date({ mode: 'string' }),
    createdBy: integer().references(() => people.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('matchmaking_outcomes_session_idx').on(t.sessionId, t.createdAt),
    check('matchmaking_outcomes_kind_check', sql`${t.kind} in (${quoted(OUTCOME_KINDS)})`),
  ],
);

/** The organizations an outcome concerns. */
export const matchmakingOutcomeOrganizations = pgTable(
  'matchmaking_outcome_organizations',
  {
    outcomeId: integer()
      .notNull()
      .references(() => matchmakingOutcomes.id, { onDelete: 'cascade' }),
    organizationId: integer()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.outcomeId, t.organizationId] }),
    index('matchmaking_outcome_organizations_org_idx').on(t.organizationId),
  ],
);
