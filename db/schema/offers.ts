import { getTableColumns, sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { people } from './accounts';
import { tsvector } from './needs';
import { organizations } from './organizations';

export const OFFER_KINDS = [
  'gme',
  'pooling',
  'staff_lending',
  'joint_purchasing',
  'shared_premises',
  'other',
] as const;
export type OfferKind = (typeof OFFER_KINDS)[number];

export const OFFER_STATUSES = ['draft', 'published', 'closed', 'withdrawn'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

const quoted = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(','));

/** A cooperation offer: co-bidding as a GME, pooling a function, lending staff, and so on. */
export const offers = pgTable(
  'offers',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    organizationId: integer()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    createdBy: integer().references(() => people.id, { onDelete: 'set null' }),
    kind: text().$type<OfferKind>().notNull(),
    title: text().notNull(),
    description: text().notNull().default(''),
    /** Département codes the offer covers ("90", "2A", "971"). */
    departements: text().array().notNull(),
    tenderDeadline: date({ mode: 'string' }),
    /** Organization kinds sought as partners (ORGANIZATION_KINDS). */
    partnerKinds: text().array().notNull().default(sql`'{}'::text[]`),
    status: text().$type<OfferStatus>().notNull().default('draft'),
    publishedAt: timestamp({ withTimezone: true }),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Search words for the PostgreSQL search fallback, stored: title A, description D (see needs.searchVector). */
    searchVector: tsvector().generatedAlwaysAs(
      sql`setweight(to_tsvector('simple'::regconfig, mosaique_search_words("title")), 'A') || setweight(to_tsvector('simple'::regconfig, mosaique_search_words("description")), 'D')`,
    ),
  },
  (t) => [
    index('offers_organization_idx').on(t.organizationId),
    index('offers_fulltext_idx').using('gin', t.searchVector),
    check('offers_kind_check', sql`${t.kind} in (${quoted(OFFER_KINDS)})`),
    check('offers_status_check', sql`${t.status} in (${quoted(OFFER_STATUSES)})`),
    check('offers_departements_check', sql`cardinality(${t.departements}) between 1 and 110`),
  ],
);

/** Every column but the search vector: what reads of an offer select. */
const { searchVector: _omitted, ...readable } = getTableColumns(offers);
export const offerColumns = readable;

/** An organization saying "we are interested" in another's offer: past activity for partner suggestions. */
export const offerInterests = pgTable(
  'offer_interests',
  {
    offerId: integer()
      .notNull()
      .references(() => offers.id, { onDelete: 'cascade' }),
    organizationId: integer()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    personId: integer().references(() => people.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.offerId, t.organizationId] }),
    index('offer_interests_organization_idx').on(t.organizationId),
  ],
);
