import { index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { people } from './accounts';
import { compositions } from './compositions';
import { organizations } from './organizations';

export const MESSAGE_SOURCES = ['web', 'mail'] as const;
export type MessageSource = (typeof MESSAGE_SOURCES)[number];

/**
 * The thread of a composition: messages between the members of its organizations, written on the
 * composition's page or by replying to a relayed mail. Each names its organization and author; the pages
 * show the author's display name only, never an email or a phone.
 */
export const compositionMessages = pgTable(
  'composition_messages',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    compositionId: integer()
      .notNull()
      .references(() => compositions.id, { onDelete: 'cascade' }),
    organizationId: integer()
      .notNull()
      .references(() => organizations.id),
    personId: integer()
      .notNull()
      .references(() => people.id),
    body: text().notNull(),
    source: text().$type<MessageSource>().notNull().default('web'),
    /**
     * The Message-ID of the mail a reply came in (angle brackets removed); null for the web. Unique per
     * thread, so that a mail the mail server delivers twice is posted once (server/messages/inbound.ts).
     */
    mailMessageId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('composition_messages_thread_idx').on(t.compositionId, t.id),
    uniqueIndex('composition_messages_mail_key').on(t.compositionId, t.mailMessageId),
  ],
);
