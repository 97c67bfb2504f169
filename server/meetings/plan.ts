/**
 * The plan of a session's meetings: the scheduler's input built from the stored board, "tout planifier",
 * a hand move and lock/unlock. Every change of placement posts the plan version it was read at
 * (`bumpPlanVersion`): a stale version is refused, so two facilitators cannot overwrite each other.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { meetingPlans, sessionMeetings } from '../../db/schema';
import type { MeetingPlanStats } from '../../db/schema/meetings';
import {
  type Assignment,
  inputProblems,
  type Plan,
  type ScheduleInput,
  schedule,
  type UnscheduledReason,
  type Violation,
  validatePlan,
} from '../scheduling';
import type { Board, MeetingRow } from './board';

export const slotKey = (id: number) => `s${id}`;
export const tableKey = (id: number) => `t${id}`;
export const orgKey = (id: number) => `o${id}`;
export const meetingKey = (id: number) => `m${id}`;
const idOf = (key: string) => Number(key.slice(1));

export const UNSCHEDULED_LABELS: Record<UnscheduledReason, string> = {
  'too-few-participants': 'une seule structure dans ce rendez-vous',
  'no-table-large-enough': 'aucune table ne convient',
  'no-common-slot': 'aucun créneau où les deux structures sont disponibles et une table libre',
  'no-room': 'plus de place : les créneaux où les deux sont libres sont tous pris',
};

const isPlaced = (m: MeetingRow) => m.slotId !== null && m.tableId !== null;

/** The scheduler's input: invited organizations as participants, locked meetings with their place. */
export function scheduleInput(board: Board): ScheduleInput {
  return {
    slots: board.slots.map((s) => ({
      id: slotKey(s.id),
      start: s.startsAt.toISOString(),
      end: s.endsAt.toISOString(),
    })),
    tables: board.tables.map((t) => ({ id: tableKey(t.id) })),
    participants: board.organizations.map((o) => ({
      id: orgKey(o.id),
      unavailable: [...(board.unavailable.get(o.id) ?? [])].map(slotKey),
    })),
    meetings: board.meetings.map((m) => ({
      id: meetingKey(m.id),
      participants: [orgKey(m.organizationLowId), orgKey(m.organizationHighId)],
      ...(m.locked && isPlaced(m)
        ? { locked: { slotId: slotKey(m.slotId as number), tableId: tableKey(m.tableId as number) } }
        : {}),
    })),
  };
}

/** The stored plan as the scheduler's assignments. */
export function storedAssignments(board: Board): Assignment[] {
  return board.meetings.filter(isPlaced).map((m) => ({
    meetingId: meetingKey(m.id),
    slotId: slotKey(m.slotId as number),
    tableId: tableKey(m.tableId as number),
  }));
}

/**
 * Moves the plan from `posted` to the next version; false when someone changed it since `posted`
 * (version 0: no plan row yet).
 */
export async function bumpPlanVersion(
  tx: DbOrTx,
  sessionId: number,
  posted: number,
  extra: Partial<Pick<typeof meetingPlans.$inferInsert, 'plannedAt' | 'plannedBy' | 'stats'>> = {},
): Promise<boolean> {
  if (posted === 0) {
    const inserted = await tx
      .insert(meetingPlans)
      .values({ sessionId, version: 1, ...extra })
      .onConflictDoNothing()
      .returning({ version: meetingPlans.version });
    return inserted.length > 0;
  }
  const updated = await tx
    .update(meetingPlans)
    .set({ version: sql`${meetingPlans.version} + 1`, updatedAt: new Date(), ...extra })
    .where(and(eq(meetingPlans.sessionId, sessionId), eq(meetingPlans.version, posted)))
    .returning({ version: meetingPlans.version });
  return updated.length > 0;
}

export const STALE_PLAN =
  'Le planning a été modifié par quelqu’un d’autre pendant que vous le consultiez : rien n’a été enregistré. Voici le planning à jour ; refaites votre action si elle est toujours utile.';

export type PlanResult = { ok: true; plan: Plan } | { ok: false; message: string };

/**
 * "Tout planifier": schedules every meeting of the board (locked ones stay), then stores the result in one
 * transaction if the plan is still at `posted`. The scheduler runs outside the transaction (up to ~1 s).
 */
