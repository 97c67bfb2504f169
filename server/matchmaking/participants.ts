/**
 * A session's invited organizations and its scope (the needs and offers discussed). Inviting an
 * organization puts its published needs and offers in the scope; the facilitator then adds or removes
 * single needs and offers. Removing an organization takes its needs and offers out of the scope.
 */
import { and, asc, eq, ilike, inArray, notInArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import {
  matchmakingSessionNeeds,
  matchmakingSessionOffers,
  matchmakingSessionOrganizations,
  needs,
  offers,
  organizations,
} from '../../db/schema';
import { frenchOrder } from '../common/french';

interface SessionRef {
  id: number;
  departements: string[];
}

export async function invitedOrganizations(db: DbOrTx, sessionId: number) {
  return db
    .select({
      id: organizations.id,
      name: organizations.name,
      kind: organizations.kind,
      communeName: organizations.communeName,
      departement: organizations.departement,
      invitedAt: matchmakingSessionOrganizations.invitedAt,
      invitationSentAt: matchmakingSessionOrganizations.invitationSentAt,
    })
    .from(matchmakingSessionOrganizations)
    .innerJoin(organizations, eq(organizations.id, matchmakingSessionOrganizations.organizationId))
    .where(eq(matchmakingSessionOrganizations.sessionId, sessionId))
    .orderBy(frenchOrder(organizations.name));
}

export async function invitedIds(db: DbOrTx, sessionId: number): Promise<number[]> {
  const rows = await db
    .select({ id: matchmakingSessionOrganizations.organizationId })
    .from(matchmakingSessionOrganizations)
    .where(eq(matchmakingSessionOrganizations.sessionId, sessionId));
  return rows.map((r) => r.id);
}

/** Validated structures of the session's territory not yet invited, filtered by name and kind. */
export async function invitableOrganizations(
  db: DbOrTx,
  session: SessionRef,
  filter: { q?: string; kind?: string } = {},
  limit = 100,
) {
  const invited = await invitedIds(db, session.id);
  const words = (filter.q ?? '')
    .trim()
    .replace(/[%_\\]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  // A joined, grouped count: a correlated subquery written with sql`` lost its outer table (drizzle
  // leaves columns unqualified in a single-table select, so "id" meant the need's id: 0 everywhere).
  const published = db
    .select({ organizationId: needs.organizationId, count: sql<number>`count(*)`.as('published_count') })
    .from(needs)
    .where(eq(needs.status, 'published'))
    .groupBy(needs.organizationId)
    .as('published');
  return db
    .select({
      id: organizations.id,
      name: organizations.name,
      kind: organizations.kind,
      communeName: organizations.communeName,
      departement: organizations.departement,
      publishedNeeds: sql<number>`coalesce(${published.count}, 0)`.mapWith(Number),
    })
    .from(organizations)
    .leftJoin(published, eq(published.organizationId, organizations.id))
    .where(
      and(
        inArray(organizations.departement, session.departements),
        eq(organizations.status, 'validated'),
        invited.length ? notInArray(organizations.id, invited) : undefined,
        filter.kind ? eq(organizations.kind, filter.kind as never) : undefined,
        ...words.map((w) => ilike(organizations.name, `%${w}%`)),
      ),
    )
    .orderBy(frenchOrder(organizations.name))
    .limit(limit);
}

export async function findOrganization(db: DbOrTx, id: number) {
  const [row] = await db
    .select({
      id: organizations.id,
      name: organizations.name,
      departement: organizations.departement,
      status: organizations.status,
    })
    .from(organizations)
    .where(eq(organizations.id, id));
  return row;
}

/** Invites an organization and puts its published needs and offers in the scope; false if already invited. */
export async function inviteOrganization(db: DbOrTx, sessionId: number, organizationId: number) {
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(matchmakingSessionOrganizations)
      .values({ sessionId, organizationId })
      .onConflictDoNothing()
      .returning({ id: matchmakingSessionOrganizations.organizationId });
    if (!inserted.length) return false;
    const [ownNeeds, ownOffers] = await Promise.all([
      tx
        .select({ id: needs.id })
        .from(needs)
        .where(and(eq(needs.organizationId, organizationId), eq(needs.status, 'published'))),
      tx
        .select({ id: offers.id })
        .from(offers)
        .where(and(eq(offers.organizationId, organizationId), eq(offers.status, 'published'))),
    ]);
    if (ownNeeds.length)
      await tx
        .insert(matchmakingSessionNeeds)
        .values(ownNeeds.map((n) => ({ sessionId, needId: n.id })))
        .onConflictDoNothing();
    if (ownOffers.length)
      await tx
        .insert(matchmakingSessionOffers)
        .values(ownOffers.map((o) => ({ sessionId, offerId: o.id })))
        .onConflictDoNothing();
    return true;
  });
}

/** Removes an organization with its needs and offers from the scope; false if it was not invited. */
export async function removeOrganization(db: DbOrTx, sessionId: number, organizationId: number) {
  return db.transaction(async (tx) => {
    const removed = await tx
      .delete(matchmakingSessionOrganizations)
      .where(
        and(
          eq(matchmakingSessionOrganizations.sessionId, sessionId),
          eq(matchmakingSessionOrganizations.organizationId, organizationId),
        ),
      )
      .returning({ id: matchmakingSessionOrganizations.organizationId });
    await tx
      .delete(matchmakingSessionNeeds)
      .where(
        and(
          eq(matchmakingSessionNeeds.sessionId, sessionId),
          inArray(
            matchmakingSessionNeeds.needId,
            tx.select({ id: needs.id }).from(needs).where(eq(needs.organizationId, organizationId)),
          ),
        ),
      );
    await tx
      .delete(matchmakingSessionOffers)
      .where(
        and(
          eq(matchmakingSessionOffers.sessionId, sessionId),
          inArray(
            matchmakingSessionOffers.offerId,
            tx.select({ id: offers.id }).from(offers).where(eq(offers.organizationId, organizationId)),
          ),
        ),
      );
    return removed.length > 0;
  });
}

