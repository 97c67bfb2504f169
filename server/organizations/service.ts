/** Database work for organizations: create, read, update with a version check, members, GEs. */
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { geMemberships, invitations, memberships, organizations, people } from '../../db/schema';
import type { OrganizationKind } from '../../db/schema/organizations';
import { frenchOrder } from '../common/french';
import { enqueueReindex } from '../search/outbox';
import type { Commune } from './communes';
import { notifyGeClaims, syncGeClaims } from './ge-claims';
import { enqueueOrganizationRecords } from './search-records';

export type Organization = typeof organizations.$inferSelect;

/** What the form gives once the commune is resolved and the GEs checked. */
export interface OrganizationData {
  name: string;
  siret: string;
  kind: OrganizationKind;
  commune: Commune;
  idcc?: string;
  description?: string;
  geIds: number[];
}

export class SiretTaken extends Error {
  constructor() {
    super('SIRET : une structure avec ce numéro est déjà inscrite sur Mosaïque.');
  }
}

/** PostgreSQL's unique_violation, whichever driver (and drizzle wrapper) raised it. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  for (
    let e = err as
      | { code?: string; cause?: unknown; constraint_name?: string; constraint?: string }
      | undefined;
    e;
    e = e.cause as typeof e
  ) {
    if (e.code === '23505') {
      return (
        !constraint ||
        [e.constraint_name, e.constraint].includes(constraint) ||
        !(e.constraint_name ?? e.constraint)
      );
    }
  }
  return false;
}

function columns(data: OrganizationData) {
  return {
    name: data.name,
    siret: data.siret,
    kind: data.kind,
    communeCode: data.commune.code,
    communeName: data.commune.name,
    departement: data.commune.departement,
    lat: data.commune.lat,
    lon: data.commune.lon,
    coordsApproximate: data.commune.approximate,
    idcc: data.idcc ?? null,
    description: data.description ?? '',
  };
}

export async function findOrganization(db: DbOrTx, id: number): Promise<Organization | undefined> {
  const [org] = await db.select().from(organizations).where(eq(organizations.id, id));
  return org;
}

export async function siretInUse(db: DbOrTx, siret: string, exceptId?: number): Promise<boolean> {
  const rows = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(and(eq(organizations.siret, siret), exceptId ? ne(organizations.id, exceptId) : undefined));
  return rows.length > 0;
}

/** Validated GEs a structure may declare itself a member of. */
export async function listValidatedGes(db: DbOrTx, exceptId?: number) {
  return db
    .select({ id: organizations.id, name: organizations.name, communeName: organizations.communeName })
    .from(organizations)
    .where(
      and(
        eq(organizations.kind, 'GE'),
        eq(organizations.status, 'validated'),
        exceptId ? ne(organizations.id, exceptId) : undefined,
      ),
    )
    .orderBy(frenchOrder(organizations.name));
}

/** Who saves the form, to tell the owners of GEs newly claimed (ge-claims.ts) with links to the site. */
export interface Author {
  personId: number;
  publicUrl: string;
}

async function claimGes(tx: DbOrTx, organizationId: number, data: OrganizationData, by?: Author) {
  const claimed = await syncGeClaims(tx, organizationId, data.geIds);
  if (by && claimed.length) {
    await notifyGeClaims(tx, {
      organizationName: data.name,
      geIds: claimed,
      publicUrl: by.publicUrl,
      except: by.personId,
    });
  }
}

/** Creates a pending organization with its creator as owner. Throws SiretTaken. */
export async function createOrganization(
  db: DbOrTx,
  ownerId: number,
  data: OrganizationData,
  publicUrl?: string,
): Promise<number> {
  if (await siretInUse(db, data.siret)) throw new SiretTaken();
  try {
    return await db.transaction(async (tx) => {
      const [org] = await tx
        .insert(organizations)
        .values({ ...columns(data), status: 'pending' })
        .returning({ id: organizations.id });
      await tx.insert(memberships).values({ organizationId: org.id, personId: ownerId, role: 'owner' });
      await claimGes(
        tx,
        org.id,
        data,
        publicUrl === undefined ? undefined : { personId: ownerId, publicUrl },
      );
      return org.id;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'organizations_siret_key')) throw new SiretTaken();
    throw err;
  }
}

/**
 * Many organizations in one multi-row insert (a spreadsheet import's new structures, the demo): their
 * ids in the order given. PostgreSQL returns the rows of a multi-row VALUES insert in that order (identity
 * ids are drawn in it too). The caller keeps a batch well under 65,535 bind parameters (500 rows).
 */
