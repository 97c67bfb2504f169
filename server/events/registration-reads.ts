/**
 * Reads of the registration pages: a session's settings, its registrations (the facilitator's list, the
 * person's own), what a structure can say it brings, the places taken, the sessions open to registration.
 */
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import {
  matchmakingEventSettings,
  matchmakingRegistrations,
  matchmakingSessionOrganizations,
  matchmakingSessions,
  needs,
  offers,
  organizations,
} from '../../db/schema';

export type EventSettings = typeof matchmakingEventSettings.$inferSelect;

export async function getEventSettings(db: DbOrTx, sessionId: number): Promise<EventSettings | undefined> {
  const [row] = await db
    .select()
    .from(matchmakingEventSettings)
    .where(eq(matchmakingEventSettings.sessionId, sessionId));
  return row;
}

/** The registrations of a session with the organization's name, oldest first (the facilitator's list). */
export async function listRegistrations(db: DbOrTx, sessionId: number) {
  return db
    .select({
      id: matchmakingRegistrations.id,
      organizationId: matchmakingRegistrations.organizationId,
      name: organizations.name,
      kind: organizations.kind,
      communeName: organizations.communeName,
      status: matchmakingRegistrations.status,
      seeks: matchmakingRegistrations.seeks,
      needIds: matchmakingRegistrations.needIds,
      offerIds: matchmakingRegistrations.offerIds,
      createdAt: matchmakingRegistrations.createdAt,
    })
    .from(matchmakingRegistrations)
    .innerJoin(organizations, eq(organizations.id, matchmakingRegistrations.organizationId))
    .where(eq(matchmakingRegistrations.sessionId, sessionId))
    .orderBy(asc(matchmakingRegistrations.createdAt), asc(matchmakingRegistrations.id));
}

/** The registrations of these organizations to a session (the public page shows the person's own). */
export async function registrationsOf(db: DbOrTx, sessionId: number, organizationIds: number[]) {
  if (!organizationIds.length) return [];
  return db
    .select()
    .from(matchmakingRegistrations)
    .where(
      and(
        eq(matchmakingRegistrations.sessionId, sessionId),
        inArray(matchmakingRegistrations.organizationId, organizationIds),
      ),
    );
}

/** The published needs and offers of an organization: what it can say it brings. */
export async function broughtChoices(db: DbOrTx, organizationId: number) {
  const [needRows, offerRows] = await Promise.all([
    db
      .select({ id: needs.id, title: needs.title })
      .from(needs)
      .where(and(eq(needs.organizationId, organizationId), eq(needs.status, 'published')))
      .orderBy(asc(needs.id)),
    db
      .select({ id: offers.id, title: offers.title })
      .from(offers)
      .where(and(eq(offers.organizationId, organizationId), eq(offers.status, 'published')))
      .orderBy(asc(offers.id)),
  ]);
  return { needs: needRows, offers: offerRows };
}

/** The figures of the public page: places taken and the cap. */
export async function placesTaken(db: DbOrTx, sessionId: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(matchmakingSessionOrganizations)
    .where(eq(matchmakingSessionOrganizations.sessionId, sessionId));
  return row.n;
}

/** Sessions open to registration, upcoming, soonest first (the public list). */
export async function openSessions(db: DbOrTx, now = new Date()) {
  return db
    .select({ session: matchmakingSessions, settings: matchmakingEventSettings })
    .from(matchmakingEventSettings)
    .innerJoin(matchmakingSessions, eq(matchmakingSessions.id, matchmakingEventSettings.sessionId))
    .where(
      and(
        eq(matchmakingEventSettings.open, true),
        eq(matchmakingSessions.status, 'planned'),
        gt(matchmakingSessions.startsAt, now),
      ),
    )
    .orderBy(asc(matchmakingSessions.startsAt))
    .limit(100);
}