export async function planAll(
  db: Db,
  board: Board,
  posted: number,
  personId: number,
  timeLimitMs?: number,
): Promise<PlanResult> {
  if (!board.slots.length || !board.tables.length)
    return { ok: false, message: 'Définissez d’abord les créneaux et les tables de la rencontre.' };
  const input = scheduleInput(board);
  // The forms keep the input well formed; should stored data ever break it (overlapping slots written by
  // hand), say so instead of failing with a 500.
  const problems = inputProblems(input);
  if (problems.length)
    return { ok: false, message: `Le planning ne peut pas être calculé : ${problems.join(' ; ')}.` };
  const plan = schedule(input, timeLimitMs ? { timeLimitMs } : {});
  const stats: MeetingPlanStats = {
    scheduled: plan.stats.scheduled,
    unscheduled: plan.unscheduled.length,
    waitingGaps: plan.stats.waitingGaps,
    provedOptimal: plan.stats.provedOptimal,
    elapsedMs: plan.stats.elapsedMs,
  };
  const ok = await db.transaction(async (tx) => {
    if (
      !(await bumpPlanVersion(tx, board.session.id, posted, {
        plannedAt: new Date(),
        plannedBy: personId,
        stats,
      }))
    )
      return false;
    const ids = board.meetings.map((m) => m.id);
    if (ids.length) {
      // Start from nothing placed (locks kept as flags), then write each assignment and each reason.
      await tx
        .update(sessionMeetings)
        .set({ slotId: null, tableId: null, unscheduledReason: null, updatedAt: new Date() })
        .where(inArray(sessionMeetings.id, ids));
    }
    for (const a of plan.assignments) {
      await tx
        .update(sessionMeetings)
        .set({ slotId: idOf(a.slotId), tableId: idOf(a.tableId) })
        .where(eq(sessionMeetings.id, idOf(a.meetingId)));
    }
    for (const u of plan.unscheduled) {
      await tx
        .update(sessionMeetings)
        .set({ unscheduledReason: u.reason })
        .where(eq(sessionMeetings.id, idOf(u.meetingId)));
    }
    return true;
  });
  return ok ? { ok: true, plan } : { ok: false, message: STALE_PLAN };
}

export interface MoveRequest {
  meetingId: number;
  /** Null takes the meeting out of the plan. */
  slotId: number | null;
  tableId: number | null;
  locked: boolean;
}

/** The violations that a move would add for this meeting (none: the move is clean). */
export function moveViolations(board: Board, move: MoveRequest): Violation[] {
  const key = meetingKey(move.meetingId);
  const assignments = storedAssignments(board).filter((a) => a.meetingId !== key);
  if (move.slotId === null || move.tableId === null) return [];
  assignments.push({ meetingId: key, slotId: slotKey(move.slotId), tableId: tableKey(move.tableId) });
  // Locks are the facilitator's own choice: only the physical rules count here.
  const input = {
    ...scheduleInput(board),
    meetings: scheduleInput(board).meetings.map(({ locked: _l, ...m }) => m),
  };
  return validatePlan(input, { assignments }).filter((v) => v.meetingIds.includes(key));
}

/** Stores a hand move (already checked clean) if the plan is still at `posted`. */
export async function storeMove(
  db: Db,
  sessionId: number,
  posted: number,
  move: MoveRequest,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    if (!(await bumpPlanVersion(tx, sessionId, posted))) return false;
    const placed = move.slotId !== null && move.tableId !== null;
    await tx
      .update(sessionMeetings)
      .set({
        slotId: placed ? move.slotId : null,
        tableId: placed ? move.tableId : null,
        locked: placed && move.locked,
        unscheduledReason: null,
        updatedAt: new Date(),
      })
      .where(and(eq(sessionMeetings.sessionId, sessionId), eq(sessionMeetings.id, move.meetingId)));
    return true;
  });
}

/** Locks or unlocks a placed meeting if the plan is still at `posted`. */
export async function storeLock(
  db: Db,
  sessionId: number,
  posted: number,
  meetingId: number,
  locked: boolean,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    if (!(await bumpPlanVersion(tx, sessionId, posted))) return false;
    await tx
      .update(sessionMeetings)
      .set({ locked, updatedAt: new Date() })
      .where(and(eq(sessionMeetings.sessionId, sessionId), eq(sessionMeetings.id, meetingId)));
    return true;
  });
}
