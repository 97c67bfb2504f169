import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** A file sent with a message, kept as text (calendar invitations are text files). */
export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

/** Mail is written here in the transaction of the change that causes it, then sent by the mail worker. */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    to: text().notNull(),
    subject: text().notNull(),
    text: text().notNull(),
    /** Free-form tag for tests and diagnostics, e.g. 'password-reset'. */
    kind: text().notNull(),
    /** Reply-To, e.g. the message relay's address for a person; null: the From address. */
    replyTo: text(),
    /** Files sent with the message, e.g. a session invitation's .ics; null: none. */
    attachments: jsonb().$type<MailAttachment[]>(),
    attempts: integer().notNull().default(0),
    lastError: text(),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /**
     * A drainer's lease on the row: it sends only while claimed_until is ahead and the token is its own,
     * and marks the row sent with that token. An instance that dies mid-batch leaves its lease to expire.
     */
    claimedUntil: timestamp({ withTimezone: true }),
    claimToken: text(),
    sentAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('mail_outbox_pending_idx').on(t.sentAt, t.nextAttemptAt)],
);