const needColumns = {
  id: needs.id,
  title: needs.title,
  roleCode: needs.roleCode,
  roleLabel: needs.roleLabel,
  hoursHundredths: needs.hoursHundredths,
  allowedSlots: needs.allowedSlots,
  slotsNeeded: needs.slotsNeeded,
  communeName: needs.communeName,
  departement: needs.departement,
  status: needs.status,
  startDate: needs.startDate,
  organizationId: organizations.id,
  organizationName: organizations.name,
};

/** The needs in the scope, by role then structure. */
export async function scopeNeeds(db: DbOrTx, sessionId: number) {
  return db
    .select(needColumns)
    .from(matchmakingSessionNeeds)
    .innerJoin(needs, eq(needs.id, matchmakingSessionNeeds.needId))
    .innerJoin(organizations, eq(organizations.id, needs.organizationId))
    .where(eq(matchmakingSessionNeeds.sessionId, sessionId))
    .orderBy(frenchOrder(needs.roleLabel), frenchOrder(organizations.name), asc(needs.id));
}

/** Published needs of the territory that could be added to the scope. */
export async function addableNeeds(db: DbOrTx, session: SessionRef, limit = 200) {
  return db
    .select(needColumns)
    .from(needs)
    .innerJoin(organizations, eq(organizations.id, needs.organizationId))
    .where(
      and(
        eq(needs.status, 'published'),
        eq(organizations.status, 'validated'),
        inArray(needs.departement, session.departements),
        sql`not exists (select 1 from ${matchmakingSessionNeeds} where ${matchmakingSessionNeeds.sessionId} = ${session.id} and ${matchmakingSessionNeeds.needId} = ${needs.id})`,
      ),
    )
    .orderBy(frenchOrder(needs.roleLabel), frenchOrder(organizations.name), asc(needs.id))
    .limit(limit);
}

const offerColumns = {
  id: offers.id,
  kind: offers.kind,
  title: offers.title,
  departements: offers.departements,
  status: offers.status,
  organizationId: organizations.id,
  organizationName: organizations.name,
};

export async function scopeOffers(db: DbOrTx, sessionId: number) {
  return db
    .select(offerColumns)
    .from(matchmakingSessionOffers)
    .innerJoin(offers, eq(offers.id, matchmakingSessionOffers.offerId))
    .innerJoin(organizations, eq(organizations.id, offers.organizationId))
    .where(eq(matchmakingSessionOffers.sessionId, sessionId))
    .orderBy(frenchOrder(organizations.name), asc(offers.id));
}

/** Published offers covering the session's territory that could be added to the scope. */
export async function addableOffers(db: DbOrTx, session: SessionRef, limit = 200) {
  return db
    .select(offerColumns)
    .from(offers)
    .innerJoin(organizations, eq(organizations.id, offers.organizationId))
    .where(
      and(
        eq(offers.status, 'published'),
        eq(organizations.status, 'validated'),
        sql`${offers.departements} && ${sql.param(session.departements)}::text[]`,
        sql`not exists (select 1 from ${matchmakingSessionOffers} where ${matchmakingSessionOffers.sessionId} = ${session.id} and ${matchmakingSessionOffers.offerId} = ${offers.id})`,
      ),
    )
    .orderBy(frenchOrder(organizations.name), asc(offers.id))
    .limit(limit);
}

/** Adds a need to the scope when it is a published need of the session's territory; false otherwise. */
export async function addNeedToScope(db: DbOrTx, session: SessionRef, needId: number): Promise<boolean> {
  const [need] = await db
    .select({ id: needs.id })
    .from(needs)
    .where(
      and(
        eq(needs.id, needId),
        eq(needs.status, 'published'),
        inArray(needs.departement, session.departements),
      ),
    );
  if (!need) return false;
  await db.insert(matchmakingSessionNeeds).values({ sessionId: session.id, needId }).onConflictDoNothing();
  return true;
}

export async function removeNeedFromScope(db: DbOrTx, sessionId: number, needId: number) {
  await db
    .delete(matchmakingSessionNeeds)
    .where(and(eq(matchmakingSessionNeeds.sessionId, sessionId), eq(matchmakingSessionNeeds.needId, needId)));
}

export async function addOfferToScope(db: DbOrTx, session: SessionRef, offerId: number): Promise<boolean> {
  const [offer] = await db
    .select({ id: offers.id })
    .from(offers)
    .where(
      and(
        eq(offers.id, offerId),
        eq(offers.status, 'published'),
        sql`${offers.departements} && ${sql.param(session.departements)}::text[]`,
      ),
    );
  if (!offer) return false;
  await db.insert(matchmakingSessionOffers).values({ sessionId: session.id, offerId }).onConflictDoNothing();
  return true;
}

export async function removeOfferFromScope(db: DbOrTx, sessionId: number, offerId: number) {
  await db
    .delete(matchmakingSessionOffers)
    .where(
      and(eq(matchmakingSessionOffers.sessionId, sessionId), eq(matchmakingSessionOffers.offerId, offerId)),
    );
}
