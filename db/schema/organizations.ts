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

export const ORGANIZATION_KINDS = [
  'ACI',
  'AI',
  'EI',
  'ETTI',
  'EITI',
  'RQ',
  'ASSOCIATION',
  'SCOP',
  'SCIC',
  'ESS',
  'GE',
] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export const ORGANIZATION_STATUSES = ['pending', 'validated', 'rejected'] as const;
export type OrganizationStatus = (typeof ORGANIZATION_STATUSES)[number];

/** A structure (SIAE, ESS company, or a GE). Public only once an admin has validated it. */
export const organizations = pgTable(
  'organizations',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    name: text().notNull(),
    siret: text(),
    kind: text().$type<OrganizationKind>().notNull(),
    communeCode: text().notNull(),
    communeName: text().notNull(),
    departement: text().notNull(),
    lat: doublePrecision().notNull(),
    lon: doublePrecision().notNull(),
    coordsApproximate: boolean().notNull().default(false),
    idcc: text(),
    description: text().notNull().default(''),
    status: text().$type<OrganizationStatus>().notNull().default('pending'),
    validatedAt: timestamp({ withTimezone: true }),
    validatedBy: integer().references(() => people.id, { onDelete: 'set null' }),
    /** False for structures created by a facilitator's import until someone claims them. */
    claimed: boolean().notNull().default(true),
    /**
     * Listed in the directory (/structures)? null: the organization never chose, and the default of its
     * kind holds (listed unless it is a GE: server/directory/listing.ts).
     */
    directoryListed: boolean(),
    /** Free keywords the structure writes for the directory (its activities beside its roles). */
    keywords: text().notNull().default(''),
    /** The import that created it (`import_batches`), so that a failed import can be undone; null otherwise. */
    importBatchId: integer(),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('organizations_siret_key').on(t.siret),
    index('organizations_departement_idx').on(t.departement),
    index('organizations_import_batch_idx').on(t.importBatchId).where(sql`${t.importBatchId} is not null`),
    check(
      'organizations_kind_check',
      sql`${t.kind} in (${sql.raw(ORGANIZATION_KINDS.map((k) => `'${k}'`).join(','))})`,
    ),
  ],
);

export const MEMBER_ROLES = ['owner', 'editor'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const memberships = pgTable(
  'memberships',
  {
    organizationId: integer()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    personId: integer()
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    role: text().$type<MemberRole>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.personId] }),
    index('memberships_person_idx').on(t.personId),
  ],
);

/** An owner invites an editor by an emailed link; only the token's hash is stored. */
export const invitations = pgTable(
  'invitations',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    organizationId: integer()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    email: text().notNull(),
    role: text().$type<MemberRole>().notNull().default('editor'),
    tokenHash: text().notNull(),
    invitedBy: integer().references(() => people.id, { onDelete: 'set null' }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    acceptedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('invitations_token_key').on(t.tokenHash)],
);

export const GE_MEMBERSHIP_STATUSES = ['claimed', 'confirmed', 'refused'] as const;
export type GeMembershipStatus = (typeof GE_MEMBERSHIP_STATUSES)[number];

/**
 * Membership of an organization in an employers' group (GE), itself an organization of kind GE. The
 * structure claims it; the GE's owners (or an admin) confirm or refuse it. Only confirmed memberships
 * count (compositions' geId, the pages, the directory). A new row is a claim unless said otherwise.
 */
export const geMemberships = pgTable(
  'ge_memberships',
  {
    organizationId: integer()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    geId: integer()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    status: text().$type<GeMembershipStatus>().notNull().default('claimed'),
    decidedAt: timestamp({ withTimezone: true }),
    decidedBy: integer().references(() => people.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.geId] }),
    index('ge_memberships_ge_idx').on(t.geId),
    check('ge_memberships_status_check', sql`${t.status} in ('claimed', 'confirmed', 'refused')`),
  ],
);
