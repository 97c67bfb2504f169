import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { people } from './accounts';
import { needs } from './needs';
import { organizations } from './organizations';

/** post_opened, filled and abandoned belong to shared posts (a later part of issue 6). */
export const COMPOSITION_STATUSES = [
  'proposed',
  'accepted',
  'withdrawn',
  'declined',
  'post_opened',
  'filled',
  'abandoned',
] as const;
export type CompositionStatus = (typeof COMPOSITION_STATUSES)[number];

/** 'full': the matcher's position (35 h); 'partial': a near-complete group shown "à compléter". */
export const COMPOSITION_KINDS = ['full', 'partial'] as const;
export type CompositionKind = (typeof COMPOSITION_KINDS)[number];

export const GE_CHOICES = ['existing', 'to_create'] as const;
export type GeChoice = (typeof GE_CHOICES)[number];

const quoted = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(','));

/**
 * A group of needs from several organizations that the matcher found adds up to one full-time job
 * (or almost, for partials). `signature` ("needId:needVersion" sorted, comma-joined) identifies the exact
 * needs as they were when proposed: a re-run finding the same group keeps the row, and a need changed
 * since makes the proposal stale.
 */
export const compositions = pgTable(
  'compositions',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    roleCode: text().notNull(),
    roleLabel: text().notNull(),
    status: text().$type<CompositionStatus>().notNull().default('proposed'),
    kind: text().$type<CompositionKind>().notNull(),
    signature: text().notNull(),
    hoursHundredths: integer().notNull(),
    missingHundredths: integer().notNull().default(0),
    freeSlots: text().array().notNull().default(sql`'{}'::text[]`),
    /** The GE every organization already belongs to, as the matcher found it (null: none in common). */
    geId: integer().references(() => organizations.id, { onDelete: 'set null' }),
    /** After acceptance: the organizations' choice of GE, an existing one or one to create. */
    geChoice: text().$type<GeChoice>(),
    chosenGeId: integer().references(() => organizations.id, { onDelete: 'set null' }),
    maxDistanceKm: doublePrecision().notNull(),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('compositions_status_idx').on(t.status, t.roleCode),
    // The facilitators' indicators count accepted compositions by the month of the decision.
    index('compositions_decided_at_idx').on(t.decidedAt),
    // Two matching runs at once cannot store the same live proposal twice.
    uniqueIndex('compositions_live_signature_key').on(t.signature).where(sql`${t.status} = 'proposed'`),
    check('compositions_status_check', sql`${t.status} in (${quoted(COMPOSITION_STATUSES)})`),
    check('compositions_kind_check', sql`${t.kind} in (${quoted(COMPOSITION_KINDS)})`),
    check(
      'compositions_ge_choice_check',
      sql`${t.geChoice} is null or ${t.geChoice} in (${quoted(GE_CHOICES)})`,
    ),
  ],
);

/**
 * The needs of a composition with the half-days the matcher gave each. `accepted` is set in the
 * transaction that accepts the composition: the partial unique index makes the database refuse a need
 * in two accepted compositions, whatever the application does.
 */
export const compositionNeeds = pgTable(
  'composition_needs',
  {
    compositionId: integer()
      .notNull()
      .references(() => compositions.id, { onDelete: 'cascade' }),
    needId: integer()
      .notNull()
      .references(() => needs.id, { onDelete: 'cascade' }),
    organizationId: integer()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** The need's version when proposed: a later edit makes the proposal stale. */
    needVersion: integer().notNull(),
    slots: text().array().notNull(),
    accepted: boolean().notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.compositionId, t.needId] }),
    index('composition_needs_need_idx').on(t.needId),
    index('composition_needs_organization_idx').on(t.organizationId),
    uniqueIndex('composition_needs_one_accepted_key').on(t.needId).where(sql`${t.accepted}`),
  ],
);

export const DECISIONS = ['accept', 'decline'] as const;
export type Decision = (typeof DECISIONS)[number];

/** Each organization's answer, once. */
export const compositionDecisions = pgTable(
  'composition_decisions',
  {
    compositionId: integer()
      .notNull()
      .references(() => compositions.id, { onDelete: 'cascade' }),
    organizationId: integer()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    decision: text().$type<Decision>().notNull(),
    personId: integer().references(() => people.id, { onDelete: 'set null' }),
    /** Why an organization declined (optional, shown to the other organizations). */
    reason: text(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.compositionId, t.organizationId] }),
    check('composition_decisions_decision_check', sql`${t.decision} in (${quoted(DECISIONS)})`),
  ],
);

/** The history members see: proposed, accepted by X, withdrawn because…, GE chosen… */
export const compositionEvents = pgTable(
  'composition_events',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    compositionId: integer()
      .notNull()
      .references(() => compositions.id, { onDelete: 'cascade' }),
    personId: integer().references(() => people.id, { onDelete: 'set null' }),
    kind: text().notNull(),
    detail: text().notNull().default(''),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('composition_events_composition_idx').on(t.compositionId, t.at)],
);

/** One row per matching run: when the job last ran, and the figures of each run. */
/**
 * Asks the matching job for a run on something the needs' own dates do not show: an organization
 * validated or rejected (its needs enter or leave matching). Written in the transaction of the change,
 * read by the job like a need's updated_at, deleted once a run started after it.
 */
export const matchingRequests = pgTable('matching_requests', {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  reason: text().notNull(),
  requestedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const matchingRuns = pgTable('matching_runs', {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  scope: text().notNull().default(''),
  startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp({ withTimezone: true }),
  needs: integer().notNull().default(0),
  proposed: integer().notNull().default(0),
  kept: integer().notNull().default(0),
  withdrawn: integer().notNull().default(0),
  elapsedMs: integer().notNull().default(0),
  provedOptimal: boolean().notNull().default(false),
  /** Cut short (shutdown, error) or found without an end after its time limit: finished_at is when we knew. */
  interrupted: boolean().notNull().default(false),
});
