import {
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** A person's account. Emails are stored lower-cased; contact details never leave private pages. */
export const people = pgTable(
  'people',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    email: text().notNull(),
    passwordHash: text().notNull(),
    displayName: text().notNull(),
    phone: text(),
    isAdmin: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('people_email_key').on(t.email)],
);

/** Server-side sessions: the cookie holds a random token, the table only its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text().primaryKey(),
    personId: integer()
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_person_idx').on(t.personId)],
);

/** One-use password reset links; only the token's hash is kept. */
export const passwordResets = pgTable('password_resets', {
  tokenHash: text().primaryKey(),
  personId: integer()
    .notNull()
    .references(() => people.id, { onDelete: 'cascade' }),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
  usedAt: timestamp({ withTimezone: true }),
});

/** A facilitator is a person with one or more territories (départements), granted by an admin. */
export const facilitatorTerritories = pgTable(
  'facilitator_territories',
  {
    personId: integer()
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    departement: text().notNull(),
    grantedBy: integer().references(() => people.id, { onDelete: 'set null' }),
    grantedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.departement] })],
);

/**
 * A sign-up waiting for its address to be confirmed: the account is created only when the link mailed to
 * the address is followed, so the sign-up form answers the same whether the address is known or not.
 */
export const signUpRequests = pgTable(
  'sign_up_requests',
  {
    tokenHash: text().primaryKey(),
    email: text().notNull(),
    displayName: text().notNull(),
    passwordHash: text().notNull(),
    /** Where to go once the account exists (an invitation link, say). */
    suite: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('sign_up_requests_expires_at_idx').on(t.expiresAt)],
);
