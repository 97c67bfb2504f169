/**
 * Checks a scheduling input and compiles it to integer indices: slots sorted by start, tables and
 * participants in input order, meetings with participant indices. The solver works only on this form.
 */
import type { ScheduleInput } from './types';

export class SchedulingInputError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid scheduling input: ${problems.join('; ')}`);
    this.name = 'SchedulingInputError';
  }
}

export interface CompiledMeeting {
  id: string;
  /** Index in input.meetings. */
  index: number;
  parts: number[];
  weight: number;
  size: number;
  locked: { slot: number; table: number } | null;
}

export interface Model {
  slotIds: string[];
  /** Sorted slot index → index in input.slots. */
  slotInputIndex: number[];
  tableIds: string[];
  /** Infinity when the table has no capacity. */
  tableCap: number[];
  participantIds: string[];
  /** unavailable[p * S + s] is 1 when participant p cannot attend slot s. */
  unavailable: Uint8Array;
  meetings: CompiledMeeting[];
  S: number;
  T: number;
  P: number;
}

function duplicates(ids: string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const id of ids) (seen.has(id) ? dup : seen).add(id);
  return [...dup];
}

const isPositiveInt = (n: unknown): boolean => typeof n === 'number' && Number.isInteger(n) && n >= 1;

/**
 * Structural problems that no plan can work around (the page validates its forms before calling). A meeting
 * with fewer than two participants is not one of them: it is reported as unscheduled instead.
 */
export function inputProblems(input: ScheduleInput): string[] {
  const problems: string[] = [];
  const slotIds = input.slots.map((s) => s.id);
  const tableIds = input.tables.map((t) => t.id);
  const participantIds = input.participants.map((p) => p.id);
  for (const [what, ids] of [
    ['slot', slotIds],
    ['table', tableIds],
    ['participant', participantIds],
    ['meeting', input.meetings.map((m) => m.id)],
  ] as const) {
    for (const id of duplicates(ids)) problems.push(`duplicate ${what} id ${id}`);
  }
  const slotSet = new Set(slotIds);
  const tableSet = new Set(tableIds);
  const participantSet = new Set(participantIds);
  const times = input.slots.map((s) => ({ id: s.id, start: Date.parse(s.start), end: Date.parse(s.end) }));
  for (const t of times) {
    if (Number.isNaN(t.start) || Number.isNaN(t.end)) problems.push(`slot ${t.id} has an invalid date`);
    else if (t.start >= t.end) problems.push(`slot ${t.id} ends before it starts`);
  }
  const sorted = times.filter((t) => t.start < t.end).sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].start < sorted[i - 1].end)
      problems.push(`slots ${sorted[i - 1].id} and ${sorted[i].id} overlap`);
  }
  for (const t of input.tables) {
    if (t.capacity !== undefined && !isPositiveInt(t.capacity))
      problems.push(`table ${t.id} has a bad capacity`);
  }
  for (const p of input.participants) {
    for (const s of p.unavailable ?? []) {
      if (!slotSet.has(s)) problems.push(`participant ${p.id} is unavailable at unknown slot ${s}`);
    }
  }
  for (const m of input.meetings) {
    for (const p of m.participants) {
      if (!participantSet.has(p)) problems.push(`meeting ${m.id} has unknown participant ${p}`);
    }
    if (duplicates(m.participants).length > 0) problems.push(`meeting ${m.id} lists a participant twice`);
    if (m.priority !== undefined && !isPositiveInt(m.priority))
      problems.push(`meeting ${m.id} has a bad priority`);
    if (m.locked && (!slotSet.has(m.locked.slotId) || !tableSet.has(m.locked.tableId))) {
      problems.push(`meeting ${m.id} is locked to an unknown slot or table`);
    }
  }
  return problems;
}

export function compile(input: ScheduleInput): Model {
  const problems = inputProblems(input);
  if (problems.length > 0) throw new SchedulingInputError(problems);
  const slotInputIndex = input.slots
    .map((s, i) => ({ i, start: Date.parse(s.start) }))
    .sort((a, b) => a.start - b.start || a.i - b.i)
    .map((x) => x.i);
  const slotIds = slotInputIndex.map((i) => input.slots[i].id);
  const slotIndex = new Map(slotIds.map((id, i) => [id, i]));
  const tableIndex = new Map(input.tables.map((t, i) => [t.id, i]));
  const participantIndex = new Map(input.participants.map((p, i) => [p.id, i]));
  const S = slotIds.length;
  const P = input.participants.length;
  const unavailable = new Uint8Array(P * S);
  input.participants.forEach((p, pi) => {
    for (const s of p.unavailable ?? []) unavailable[pi * S + (slotIndex.get(s) as number)] = 1;
  });
  const meetings = input.meetings.map((m, index) => ({
    id: m.id,
    index,
    parts: m.participants.map((p) => participantIndex.get(p) as number),
    weight: m.priority ?? 1,
    size: m.participants.length,
    locked: m.locked
      ? { slot: slotIndex.get(m.locked.slotId) as number, table: tableIndex.get(m.locked.tableId) as number }
      : null,
  }));
  return {
    slotIds,
    slotInputIndex,
    tableIds: input.tables.map((t) => t.id),
    tableCap: input.tables.map((t) => t.capacity ?? Number.POSITIVE_INFINITY),
    participantIds: input.participants.map((p) => p.id),
    unavailable,
    meetings,
    S,
    T: input.tables.length,
    P,
  };
}

/** Waiting gaps of one participant given how many meetings they hold in each slot. */
export function participantGaps(model: Model, p: number, occupancy: ArrayLike<number>, base = 0): number {
  const S = model.S;
  let first = -1;
  let last = -1;
  for (let s = 0; s < S; s++) {
    if (occupancy[base + s] > 0) {
      if (first < 0) first = s;
      last = s;
    }
  }
  let gaps = 0;
  for (let s = first + 1; s < last; s++) {
    if (occupancy[base + s] === 0 && model.unavailable[p * S + s] === 0) gaps++;
  }
  return gaps;
}