export async function insertOrganizations(
  tx: DbOrTx,
  rows: (typeof organizations.$inferInsert)[],
): Promise<number[]> {
  if (!rows.length) return [];
  const inserted = await tx.insert(organizations).values(rows).returning({ id: organizations.id });
  const ids = inserted.map((row) => row.id);
  // Their directory documents (the loader leaves out those not validated or not listed).
  await enqueueReindex(tx, 'structure', ids);
  return ids;
}

/**
 * Saves the edit only if nobody saved since the form was read (`version`); false means a conflict.
 * Throws SiretTaken.
 */
export async function updateOrganization(
  db: DbOrTx,
  id: number,
  version: number,
  data: OrganizationData,
  by?: Author,
): Promise<boolean> {
  if (await siretInUse(db, data.siret, id)) throw new SiretTaken();
  try {
    return await db.transaction(async (tx) => {
      const updated = await tx
        .update(organizations)
        .set({
          ...columns(data),
          // A rejected organization that its owner corrects goes back to the admins for a new review.
          status: sql`case when ${organizations.status} = 'rejected' then 'pending' else ${organizations.status} end`,
          version: sql`${organizations.version} + 1`,
          updatedAt: new Date(),
        })
        .where(and(eq(organizations.id, id), eq(organizations.version, version)))
        .returning({ id: organizations.id });
      if (!updated.length) return false;
      await claimGes(tx, id, data, by);
      // Search documents carry the organization's name, kind and commune: reindex them with the edit.
      await enqueueOrganizationRecords(tx, id);
      return true;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'organizations_siret_key')) throw new SiretTaken();
    throw err;
  }
}

/**
 * The GEs an organization claimed or belongs to, with the membership's status (the public sees only
 * confirmed memberships of validated GEs: routes.ts).
 */
export async function gesOf(db: DbOrTx, organizationId: number) {
  return db
    .select({
      id: organizations.id,
      name: organizations.name,
      status: organizations.status,
      membership: geMemberships.status,
    })
    .from(geMemberships)
    .innerJoin(organizations, eq(organizations.id, geMemberships.geId))
    .where(eq(geMemberships.organizationId, organizationId))
    .orderBy(frenchOrder(organizations.name));
}

/** The member organizations of a GE: confirmed memberships only. */
export async function membersOfGe(db: DbOrTx, geId: number) {
  return db
    .select({
      id: organizations.id,
      name: organizations.name,
      kind: organizations.kind,
      communeName: organizations.communeName,
      departement: organizations.departement,
      status: organizations.status,
    })
    .from(geMemberships)
    .innerJoin(organizations, eq(organizations.id, geMemberships.organizationId))
    .where(and(eq(geMemberships.geId, geId), eq(geMemberships.status, 'confirmed')))
    .orderBy(frenchOrder(organizations.name));
}

export async function membersOf(db: DbOrTx, organizationId: number) {
  return db
    .select({
      personId: people.id,
      displayName: people.displayName,
      email: people.email,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(eq(memberships.organizationId, organizationId))
    .orderBy(asc(memberships.role), frenchOrder(people.displayName));
}

export type RemoveResult = 'removed' | 'not-member' | 'last-owner';

/** Removes a member; an organization always keeps at least one owner. */
export async function removeMember(
  db: DbOrTx,
  organizationId: number,
  personId: number,
): Promise<RemoveResult> {
  return db.transaction(async (tx) => {
    // Lock the organization's memberships so two owners removing each other cannot both succeed.
    const rows = await tx
      .select({ personId: memberships.personId, role: memberships.role })
      .from(memberships)
      .where(eq(memberships.organizationId, organizationId))
      .for('update');
    const target = rows.find((r) => r.personId === personId);
    if (!target) return 'not-member';
    if (target.role === 'owner' && rows.filter((r) => r.role === 'owner').length <= 1) return 'last-owner';
    await tx
      .delete(memberships)
      .where(and(eq(memberships.organizationId, organizationId), eq(memberships.personId, personId)));
    return 'removed';
  });
}

/** Invitations not yet accepted nor expired, for the organization page. */
export async function pendingInvitationsOf(db: DbOrTx, organizationId: number) {
  return db
    .select({ id: invitations.id, email: invitations.email, expiresAt: invitations.expiresAt })
    .from(invitations)
    .where(
      and(
        eq(invitations.organizationId, organizationId),
        sql`${invitations.acceptedAt} is null`,
        sql`${invitations.expiresAt} > now()`,
      ),
    )
    .orderBy(asc(invitations.createdAt));
}

export async function organizationNames(db: DbOrTx, ids: number[]) {
  if (!ids.length) return [];
  return db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(inArray(organizations.id, ids));
}
