/**
 * Candidate changes of one left-out need, kind by kind, from its near groups (near-groups.ts): every
 * value of the changed field that makes at least one near group a feasible position, with the near
 * groups it makes feasible ("enabling" groups). A near group that is feasible without any change is no
 * evidence for a change and is dropped. Values are the smallest change each near group needs (the
 * closest hours, the nearest start, the shortest reach in whole kilometres), so the list is finite.
 *
 * Sizes put the kinds on one scale, smallest first: one added half-day 1; hours 1 + |Δ| / 3.5 h; reach
 * new / old; start 1 + |Δ days| / 60; two added half-days 2.
 */
import { assignSlots } from './feasibility';
import type { NearGroup, RelaxedRoot } from './near-groups';
import type { PNeed, Prepared } from './prepare';
import { ALL_SLOTS_MASK, maskOf, slotsOf } from './slots';
import type { Instance, Need, NeedChange } from './types';

/** Limits of a change (DESIGN.md, "What would complete a need"). */
export const HOURS_STEP = 350; // hundredths: ±3.5 h
export const MAX_SHIFT_DAYS = 60;
export const TRAVEL_FACTOR = 2;

export type ChangeKind = 'slots' | 'hours' | 'travel' | 'start';
export const KIND_ORDER: readonly ChangeKind[] = ['slots', 'hours', 'travel', 'start'];

export interface Candidate {
  kind: ChangeKind;
  /** Slots: the mask of the added half-days; hours: hundredths; travel: km; start: day number. */
  value: number;
  size: number;
  enabling: NearGroup[];
}

export function relaxedRoot(p: Prepared, v: PNeed, kind: ChangeKind): RelaxedRoot {
  const r: RelaxedRoot = {
    need: v,
    allowed: v.allowed,
    hoursLo: v.hours,
    hoursHi: v.hours,
    travelKm: v.travelKm,
    dayLo: v.day,
    dayHi: v.day,
  };
  if (kind === 'slots') r.allowed = ALL_SLOTS_MASK;
  if (kind === 'hours') {
    r.hoursLo = Math.max(1, v.hours - HOURS_STEP);
    r.hoursHi = Math.min(p.maxHours, v.hours + HOURS_STEP);
  }
  if (kind === 'travel') r.travelKm = v.travelKm * TRAVEL_FACTOR;
  if (kind === 'start') {
    r.dayLo = v.day - MAX_SHIFT_DAYS;
    r.dayHi = v.day + MAX_SHIFT_DAYS;
  }
  return r;
}

/** The root with one field changed, as the solver sees it. */
export function changedNeed(v: PNeed, kind: ChangeKind, value: number): PNeed {
  if (kind === 'slots') return { ...v, allowed: v.allowed | value };
  if (kind === 'hours') return { ...v, hours: value };
  if (kind === 'travel') return { ...v, travelKm: value };
  return { ...v, day: value };
}

function slotsFit(p: Prepared, root: PNeed, allowed: number, members: number[]): boolean {
  const needs = members.map((i) => p.needs[i]);
  return (
    assignSlots(
      [root.slotsNeeded, ...needs.map((n) => n.slotsNeeded)],
      [allowed, ...needs.map((n) => n.allowed)],
    ) !== null
  );
}

/** Adds `group` to the enabling list of the candidate `value` (created on first sight). */
function enable(
  byValue: Map<number, Candidate>,
  kind: ChangeKind,
  value: number,
  size: number,
  group: NearGroup,
) {
  const c = byValue.get(value);
  if (c) c.enabling.push(group);
  else byValue.set(value, { kind, value, size, enabling: [group] });
}

function slotCandidates(p: Prepared, v: PNeed, groups: NearGroup[]): Candidate[] {
  const byMask = new Map<number, Candidate>();
  const free: number[] = [];
  for (let s = 0; s < 12; s++) if (!(v.allowed & (1 << s))) free.push(1 << s);
  for (const g of groups) {
    if (slotsFit(p, v, v.allowed, g.members)) continue; // no change needed
    let single = false;
    for (const bit of free) {
      if (slotsFit(p, v, v.allowed | bit, g.members)) {
        enable(byMask, 'slots', bit, 1, g);
        single = true;
      }
    }
    if (single) continue;
    for (let a = 0; a < free.length; a++)
      for (let b = a + 1; b < free.length; b++)
        if (slotsFit(p, v, v.allowed | free[a] | free[b], g.members))
          enable(byMask, 'slots', free[a] | free[b], 2, g);
  }
  return [...byMask.values()];
}

