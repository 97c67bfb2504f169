/**
 * The brute-force twin of the scheduler: enumerates every plan (each meeting left out or given any slot and
 * table that is still free and fits) and keeps the best objective. Written from the model's definition only,
 * sharing no code with server/scheduling, so that the two can check each other on small instances.
 */
import type { Assignment, ScheduleInput } from '../../server/scheduling';

export interface Objective {
  weight: number;
  gaps: number;
}

/** The objective of any set of assignments, straight from the definition in docs/scheduling.md. */
export function objectiveOf(input: ScheduleInput, assignments: Assignment[]): Objective {
  const order = [...input.slots].sort((a, b) => Date.parse(a.start) - Date.parse(b.start)).map((s) => s.id);
  const meeting = new Map(input.meetings.map((m) => [m.id, m]));
  let weight = 0;
  for (const a of assignments) weight += meeting.get(a.meetingId)?.priority ?? 1;
  let gaps = 0;
  for (const p of input.participants) {
    const busy = order.map((slotId) =>
      assignments.some((a) => a.slotId === slotId && meeting.get(a.meetingId)?.participants.includes(p.id)),
    );
    const first = busy.indexOf(true);
    const last = busy.lastIndexOf(true);
    for (let i = first + 1; i < last; i++) {
      if (!busy[i] && !(p.unavailable ?? []).includes(order[i])) gaps++;
    }
  }
  return { weight, gaps };
}

export function bruteForce(input: ScheduleInput): Objective {
  const locked: Assignment[] = input.meetings.flatMap((m) =>
    m.locked ? [{ meetingId: m.id, slotId: m.locked.slotId, tableId: m.locked.tableId }] : [],
  );
  const free = input.meetings.filter((m) => !m.locked);
  const unavailable = new Map(input.participants.map((p) => [p.id, p.unavailable ?? []]));
  const meeting = new Map(input.meetings.map((m) => [m.id, m]));
  let best: Objective = { weight: -1, gaps: 0 };
  const current = [...locked];

  function fits(m: (typeof free)[number], slotId: string, tableId: string): boolean {
    if (new Set(m.participants).size < 2) return false;
    const table = input.tables.find((t) => t.id === tableId);
    if (table?.capacity !== undefined && table.capacity < m.participants.length) return false;
    if (m.participants.some((p) => unavailable.get(p)?.includes(slotId))) return false;
    return !current.some(
      (a) =>
        a.slotId === slotId &&
        (a.tableId === tableId ||
          meeting.get(a.meetingId)?.participants.some((p) => m.participants.includes(p))),
    );
  }

  function visit(k: number): void {
    if (k === free.length) {
      const o = objectiveOf(input, current);
      if (o.weight > best.weight || (o.weight === best.weight && o.gaps < best.gaps)) best = o;
      return;
    }
    const m = free[k];
    visit(k + 1);
    for (const s of input.slots) {
      for (const t of input.tables) {
        if (!fits(m, s.id, t.id)) continue;
        current.push({ meetingId: m.id, slotId: s.id, tableId: t.id });
        visit(k + 1);
        current.pop();
      }
    }
  }

  visit(0);
  return best;
}
