import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { people } from './accounts';

/**
 * In-app notifications: one row per person concerned, written in the transaction of the event that
 * causes it (beside its mail). The header counts a person's unread rows on every page, hence the partial
 * index on unread rows only.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    personId: integer()
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    /** Same tags as the mail it goes with, e.g. 'composition-proposed', 'post-interest', 'message'. */
    kind: text().notNull(),
    /** French, one sentence. */
    text: text().notNull(),
    /** A path inside the site (never an outside URL), e.g. /compositions/12. */
    link: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('notifications_person_idx').on(t.personId, t.createdAt),
    index('notifications_unread_idx').on(t.personId).where(sql`read_at is null`),
  ],
);
