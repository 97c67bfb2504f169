/**
 * Every hard constraint a plan breaks, for the tests and for the page after the facilitator edits the grid
 * by hand. Independent of the solver: it reads only the input and the assignments.
 */
import type { PlanAssignments, ScheduleInput, Violation } from './types';

function byKey<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

export function validatePlan(input: ScheduleInput, plan: PlanAssignments): Violation[] {
  const violations: Violation[] = [];
  const meetings = new Map(input.meetings.map((m) => [m.id, m]));
  const slots = new Set(input.slots.map((s) => s.id));
  const tables = new Map(input.tables.map((t) => [t.id, t]));
  const unavailable = new Map(input.participants.map((p) => [p.id, new Set(p.unavailable ?? [])]));
  const known = plan.assignments.filter((a) => {
    if (!meetings.has(a.meetingId)) violations.push({ kind: 'unknown-meeting', meetingIds: [a.meetingId] });
    else if (!slots.has(a.slotId))
      violations.push({ kind: 'unknown-slot', meetingIds: [a.meetingId], slotId: a.slotId });
    else if (!tables.has(a.tableId))
      violations.push({ kind: 'unknown-table', meetingIds: [a.meetingId], tableId: a.tableId });
    else return true;
    return false;
  });
  for (const [meetingId, list] of byKey(known, (a) => a.meetingId)) {
    if (list.length > 1) violations.push({ kind: 'meeting-twice', meetingIds: [meetingId] });
  }
  for (const list of byKey(known, (a) => `${a.slotId}\u0000${a.tableId}`).values()) {
    if (list.length > 1) {
      const { slotId, tableId } = list[0];
      const ids = list.map((a) => a.meetingId).sort();
      violations.push({ kind: 'table-double-booked', meetingIds: ids, slotId, tableId });
    }
  }
  const seats = known.flatMap((a) =>
    (meetings.get(a.meetingId)?.participants ?? []).map((participantId) => ({ ...a, participantId })),
  );
  for (const list of byKey(seats, (x) => `${x.slotId}\u0000${x.participantId}`).values()) {
    const ids = [...new Set(list.map((x) => x.meetingId))].sort();
    if (ids.length > 1) {
      const { slotId, participantId } = list[0];
      violations.push({ kind: 'participant-double-booked', meetingIds: ids, slotId, participantId });
    }
  }
  for (const x of seats) {
    if (unavailable.get(x.participantId)?.has(x.slotId)) {
      const { slotId, participantId } = x;
      violations.push({ kind: 'participant-unavailable', meetingIds: [x.meetingId], slotId, participantId });
    }
  }
  for (const a of known) {
    const capacity = tables.get(a.tableId)?.capacity;
    const size = meetings.get(a.meetingId)?.participants.length ?? 0;
    if (capacity !== undefined && size > capacity) {
      violations.push({
        kind: 'table-too-small',
        meetingIds: [a.meetingId],
        slotId: a.slotId,
        tableId: a.tableId,
      });
    }
  }
  const placed = byKey(known, (a) => a.meetingId);
  for (const m of input.meetings) {
    if (!m.locked) continue;
    const here = placed.get(m.id) ?? [];
    if (!here.some((a) => a.slotId === m.locked?.slotId && a.tableId === m.locked?.tableId)) {
      violations.push({ kind: 'locked-moved', meetingIds: [m.id], ...m.locked });
    }
  }
  return violations;
}
