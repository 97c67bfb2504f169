/**
 * Everything the meeting pages of one session show, read at once: the session, its invited organizations,
 * the meetings with their place in the plan, the slots, the tables, who is away when, and the plan's
 * version. Reads only; writes are in requests.ts, setup.ts and plan.ts.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import {
  matchmakingSessionOrganizations,
  matchmakingSessions,
  meetingPlans,
  meetingSlots,
  meetingTables,
  meetingUnavailabilities,
  organizations,
  sessionMeetings,
} from '../../db/schema';
import type { MeetingPlanStats } from '../../db/schema/meetings';
import { frenchOrder } from '../common/french';

export type SessionRow = typeof matchmakingSessions.$inferSelect;
export type MeetingRow = typeof sessionMeetings.$inferSelect;
export type SlotRow = typeof meetingSlots.$inferSelect;
export type TableRow = typeof meetingTables.$inferSelect;

export interface InvitedOrganization {
  id: number;
  name: string;
  communeName: string;
  kind: string;
}

export interface Board {
  session: SessionRow;
  organizations: InvitedOrganization[];
  meetings: MeetingRow[];
  slots: SlotRow[];
  tables: TableRow[];
  /** Organization id → slot ids it cannot attend. */
  unavailable: Map<number, Set<number>>;
  plan: { version: number; stats: MeetingPlanStats | null; plannedAt: Date | null };
}

export async function getSession(db: DbOrTx, id: number): Promise<SessionRow | undefined> {
  const [row] = await db.select().from(matchmakingSessions).where(eq(matchmakingSessions.id, id));
  return row;
}

export async function invitedOrganizations(db: DbOrTx, sessionId: number): Promise<InvitedOrganization[]> {
  return db
    .select({
      id: organizations.id,
      name: organizations.name,
      communeName: organizations.communeName,
      kind: organizations.kind,
    })
    .from(matchmakingSessionOrganizations)
    .innerJoin(organizations, eq(organizations.id, matchmakingSessionOrganizations.organizationId))
    .where(eq(matchmakingSessionOrganizations.sessionId, sessionId))
    .orderBy(frenchOrder(organizations.name), asc(organizations.id));
}

export async function planVersion(db: DbOrTx, sessionId: number) {
  const [row] = await db.select().from(meetingPlans).where(eq(meetingPlans.sessionId, sessionId));
  return { version: row?.version ?? 0, stats: row?.stats ?? null, plannedAt: row?.plannedAt ?? null };
}

export async function loadBoard(db: DbOrTx, session: SessionRow): Promise<Board> {
  const sessionId = session.id;
  const [orgs, meetings, slots, tables, away, plan] = await Promise.all([
    invitedOrganizations(db, sessionId),
    db
      .select()
      .from(sessionMeetings)
      .where(eq(sessionMeetings.sessionId, sessionId))
      .orderBy(asc(sessionMeetings.id)),
    db
      .select()
      .from(meetingSlots)
      .where(eq(meetingSlots.sessionId, sessionId))
      .orderBy(asc(meetingSlots.startsAt), asc(meetingSlots.id)),
    db
      .select()
      .from(meetingTables)
      .where(eq(meetingTables.sessionId, sessionId))
      .orderBy(asc(meetingTables.position), asc(meetingTables.id)),
    db.select().from(meetingUnavailabilities).where(eq(meetingUnavailabilities.sessionId, sessionId)),
    planVersion(db, sessionId),
  ]);
  const unavailable = new Map<number, Set<number>>();
  for (const row of away) {
    const set = unavailable.get(row.organizationId) ?? new Set<number>();
    set.add(row.slotId);
    unavailable.set(row.organizationId, set);
  }
  return { session, organizations: orgs, meetings, slots, tables, unavailable, plan };
}

/** The invited organizations among `ids` (e.g. a person's memberships), in name order. */
export async function invitedAmong(
  db: DbOrTx,
  sessionId: number,
  ids: number[],
): Promise<InvitedOrganization[]> {
  if (!ids.length) return [];
  return db
    .select({
      id: organizations.id,
      name: organizations.name,
      communeName: organizations.communeName,
      kind: organizations.kind,
    })
    .from(matchmakingSessionOrganizations)
    .innerJoin(organizations, eq(organizations.id, matchmakingSessionOrganizations.organizationId))
    .where(
      and(
        eq(matchmakingSessionOrganizations.sessionId, sessionId),
        inArray(matchmakingSessionOrganizations.organizationId, ids),
      ),
    )
    .orderBy(frenchOrder(organizations.name), asc(organizations.id));
}
