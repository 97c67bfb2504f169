/**
 * Shared pieces of the meeting tests: a matchmaking session with invited organizations written straight
 * into the sessions' tables (their pages are another capability's), and people signed in.
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client';
import { matchmakingSessionOrganizations, matchmakingSessions } from '../../db/schema';
import type { MatchmakingStatus, SessionRunResult } from '../../db/schema/matchmaking';
import { Browser } from '../support/browser';
import { TEST_PASSWORD } from '../support/factories';

/** 10 March 2027, 9:00–12:30 in Paris (UTC+1 that day). */
export const SESSION_DAY = {
  startsAt: new Date('2027-03-10T08:00:00Z'),
  endsAt: new Date('2027-03-10T11:30:00Z'),
};

export async function makeSession(
  db: Db,
  traits: {
    organizationIds: number[];
    departements?: string[];
    status?: MatchmakingStatus;
    createdBy?: number;
    lastRun?: SessionRunResult;
    startsAt?: Date;
    endsAt?: Date;
  },
) {
  const [session] = await db
    .insert(matchmakingSessions)
    .values({
      kind: 'rencontre_affaires',
      title: 'Rencontre d’affaires de Belfort',
      startsAt: traits.startsAt ?? SESSION_DAY.startsAt,
      endsAt: traits.endsAt ?? SESSION_DAY.endsAt,
      place: 'Maison des associations',
      communeCode: '90010',
      communeName: 'Belfort',
      departements: traits.departements ?? ['90'],
      status: traits.status ?? 'planned',
      createdBy: traits.createdBy ?? null,
      lastRun: traits.lastRun ?? null,
    })
    .returning();
  if (traits.organizationIds.length) {
    await db
      .insert(matchmakingSessionOrganizations)
      .values(traits.organizationIds.map((organizationId) => ({ sessionId: session.id, organizationId })));
  }
  return session;
}

export async function signedIn(app: FastifyInstance, email: string): Promise<Browser> {
  const browser = new Browser(app);
  await browser.signIn(email, TEST_PASSWORD);
  return browser;
}

/** The plan version a page's forms carry. */
export function versionOf(body: string): string {
  const match = /name="version" value="(\d+)"/.exec(body);
  if (!match) throw new Error('no plan version on the page');
  return match[1];
}
