import { getTableColumns, sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { people } from './accounts';
import { organizations } from './organizations';

export const NEED_STATUSES = ['draft', 'published', 'in_composition', 'filled', 'withdrawn'] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];

/**
 * The twelve half-days of the matcher's contract, in canonical order: one list for the whole app. The
 * matcher keeps its own copy (server/matching/types.ts `SLOTS`: it imports nothing from the app);
 * server/vocabulary/week.ts fails to compile if the two differ.
 */
export const WEEK_SLOTS = [
  'mon-am',
  'mon-pm',
  'tue-am',
  'tue-pm',
  'wed-am',
  'wed-pm',
  'thu-am',
  'thu-pm',
  'fri-am',
  'fri-pm',
  'sat-am',
  'sat-pm',
] as const;
export type WeekSlot = (typeof WEEK_SLOTS)[number];

/**
 * Exactly one field of one need, changed: the matcher's `NeedChange` (server/matching/types.ts) as it is
 * stored; the suggestions writer (server/needs/suggestions.ts) gives the matcher's type to this column,
 * so the compiler checks that the two still agree.
 */
export type StoredNeedChange =
  | { allowedSlots: WeekSlot[] }
  | { hours: number }
  | { maxTravelKm: number }
  | { start: string };

const quoted = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(','));

/** PostgreSQL's tsvector, for the stored full-text vectors of the search fallback. */
export const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * A part-time staffing need. The week is the matcher's model: the person works `slotsNeeded` half-days
 * chosen among `allowedSlots` (a fixed timetable is allowedSlots.length === slotsNeeded).
 * Hours are kept in integer hundredths of an hour so that sums are exact (12.8 h is 1280).
 */
export const needs = pgTable(
  'needs',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    organizationId: integer()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    createdBy: integer().references(() => people.id, { onDelete: 'set null' }),
    roleCode: text().notNull(),
    roleLabel: text().notNull(),
    title: text().notNull(),
    description: text().notNull().default(''),
    hoursHundredths: integer().notNull(),
    slotsNeeded: integer().notNull(),
    allowedSlots: text().array().notNull(),
    communeCode: text().notNull(),
    communeName: text().notNull(),
    departement: text().notNull(),
    lat: doublePrecision().notNull(),
    lon: doublePrecision().notNull(),
    coordsApproximate: boolean().notNull().default(false),
    maxTravelKm: integer().notNull(),
    startDate: date({ mode: 'string' }).notNull(),
    status: text().$type<NeedStatus>().notNull().default('draft'),
    publishedAt: timestamp({ withTimezone: true }),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The import that wrote it (`import_batches`), so that a failed import can be undone; null otherwise. */
    importBatchId: integer(),
    /**
     * The need's search words for the PostgreSQL search fallback: mosaique_search_words (migration
     * 0006, the twin of server/roles/search-words.ts, so the fallback compares the words Meilisearch
     * does), weighted like Meilisearch's attribute order: title A, role token and label B, commune C,
     * description D.
     * Stored rather than an expression index: ranking reads it instead of re-parsing every matching
     * description, and the planner sees the real cost of a text match. Never selected with the row (see
     * `needColumns`).
     */
    searchVector: tsvector().generatedAlwaysAs(
      sql`setweight(to_tsvector('simple'::regconfig, mosaique_search_words("title")), 'A') || setweight(to_tsvector('simple'::regconfig, lower("role_code") || ' ' || mosaique_search_words("role_label")), 'B') || setweight(to_tsvector('simple'::regconfig, mosaique_search_words("commune_name")), 'C') || setweight(to_tsvector('simple'::regconfig, mosaique_search_words("description")), 'D')`,
    ),
  },
  (t) => [
    index('needs_organization_idx').on(t.organizationId),
    // The facilitators' indicators count needs by publication month over a period.
    index('needs_published_at_idx').on(t.publishedAt),
    // max(updated_at): whether matching has a change to take into account (compositions/matching-status.ts).
    index('needs_updated_at_idx').on(t.updatedAt),
    index('needs_fulltext_idx').using('gin', t.searchVector),
    index('needs_import_batch_idx').on(t.importBatchId).where(sql`${t.importBatchId} is not null`),
    check('needs_status_check', sql`${t.status} in (${quoted(NEED_STATUSES)})`),
    check('needs_hours_check', sql`${t.hoursHundredths} > 0 and ${t.hoursHundredths} <= 3500`),
    check(
      'needs_slots_check',
      sql`${t.slotsNeeded} between 1 and 12 and cardinality(${t.allowedSlots}) >= ${t.slotsNeeded} and ${t.allowedSlots} <@ array[${quoted(WEEK_SLOTS)}]::text[]`,
    ),
    check('needs_travel_check', sql`${t.maxTravelKm} between 0 and 500`),
  ],
);

/** Every column but the search vector: what reads of a need select. */
const { searchVector: _omitted, ...readable } = getTableColumns(needs);
export const needColumns = readable;

/** A need of a suggested position, with its half-days there. */
export interface SuggestedMember {
  needId: number;
  slots: string[];
}

/**
 * What would complete a need the last matching run left out (server/matching/suggest.ts): one change to
 * that need and the full-time position it makes possible, ranked smallest change first (1 to 3). Each run
 * replaces the suggestions of the needs it matched. `needVersion` is the need's version then: once the
 * need changes, its suggestions are stale and not shown until the next run.
 */
export const needSuggestions = pgTable(
  'need_suggestions',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    needId: integer()
      .notNull()
      .references(() => needs.id, { onDelete: 'cascade' }),
    needVersion: integer().notNull(),
    rank: integer().notNull(),
    /** Exactly one field of the need, as the matcher's contract writes it (allowedSlots, hours, …). */
    change: jsonb().$type<StoredNeedChange>().notNull(),
    positionsGained: integer().notNull(),
    members: jsonb().$type<SuggestedMember[]>().notNull(),
    hoursHundredths: integer().notNull(),
    maxDistanceKm: doublePrecision().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  // One row per rank: two runs at once overwrite each other's instead of piling up.
  (t) => [uniqueIndex('need_suggestions_need_rank_key').on(t.needId, t.rank)],
);
