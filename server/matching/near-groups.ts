/**
 * Near groups of one need (the root): the sets S of other needs such that S ∪ {root} would be a feasible
 * position (rules 1–6) if one field of the root were changed within the limits of suggest.ts. The root's
 * field is relaxed to its whole range of changes: every half-day allowed (slots), hours anywhere in
 * [h − 3.5, h + 3.5] (hours), twice its reach (travel), a start anywhere within ±60 days (start); the
 * other rules hold exactly. Each near group is reported with what the suggestions need to pick a change
 * value: its hours, its largest pairwise distance, its members' start window.
 *
 * A depth-first search over cliques of the others (in hours order), extending the slot assignment one
 * need at a time, as groups.ts does; every test is monotone, so a failing set has no feasible superset.
 */
import { pairCompatible } from './components';
import { addMember, emptyOwners, type Owners } from './feasibility';
import { DISTANCE_EPSILON_KM, haversineKm } from './geo';
import type { PNeed, Prepared } from './prepare';
import { popcount } from './slots';

/** The root as relaxed: ranges where a field may move. */
export interface RelaxedRoot {
  need: PNeed;
  allowed: number;
  hoursLo: number;
  hoursHi: number;
  travelKm: number;
  dayLo: number;
  dayHi: number;
}

export interface NearGroup {
  /** Instance indices of the other needs, ascending. */
  members: number[];
  /** Hundredths, the others only. */
  hours: number;
  /** Largest pairwise distance of the group with the root, km. */
  maxKm: number;
  /** Start days of the others. */
  minDay: number;
  maxDay: number;
}

export interface NearLimits {
  deadline: number;
  now: () => number;
  maxGroups: number;
}

export interface NearGroups {
  groups: NearGroup[];
  /** False when the deadline or the group budget cut the search. */
  complete: boolean;
}

/** Needs of the root's role that could share a position with the relaxed root (pairwise). */
function candidatesOf(p: Prepared, r: RelaxedRoot, pool: readonly number[]): number[] {
  const out: number[] = [];
  for (const i of pool) {
    const u = p.needs[i];
    if (i === r.need.index || u.role !== r.need.role || u.hours + r.hoursLo > p.maxHours) continue;
    const km = haversineKm(r.need.lat, r.need.lon, u.lat, u.lon);
    if (km > Math.min(r.travelKm, u.travelKm) + DISTANCE_EPSILON_KM) continue;
    if (u.day < r.dayLo - p.windowDays || u.day > r.dayHi + p.windowDays) continue;
    // Slots as a pair (Hall's condition), with the root's relaxed slots.
    if (u.slotsNeeded + r.need.slotsNeeded > popcount(u.allowed | r.allowed)) continue;
    out.push(i);
  }
  return out.sort((a, b) => p.needs[a].hours - p.needs[b].hours || a - b);
}

/**
 * Every near group of the relaxed root among `pool` (instance indices; the root's role is filtered
 * here), by depth-first search.
 */
export function nearGroups(
  p: Prepared,
  r: RelaxedRoot,
  pool: readonly number[],
  limits: NearLimits,
): NearGroups {
  const cand = candidatesOf(p, r, pool);
  const needs = cand.map((i) => p.needs[i]);
  const n = cand.length;
  const km = new Float64Array(n * n);
  const rootKm = new Float64Array(n);
  const adjacent = new Uint8Array(n * n);
  for (let a = 0; a < n; a++) {
    rootKm[a] = haversineKm(r.need.lat, r.need.lon, needs[a].lat, needs[a].lon);
    for (let b = a + 1; b < n; b++) {
      const d = haversineKm(needs[a].lat, needs[a].lon, needs[b].lat, needs[b].lon);
      km[a * n + b] = d;
      km[b * n + a] = d;
      if (pairCompatible(p, needs[a], needs[b], d)) {
        adjacent[a * n + b] = 1;
        adjacent[b * n + a] = 1;
      }
    }
  }
  const out: NearGroup[] = [];
  const stack: number[] = [];
  // Member 0 of the slot assignment is the root.
  const allowedByMember: number[] = [r.allowed];
  const rootOwners = emptyOwners();
  if (!addMember(rootOwners, allowedByMember, 0, r.need.slotsNeeded)) return { groups: out, complete: true };
  let stopped = false;
  let nodes = 0;

  const search = (
    from: number[],
    sum: number,
    minTravel: number,
    maxKm: number,
    minDay: number,
    maxDay: number,
    orgs: Set<number>,
    owner: Owners,
  ) => {
    for (let ci = 0; ci < from.length && !stopped; ci++) {
      if ((++nodes & 255) === 0 && limits.now() > limits.deadline) {
        stopped = true;
        return;
      }
      const x = from[ci];
      const u = needs[x];
      const h = sum + u.hours;
      if (h + r.hoursLo > p.maxHours) break; // candidates in hours order
      const travel = Math.min(minTravel, u.travelKm);
      let far = Math.max(maxKm, rootKm[x]);
      for (const m of stack) far = Math.max(far, km[m * n + x]);
      if (far > travel + DISTANCE_EPSILON_KM) continue;
      const lo = Math.min(minDay, u.day);
      const hi = Math.max(maxDay, u.day);
      // The others' window, and a root start that fits it: [hi − W, lo + W] ∩ [dayLo, dayHi].
      if (
        hi - lo > p.windowDays ||
        Math.max(hi - p.windowDays, r.dayLo) > Math.min(lo + p.windowDays, r.dayHi)
      )
        continue;
      const next = owner.slice() as Owners;
      allowedByMember[stack.length + 1] = u.allowed;
      if (!addMember(next, allowedByMember, stack.length + 1, u.slotsNeeded)) continue;
      stack.push(x);
      const withOrg = new Set(orgs).add(u.org);
      if (h + r.hoursHi >= p.minHours && withOrg.size >= 2) {
        out.push({
          members: stack.map((k) => cand[k]).sort((a, b) => a - b),
          hours: h,
          maxKm: far,
          minDay: lo,
          maxDay: hi,
        });
        if (out.length >= limits.maxGroups) stopped = true;
      }
      const sub: number[] = [];
      for (let cj = ci + 1; cj < from.length; cj++) if (adjacent[x * n + from[cj]]) sub.push(from[cj]);
      if (sub.length) search(sub, h, travel, far, lo, hi, withOrg, next);
      stack.pop();
    }
  };

  search(
    Array.from({ length: n }, (_, i) => i),
    0,
    r.travelKm,
    0,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    new Set([r.need.org]),
    rootOwners,
  );
  return { groups: out, complete: !stopped };
}
