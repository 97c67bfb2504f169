/**
 * Enumeration of every feasible position (rules 1-6) inside one component, by size: all pairs, then all
 * triples, and so on. Each level is a depth-limited search over cliques of the compatibility graph in
 * the component's order (hours ascending), pruned by:
 * - hours: the k − d smallest remaining candidates must fit under maxHours, the k − d largest must reach
 *   minHours;
 * - reach: the largest pairwise distance must stay within the smallest maxTravelKm met so far (rule 5
 *   tightens as needs join);
 * - start window and slots (the b-matching is extended incrementally; an infeasible set has no
 *   feasible superset).
 * Enumerating by size keeps a truncated enumeration useful: small positions, the ones that count most,
 * come first.
 */
import type { Component } from './components';
import { addMember, emptyOwners, type Owners } from './feasibility';
import { DISTANCE_EPSILON_KM, kmToMm } from './geo';
import { commonGe, type Prepared } from './prepare';

export interface GroupSet {
  /** Local member indices of group g: members[start[g]] … members[start[g + 1] − 1], ascending. */
  start: number[];
  members: number[];
  hours: number[];
  ge: number[];
  travelMm: number[];
  /** False when the enumeration stopped early (deadline or group budget). */
  complete: boolean;
}

export interface EnumerateLimits {
  deadline: number;
  now: () => number;
  maxGroups: number;
  /** Hours window of the groups to list (hundredths). Positions use [minHours, maxHours]. */
  minHours: number;
  maxHours: number;
}

export function enumerateGroups(p: Prepared, c: Component, limits: EnumerateLimits): GroupSet {
  const n = c.needs.length;
  const needs = c.needs.map((i) => p.needs[i]);
  const hours = needs.map((x) => x.hours);
  const allowed = needs.map((x) => x.allowed);
  const out: GroupSet = { start: [0], members: [], hours: [], ge: [], travelMm: [], complete: true };
  const { minHours, maxHours } = limits;

  // Largest useful size: the smallest hours must still fit under maxHours.
  let maxSize = 0;
  for (let sum = 0; maxSize < n && sum + hours[maxSize] <= maxHours; maxSize++) sum += hours[maxSize];

  const stack: number[] = [];
  const allowedByMember: number[] = [];
  let nodes = 0;
  let stopped = false;

  const record = (maxKm: number) => {
    const orgs = new Set(stack.map((i) => needs[i].org));
    if (orgs.size < 2) return;
    for (const i of stack) out.members.push(i);
    out.start.push(out.members.length);
    out.hours.push(stack.reduce((s, i) => s + hours[i], 0));
    out.ge.push(commonGe(p.orgGes, orgs) === null ? 0 : 1);
    out.travelMm.push(kmToMm(maxKm));
    if (out.hours.length >= limits.maxGroups) stopped = true;
  };

  const search = (
    size: number,
    cand: number[],
    sum: number,
    minTravel: number,
    maxKm: number,
    minDay: number,
    maxDay: number,
    owner: Owners,
  ) => {
    const depth = stack.length;
    for (let ci = 0; ci < cand.length && !stopped; ci++) {
      if ((++nodes & 1023) === 0 && limits.now() > limits.deadline) {
        stopped = true;
        return;
      }
      const x = cand[ci];
      const h = sum + hours[x];
      if (h > maxHours) break; // candidates are sorted by hours
      const rest = size - depth - 1;
      // The `rest` largest candidates after x must bring the sum to minHours.
      const after = cand.length - ci - 1;
      if (after < rest) break;
      let top = h;
      for (let k = 0; k < rest; k++) top += hours[cand[cand.length - 1 - k]];
      if (top < minHours) continue;
      const nx = needs[x];
      const travel = Math.min(minTravel, nx.travelKm);
      let km = maxKm;
      for (const m of stack) km = Math.max(km, c.distance[m * n + x]);
      if (km > travel + DISTANCE_EPSILON_KM) continue;
      const lo = Math.min(minDay, nx.day);
      const hi = Math.max(maxDay, nx.day);
      if (hi - lo > p.windowDays) continue;
      const next = owner.slice() as Owners;
      allowedByMember[depth] = allowed[x];
      if (!addMember(next, allowedByMember, depth, nx.slotsNeeded)) continue;
      stack.push(x);
      if (rest === 0) {
        if (h >= minHours) record(km);
      } else {
        const sub: number[] = [];
        for (let cj = ci + 1; cj < cand.length; cj++) if (c.adjacent[x * n + cand[cj]]) sub.push(cand[cj]);
        let low = h;
        for (let k = 0; k < rest && k < sub.length; k++) low += hours[sub[k]];
        if (sub.length >= rest && low <= maxHours) search(size, sub, h, travel, km, lo, hi, next);
      }
      stack.pop();
    }
  };

  const all = Array.from({ length: n }, (_, i) => i);
  for (let size = 2; size <= maxSize && !stopped; size++) {
    search(
      size,
      all,
      0,
      Number.POSITIVE_INFINITY,
      0,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      emptyOwners(),
    );
  }
  out.complete = !stopped;
  return out;
}
