/**
 * A session's scope: the needs and offers discussed. Inviting an organization puts its published needs and
 * offers in it (participants.ts); the facilitator then adds or removes single needs and offers here.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import {
  matchmakingSessionNeeds,
  matchmakingSessionOffers,
  needs,
  offers,
  organizations,
} from '../../db/schema';
import { frenchOrder } from '../common/french';

import type { SessionRef } from './participants';

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
