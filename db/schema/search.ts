import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { people } from './accounts';

export const SEARCH_RECORD_KINDS = ['need', 'offer', 'post', 'structure'] as const;
export type SearchRecordKind = (typeof SEARCH_RECORD_KINDS)[number];

/**
 * Records whose search document must be refreshed. Written in the transaction of the change; the indexer
 * claims rows for a while (`claimed_until`, taken with FOR UPDATE SKIP LOCKED so several instances can
 * drain at once), rebuilds each document from PostgreSQL, and deletes the rows only once Meilisearch
 * reports the task succeeded. A row whose claim expired (a crashed instance) is claimed again.
 */
export const searchOutbox = pgTable(
  'search_outbox',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    recordKind: text().$type<SearchRecordKind>().notNull(),
    recordId: integer().notNull(),
    attempts: integer().notNull().default(0),
    lastError: text(),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    claimedUntil: timestamp({ withTimezone: true }),
    claimToken: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('search_outbox_due_idx').on(t.nextAttemptAt),
    check('search_outbox_kind_check', sql`${t.recordKind} in ('need', 'offer', 'post', 'structure')`),
  ],
);

export const ALERT_FREQUENCIES = ['none', 'daily', 'weekly'] as const;
export type AlertFrequency = (typeof ALERT_FREQUENCIES)[number];

/** A signed-in person's saved search, with an optional digest mail of new matching records. */
export const savedSearches = pgTable(
  'saved_searches',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    personId: integer()
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    label: text().notNull(),
    /** The /recherche query string, without the page number. */
    query: text().notNull(),
    frequency: text().$type<AlertFrequency>().notNull().default('weekly'),
    /** Records published after this instant are "new" for the next digest. */
    lastDigestAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('saved_searches_person_idx').on(t.personId),
    check('saved_searches_frequency_check', sql`${t.frequency} in ('none', 'daily', 'weekly')`),
  ],
);
