/**
 * "Ajouter les rencontres suggérées": the meetings a session calls for, each with its reason.
 * - the groups of the session's last matching run: every two invited organizations of a composition (35 h)
 *   or of a partial to complete should talk;
 * - the cooperation offers in the session's scope: the offer's organization and each invited organization
 *   that server/offers suggests as a partner.
 * One suggestion per pair: the reasons of a pair found twice are joined.
 */
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { matchmakingSessionOffers } from '../../db/schema';
import { formatHours } from '../common/labels';
import { getOffer } from '../offers/service';
import { suggestPartners } from '../offers/suggestions';
import type { SessionRow } from './board';

export interface MeetingSuggestion {
  organizationIds: [number, number];
  reason: string;
}

/** How many partners to ask server/offers for, per offer, before keeping the invited ones. */
const PARTNERS_PER_OFFER = 50;

export async function suggestedMeetings(
  db: DbOrTx,
  session: SessionRow,
  invitedIds: number[],
): Promise<MeetingSuggestion[]> {
  const invited = new Set(invitedIds);
  const found = new Map<string, { organizationIds: [number, number]; reasons: string[] }>();
  const add = (a: number, b: number, reason: string) => {
    if (a === b || !invited.has(a) || !invited.has(b)) return;
    const pair: [number, number] = [Math.min(a, b), Math.max(a, b)];
    const key = pair.join('-');
    const entry = found.get(key) ?? { organizationIds: pair, reasons: [] };
    if (!entry.reasons.includes(reason)) entry.reasons.push(reason);
    found.set(key, entry);
  };

  for (const group of session.lastRun?.groups ?? []) {
    const reason =
      group.kind === 'full'
        ? `Composition à temps plein : ${group.roleLabel} (${formatHours(group.hoursHundredths / 100)})`
        : `Composition à compléter : ${group.roleLabel} (il manque ${formatHours(group.missingHundredths / 100)})`;
    const orgs = [...new Set(group.members.map((m) => m.organizationId))];
    for (let i = 0; i < orgs.length; i++)
      for (let j = i + 1; j < orgs.length; j++) add(orgs[i], orgs[j], reason);
  }

  const inScope = await db
    .select({ offerId: matchmakingSessionOffers.offerId })
    .from(matchmakingSessionOffers)
    .where(eq(matchmakingSessionOffers.sessionId, session.id))
    .orderBy(matchmakingSessionOffers.offerId);
  for (const { offerId } of inScope) {
    const offer = await getOffer(db, offerId);
    if (!offer || !invited.has(offer.organizationId)) continue;
    for (const partner of await suggestPartners(db, offer, PARTNERS_PER_OFFER)) {
      add(
        offer.organizationId,
        partner.organizationId,
        `Offre « ${offer.title} » : partenaire suggéré (${partner.reasons.join(', ')})`,
      );
    }
  }

  return [...found.values()]
    .map((e) => ({ organizationIds: e.organizationIds, reason: e.reasons.join(' ; ').slice(0, 1000) }))
    .sort(
      (x, y) => x.organizationIds[0] - y.organizationIds[0] || x.organizationIds[1] - y.organizationIds[1],
    );
}
