/**
 * The participants' profiles of a session: each invited structure's kind and commune, what it brings (the
 * needs and offers of the session's scope that are its own) and what it looks for (its registration).
 * Organization data only: no person's name or contact.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import {
  matchmakingRegistrations,
  matchmakingSessionNeeds,
  matchmakingSessionOffers,
  needs,
  offers,
} from '../../db/schema';
import type { OrganizationKind } from '../../db/schema/organizations';

interface Participant {
  id: number;
  name: string;
  kind: OrganizationKind;
  communeName: string;
}

export async function participantProfiles(db: DbOrTx, sessionId: number, participants: Participant[]) {
  const ids = participants.map((p) => p.id);
  if (!ids.length) return [];
  const [needRows, offerRows, regs] = await Promise.all([
    db
      .select({ organizationId: needs.organizationId, title: needs.title, roleLabel: needs.roleLabel })
      .from(matchmakingSessionNeeds)
      .innerJoin(needs, eq(needs.id, matchmakingSessionNeeds.needId))
      .where(and(eq(matchmakingSessionNeeds.sessionId, sessionId), inArray(needs.organizationId, ids))),
    db
      .select({ organizationId: offers.organizationId, title: offers.title })
      .from(matchmakingSessionOffers)
      .innerJoin(offers, eq(offers.id, matchmakingSessionOffers.offerId))
      .where(and(eq(matchmakingSessionOffers.sessionId, sessionId), inArray(offers.organizationId, ids))),
    db
      .select({
        organizationId: matchmakingRegistrations.organizationId,
        seeks: matchmakingRegistrations.seeks,
      })
      .from(matchmakingRegistrations)
      .where(
        and(
          eq(matchmakingRegistrations.sessionId, sessionId),
          inArray(matchmakingRegistrations.organizationId, ids),
        ),
      ),
  ]);
  return participants.map((p) => ({
    ...p,
    needs: needRows.filter((n) => n.organizationId === p.id).map((n) => `${n.title} (${n.roleLabel})`),
    offers: offerRows.filter((o) => o.organizationId === p.id).map((o) => o.title),
    seeks: regs.find((r) => r.organizationId === p.id)?.seeks ?? '',
  }));
}
