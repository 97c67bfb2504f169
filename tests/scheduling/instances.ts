/** Builders of scheduling inputs for the tests and the figures in docs/scheduling.md. */
import type { Meeting, ScheduleInput, Table, TimeSlot } from '../../server/scheduling';

/** n consecutive 20-minute slots from 09:00 on 2026-03-12, ids s1…sn. */
export function slots(n: number): TimeSlot[] {
  const start = Date.parse('2026-03-12T09:00:00+01:00');
  return Array.from({ length: n }, (_, i) => ({
    id: `s${i + 1}`,
    start: new Date(start + i * 20 * 60_000).toISOString(),
    end: new Date(start + (i + 1) * 20 * 60_000).toISOString(),
  }));
}

export function tables(n: number, capacity?: number): Table[] {
  return Array.from({ length: n }, (_, i) => ({ id: `t${i + 1}`, ...(capacity ? { capacity } : {}) }));
}

export function participants(ids: string[], unavailable: Record<string, string[]> = {}) {
  return ids.map((id) => ({ id, ...(unavailable[id] ? { unavailable: unavailable[id] } : {}) }));
}

/** Meetings m1, m2… between the given pairs (or groups). */
export function meetings(groups: string[][]): Meeting[] {
  return groups.map((g, i) => ({ id: `m${i + 1}`, participants: g }));
}

/** A small deterministic PRNG (mulberry32), so that large instances are the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A session like a large "rencontre d'affaires": random distinct pairs among the participants, a few
 * participants arriving late or leaving early, a few priority meetings and a few locked ones.
 */
export function largeSession(opts: {
  participants: number;
  meetings: number;
  slots: number;
  tables: number;
  seed: number;
}): ScheduleInput {
  const rand = prng(opts.seed);
  const pick = (n: number) => Math.floor(rand() * n);
  const theSlots = slots(opts.slots);
  const people = Array.from({ length: opts.participants }, (_, i) => {
    const id = `p${i + 1}`;
    if (rand() < 0.1) return { id, unavailable: theSlots.slice(0, 1 + pick(3)).map((s) => s.id) };
    if (rand() < 0.1) return { id, unavailable: theSlots.slice(-1 - pick(3)).map((s) => s.id) };
    return { id };
  });
  const seen = new Set<string>();
  const list: Meeting[] = [];
  while (list.length < opts.meetings) {
    const a = pick(opts.participants);
    const b = pick(opts.participants);
    const key = `${Math.min(a, b)}-${Math.max(a, b)}`;
    if (a === b || seen.has(key)) continue;
    seen.add(key);
    const m: Meeting = { id: `m${list.length + 1}`, participants: [`p${a + 1}`, `p${b + 1}`] };
    if (rand() < 0.1) m.priority = 2 + pick(2);
    list.push(m);
  }
  // Lock a few meetings where the facilitator would: distinct slots and tables, so no clash among them.
  for (let k = 0; k < Math.min(5, opts.slots, opts.tables) && k * 7 < list.length; k++) {
    list[k * 7].locked = { slotId: theSlots[k].id, tableId: `t${k + 1}` };
  }
  return { slots: theSlots, tables: tables(opts.tables), participants: people, meetings: list };
}
