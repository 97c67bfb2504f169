import { getTableColumns, sql } from 'drizzle-orm';
import {
  check,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { people } from './accounts';
import { compositions } from './compositions';
import { tsvector } from './needs';
import { organizations } from './organizations';

export const POST_STATUSES = ['open', 'filled', 'abandoned'] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

export const CANDIDATE_STATUSES = ['new', 'contacted', 'interview', 'retained', 'rejected'] as const;
export type CandidateStatus = (typeof CANDIDATE_STATUSES)[number];

const quoted = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(','));

/**
 * A shared post: the public job offer opened from an accepted composition (one per composition), a
 * 35 h CDI carried by a GE. It copies what the public page and the search show (title, role, places,
 * GE name) so that the public side never reads the composition's private tables; the week is read from
 * the composition. No person's contact details live here.
 */
export const sharedPosts = pgTable(
  'shared_posts',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    compositionId: integer()
      .notNull()
      .references(() => compositions.id, { onDelete: 'cascade' }),
    title: text().notNull(),
    roleCode: text().notNull(),
    roleLabel: text().notNull(),
    description: text().notNull(),
    hoursHundredths: integer().notNull().default(3500),
    contractType: text().notNull().default('CDI'),
    startDate: date({ mode: 'string' }).notNull(),
    /** The places of the needs, in the composition's order: commune names, INSEE codes, départements. */
    communeNames: text().array().notNull(),
    communeCodes: text().array().notNull(),
    departements: text().array().notNull(),
    /** The first place: the point distance filters measure from. */
    lat: doublePrecision().notNull(),
    lon: doublePrecision().notNull(),
    /** The GE on the platform that carries the job, or null with `geName` null: "GE en cours de création". */
    geOrganizationId: integer().references(() => organizations.id, { onDelete: 'set null' }),
    geName: text(),
    /**
     * Gross pay in euro cents, an amount (min = max) or a range, per month or per hour
     * (server/posts/pay.ts). Null on posts opened before pay was asked for.
     */
    payMinCents: integer(),
    payMaxCents: integer(),
    payUnit: text().$type<'month' | 'hour'>(),
    status: text().$type<PostStatus>().notNull().default('open'),
    openedBy: integer().references(() => people.id, { onDelete: 'set null' }),
    /** Set when closed as filled: the indicators count filled posts. */
    filledAt: timestamp({ withTimezone: true }),
    closedAt: timestamp({ withTimezone: true }),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Stored full-text vector for the search fallback (see docs/search.md on why stored). */
    searchVector: tsvector().generatedAlwaysAs(
      sql`to_tsvector('french'::regconfig, "title" || ' ' || "role_label" || ' ' || "description")`,
    ),
  },
  (t) => [
    uniqueIndex('shared_posts_composition_key').on(t.compositionId),
    index('shared_posts_fulltext_idx').using('gin', t.searchVector),
    check('shared_posts_status_check', sql`${t.status} in (${quoted(POST_STATUSES)})`),
    check('shared_posts_filled_check', sql`(${t.status} = 'filled') = (${t.filledAt} is not null)`),
    check(
      'shared_posts_pay_check',
      sql`(${t.payMinCents} is null and ${t.payMaxCents} is null and ${t.payUnit} is null) or (${t.payMinCents} > 0 and ${t.payMaxCents} >= ${t.payMinCents} and ${t.payUnit} in ('month', 'hour'))`,
    ),
  ],
);

/** Every column but the search vector: what reads of a post select. */
const { searchVector: _omitted, ...readable } = getTableColumns(sharedPosts);
export const postColumns = readable;

/**
 * A job seeker's expression of interest, without an account. Personal data kept only until
 * `expiresAt` (stated on the form), then deleted by the hourly `purge` job.
 */
export const postCandidates = pgTable(
  'post_candidates',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    postId: integer()
      .notNull()
      .references(() => sharedPosts.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    email: text(),
    phone: text(),
    message: text().notNull().default(''),
    /** Where the structures are with this person (server/posts/candidate-status.ts). */
    status: text().$type<CandidateStatus>().notNull().default('new'),
    statusChangedAt: timestamp({ withTimezone: true }),
    version: integer().notNull().default(1),
    consentAt: timestamp({ withTimezone: true }).notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('post_candidates_post_idx').on(t.postId, t.createdAt),
    index('post_candidates_expires_idx').on(t.expiresAt),
    check('post_candidates_contact_check', sql`${t.email} is not null or ${t.phone} is not null`),
    check('post_candidates_status_check', sql`${t.status} in (${quoted(CANDIDATE_STATUSES)})`),
  ],
);
