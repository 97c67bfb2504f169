/**
 * Matchmaking sessions (rencontres) written straight into their tables, with their invited
 * organizations: `makeMatchmakingSession(db, { organizations: [a, b] })` is a planned session in Belfort
 * on 10 March 2027, 9:00–12:30 Paris time.
 */
import type { Db } from '../../../db/client';
import { matchmakingSessionOrganizations, matchmakingSessions } from '../../../db/schema';
import type { MatchmakingStatus, SessionRunResult } from '../../../db/schema/matchmaking';

/** 10 March 2027, 9:00–12:30 in Paris (UTC+1 that day). */
export const SESSION_DAY = {
  startsAt: new Date('2027-03-10T08:00:00Z'),
  endsAt: new Date('2027-03-10T11:30:00Z'),
};

export interface SessionTraits {
  /** The invited organizations (or their ids). */
  organizations?: ({ id: number } | number)[];
  departements?: string[];
  status?: MatchmakingStatus;
  /** The facilitator who created it (or their id). */
  createdBy?: { id: number } | number;
  lastRun?: SessionRunResult;
  startsAt?: Date;
  endsAt?: Date;
  title?: string;
}

const idOf = (x: { id: number } | number) => (typeof x === 'number' ? x : x.id);

export async function makeMatchmakingSession(db: Db, traits: SessionTraits = {}) {
  const [session] = await db
    .insert(matchmakingSessions)
    .values({
      kind: 'rencontre_affaires',
      title: traits.title ?? 'Rencontre d’affaires de Belfort',
      startsAt: traits.startsAt ?? SESSION_DAY.startsAt,
      endsAt: traits.endsAt ?? SESSION_DAY.endsAt,
      place: 'Maison des associations',
      communeCode: '90010',
      communeName: 'Belfort',
      departements: traits.departements ?? ['90'],
      status: traits.status ?? 'planned',
      createdBy: traits.createdBy === undefined ? null : idOf(traits.createdBy),
      lastRun: traits.lastRun ?? null,
    })
    .returning();
  const invited = (traits.organizations ?? []).map(idOf);
  if (invited.length) {
    await db
      .insert(matchmakingSessionOrganizations)
      .values(invited.map((organizationId) => ({ sessionId: session.id, organizationId })));
  }
  return session;
}
