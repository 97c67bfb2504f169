/**
 * The room the facilitator sets up: time slots, tables, and the slots each organization cannot attend.
 * Replacing slots or tables keeps those that did not change (same times, same name), so meetings planned
 * in them stay planned; a meeting whose slot or table disappears goes back to "not planned".
 */
import { and, eq, inArray, notInArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { meetingSlots, meetingTables, meetingUnavailabilities, sessionMeetings } from '../../db/schema';
import type { Board } from './board';
import { bumpPlanVersion } from './plan';

export interface SlotTimes {
  startsAt: Date;
  endsAt: Date;
}

export async function replaceSlots(
  db: Db,
  board: Board,
  posted: number,
  slots: SlotTimes[],
): Promise<boolean> {
  const sessionId = board.session.id;
  const same = (a: SlotTimes, b: SlotTimes) =>
    a.startsAt.getTime() === b.startsAt.getTime() && a.endsAt.getTime() === b.endsAt.getTime();
  const kept = board.slots.filter((old) => slots.some((s) => same(s, old)));
  const added = slots.filter((s) => !board.slots.some((old) => same(s, old)));
  return db.transaction(async (tx) => {
    if (!(await bumpPlanVersion(tx, sessionId, posted))) return false;
    const keptIds = kept.map((s) => s.id);
    const gone = and(
      eq(meetingSlots.sessionId, sessionId),
      keptIds.length ? notInArray(meetingSlots.id, keptIds) : undefined,
    );
    // A lock on a vanishing slot means nothing any more: unlock before the foreign key clears the slot.
    const goneIds = (await tx.select({ id: meetingSlots.id }).from(meetingSlots).where(gone)).map(
      (s) => s.id,
    );
    if (goneIds.length) {
      await tx
        .update(sessionMeetings)
        .set({ locked: false, tableId: null, updatedAt: new Date() })
        .where(inArray(sessionMeetings.slotId, goneIds));
      await tx.delete(meetingSlots).where(inArray(meetingSlots.id, goneIds));
    }
    if (added.length) await tx.insert(meetingSlots).values(added.map((s) => ({ sessionId, ...s })));
    return true;
  });
}

export async function replaceTables(db: Db, board: Board, posted: number, names: string[]): Promise<boolean> {
  const sessionId = board.session.id;
  return db.transaction(async (tx) => {
    if (!(await bumpPlanVersion(tx, sessionId, posted))) return false;
    const goneIds = board.tables.filter((t) => !names.includes(t.name)).map((t) => t.id);
    if (goneIds.length) {
      await tx
        .update(sessionMeetings)
        .set({ locked: false, slotId: null, updatedAt: new Date() })
        .where(inArray(sessionMeetings.tableId, goneIds));
      await tx.delete(meetingTables).where(inArray(meetingTables.id, goneIds));
    }
    for (const [position, name] of names.entries()) {
      const existing = board.tables.find((t) => t.name === name);
      if (existing) {
        await tx.update(meetingTables).set({ position }).where(eq(meetingTables.id, existing.id));
      } else {
        await tx.insert(meetingTables).values({ sessionId, name, position });
      }
    }
    return true;
  });
}

/** Replaces the whole unavailability table of the session with `pairs` (organization id, slot id). */
export async function replaceUnavailabilities(
  db: Db,
  board: Board,
  posted: number,
  pairs: { organizationId: number; slotId: number }[],
): Promise<boolean> {
  const sessionId = board.session.id;
  return db.transaction(async (tx) => {
    if (!(await bumpPlanVersion(tx, sessionId, posted))) return false;
    await tx.delete(meetingUnavailabilities).where(eq(meetingUnavailabilities.sessionId, sessionId));
    if (pairs.length)
      await tx.insert(meetingUnavailabilities).values(pairs.map((p) => ({ sessionId, ...p })));
    return true;
  });
}
