/**
 * Read models for the pages: the table × slot grid of a plan (free, taken, conflict) and one participant's
 * agenda. They accept any assignments, including hand-edited ones that break constraints, and show the
 * breakage instead of failing.
 */
import type { PlanAssignments, ScheduleInput, Table, TimeSlot, Violation, ViolationKind } from './types';
import { validatePlan } from './validate';

export interface GridCell {
  slotId: string;
  tableId: string;
  state: 'free' | 'taken' | 'conflict';
  /** Meetings at this table in this slot (more than one only in a conflict). */
  meetingIds: string[];
  /** Kinds of the violations that involve this cell. */
  problems: ViolationKind[];
}

export interface Grid {
  /** Columns, in time order. */
  slots: TimeSlot[];
  /** One row per table, in input order. */
  rows: { table: Table; cells: GridCell[] }[];
  violations: Violation[];
}

export function slotsInTimeOrder(input: ScheduleInput): TimeSlot[] {
  return input.slots
    .map((slot, i) => ({ slot, i, start: Date.parse(slot.start) }))
    .sort((a, b) => a.start - b.start || a.i - b.i)
    .map((x) => x.slot);
}

export function grid(input: ScheduleInput, plan: PlanAssignments): Grid {
  const violations = validatePlan(input, plan);
  const slots = slotsInTimeOrder(input);
  const rows = input.tables.map((table) => ({
    table,
    cells: slots.map((slot): GridCell => {
      const meetingIds = plan.assignments
        .filter((a) => a.slotId === slot.id && a.tableId === table.id)
        .map((a) => a.meetingId);
      const problems = violations
        .filter(
          (v) =>
            v.kind !== 'locked-moved' &&
            v.slotId === slot.id &&
            (v.tableId === table.id || v.meetingIds.some((id) => meetingIds.includes(id))),
        )
        .map((v) => v.kind);
      const state = problems.length > 0 ? 'conflict' : meetingIds.length > 0 ? 'taken' : 'free';
      return { slotId: slot.id, tableId: table.id, state, meetingIds, problems: [...new Set(problems)] };
    }),
  }));
  return { slots, rows, violations };
}

export interface AgendaEntry {
  slot: TimeSlot;
  /** 'waiting': idle between the participant's first and last meeting; 'conflict': two meetings or unavailable. */
  state: 'meeting' | 'free' | 'waiting' | 'unavailable' | 'conflict';
  meetings: { meetingId: string; tableId: string; with: string[] }[];
}

export function participantAgenda(
  input: ScheduleInput,
  plan: PlanAssignments,
  participantId: string,
): AgendaEntry[] {
  const meetings = new Map(input.meetings.map((m) => [m.id, m]));
  const unavailable = new Set(input.participants.find((p) => p.id === participantId)?.unavailable ?? []);
  const entries = slotsInTimeOrder(input).map((slot): AgendaEntry => {
    const mine = plan.assignments
      .filter((a) => a.slotId === slot.id && meetings.get(a.meetingId)?.participants.includes(participantId))
      .map((a) => ({
        meetingId: a.meetingId,
        tableId: a.tableId,
        with: (meetings.get(a.meetingId)?.participants ?? []).filter((p) => p !== participantId),
      }));
    const off = unavailable.has(slot.id);
    const state: AgendaEntry['state'] =
      mine.length > 1 || (mine.length === 1 && off)
        ? 'conflict'
        : mine.length === 1
          ? 'meeting'
          : off
            ? 'unavailable'
            : 'free';
    return { slot, state, meetings: mine };
  });
  const busy = entries.flatMap((e, i) => (e.meetings.length > 0 ? [i] : []));
  for (let i = (busy[0] ?? 0) + 1; i < (busy.at(-1) ?? 0); i++) {
    if (entries[i].state === 'free') entries[i].state = 'waiting';
  }
  return entries;
}
