/**
 * A session's invited organizations. Inviting an organization puts its published needs and offers in the
 * session's scope (scope.ts holds the single additions and removals); removing it takes them out.
 */
import { and, eq, ilike, inArray, notInArray, sql } from 'drizzle-orm';
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

export interface SessionRef {
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