function hoursCandidates(p: Prepared, v: PNeed, r: RelaxedRoot, groups: NearGroup[]): Candidate[] {
  const values = new Set<number>();
  const intervals = groups.map((g) => {
    const lo = Math.max(p.minHours - g.hours, r.hoursLo);
    const hi = Math.min(p.maxHours - g.hours, r.hoursHi);
    if (lo <= hi && (v.hours < lo || v.hours > hi)) values.add(v.hours < lo ? lo : hi);
    return [lo, hi] as const;
  });
  return [...values].map((h) => ({
    kind: 'hours' as const,
    value: h,
    size: 1 + Math.abs(h - v.hours) / HOURS_STEP,
    enabling: groups.filter((_, k) => intervals[k][0] <= h && h <= intervals[k][1]),
  }));
}

function travelCandidates(v: PNeed, r: RelaxedRoot, groups: NearGroup[]): Candidate[] {
  const byValue = new Map<number, Candidate>();
  if (!(v.travelKm > 0)) return [];
  for (const g of groups) {
    if (g.maxKm <= v.travelKm) continue; // no change needed
    // Whole kilometres for people, never beyond the doubled reach the group was found with.
    const km = Math.min(r.travelKm, Math.ceil(g.maxKm));
    if (!byValue.has(km)) byValue.set(km, { kind: 'travel', value: km, size: km / v.travelKm, enabling: [] });
  }
  for (const c of byValue.values())
    c.enabling = groups.filter((g) => g.maxKm > v.travelKm && g.maxKm <= c.value);
  return [...byValue.values()];
}

function startCandidates(p: Prepared, v: PNeed, r: RelaxedRoot, groups: NearGroup[]): Candidate[] {
  const values = new Set<number>();
  const intervals = groups.map((g) => {
    const lo = Math.max(g.maxDay - p.windowDays, r.dayLo);
    const hi = Math.min(g.minDay + p.windowDays, r.dayHi);
    if (lo <= hi && (v.day < lo || v.day > hi)) values.add(v.day < lo ? lo : hi);
    return [lo, hi] as const;
  });
  return [...values].map((day) => ({
    kind: 'start' as const,
    value: day,
    size: 1 + Math.abs(day - v.day) / MAX_SHIFT_DAYS,
    enabling: groups.filter((_, k) => intervals[k][0] <= day && day <= intervals[k][1]),
  }));
}

/** The candidates of one kind from the near groups found for that kind's relaxed root. */
export function candidatesOfKind(
  p: Prepared,
  v: PNeed,
  kind: ChangeKind,
  r: RelaxedRoot,
  groups: NearGroup[],
): Candidate[] {
  if (kind === 'slots') return slotCandidates(p, v, groups);
  if (kind === 'hours') return hoursCandidates(p, v, r, groups);
  if (kind === 'travel') return travelCandidates(v, r, groups);
  return startCandidates(p, v, r, groups);
}

/** Smallest change first; equal sizes by kind, then value (slot order, hours, km, day). */
export function byCandidateSize(a: Candidate, b: Candidate): number {
  return a.size - b.size || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.value - b.value;
}

/** The instance's need with the candidate's change, in contract form. */
export function changeOf(need: Need, c: Candidate): NeedChange {
  if (c.kind === 'slots') return { allowedSlots: slotsOf(maskOf(need.allowedSlots) | c.value) };
  if (c.kind === 'hours') return { hours: c.value / 100 };
  if (c.kind === 'travel') return { maxTravelKm: c.value };
  return { start: new Date(c.value * 86_400_000).toISOString().slice(0, 10) };
}

/** The instance restricted to `needs` (instance indices), with need `v` changed. */
export function subInstance(instance: Instance, needs: number[], v: number, change: NeedChange): Instance {
  const list = needs.map((i) => (i === v ? { ...instance.needs[i], ...change } : instance.needs[i]));
  const orgs = new Set(list.map((n) => n.organizationId));
  return { ...instance, organizations: instance.organizations.filter((o) => orgs.has(o.id)), needs: list };
}
