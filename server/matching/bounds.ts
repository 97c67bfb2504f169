/**
 * Optimistic bounds for the rest of a branch-and-bound node, compared level by level (lexicographically)
 * with what the incumbent still needs. L denotes the live needs (those still in an available group).
 * Cheap bounds first:
 * - positions ≤ ⌊|L| / 2⌋ and ≤ ⌊hours(L) / minHours⌋;
 * - hours ≤ min(hours(L), positions × maxHours) (exact when minHours = maxHours);
 * - common-GE positions ≤ min(positions, ⌊|L_ge| / 2⌋), L_ge the needs still in an available GE group;
 * - travel ≥ the sum of the 2 × positions smallest per-need shares, a need's share being the least
 *   travel / size over its available groups (a packing's travel splits exactly into such shares).
 * When a cheap bound does not settle a level, the Lagrangian bound of that level (lagrange.ts) is tried.
 * Once a level's bound equals exactly what the incumbent needs, any better packing must meet it with
 * equality, and that equality becomes a target row of the next levels' bounds.
 * A node is pruned when no packing below it can be strictly better than the incumbent.
 */
import type { Lagrangian } from './lagrange';
import type { SearchState } from './state';
import type { Score } from './types';

const EPS = 1e-6;

/** True when the node may still hold a packing strictly better than `best`. */
export function computeBound(
  s: SearchState,
  acc: Score,
  best: Score,
  lag: Lagrangian,
  iterations: number,
): boolean {
  const { pb } = s;
  const need = best.count - acc.count;
  const count = Math.min(Math.floor(s.live / 2), Math.floor(s.liveHours / pb.minHours));
  if (count < need) return false;
  if (count > need) {
    const ub = Math.floor(lag.bound(0, [], [], need - EPS, iterations) + EPS);
    if (ub < need) return false;
    if (ub > need) return true;
  }
  // Any better packing below adds exactly `need` positions.
  const fixedHours = pb.minHours === pb.maxHours;
  const rows = fixedHours ? [0] : [0, 1];
  const hoursNeed = best.hours - acc.hours;
  const hours = Math.min(s.liveHours, need * pb.maxHours);
  if (hours < hoursNeed) return false;
  if (hours > hoursNeed) {
    if (fixedHours) return true;
    const ub = Math.floor(lag.bound(1, [0], [need], hoursNeed - EPS, iterations) + EPS);
    if (ub < hoursNeed) return false;
    if (ub > hoursNeed) return true;
  }
  const targets = fixedHours ? [need] : [need, hoursNeed];
  const geNeed = best.ge - acc.ge;
  const ge = Math.min(need, Math.floor(s.liveGe / 2));
  if (ge < geNeed) return false;
  if (ge > geNeed) {
    const ub = Math.floor(lag.bound(2, rows, targets, geNeed - EPS, iterations) + EPS);
    if (ub < geNeed) return false;
    if (ub > geNeed) return true;
  }
  // A better packing must travel at most best − acc − 1 mm more.
  const allowance = best.travelMm - acc.travelMm - 1;
  if (travelBound(s, need) > allowance) return false;
  const ub = lag.bound(3, [...rows, 2], [...targets, geNeed], -allowance - 1e-3, iterations);
  return -ub <= allowance + 1e-3;
}

function travelBound(s: SearchState, count: number): number {
  const g = s.pb.groups;
  const shares: number[] = [];
  for (let v = 0; v < s.pb.n; v++) {
    if (s.avail[v] === 0) continue;
    let least = Number.POSITIVE_INFINITY;
    for (let k = s.needStart[v]; k < s.needStart[v + 1]; k++) {
      const i = s.needGroups[k];
      if (s.blocked[i] !== 0) continue;
      const share = g.travelMm[i] / (g.start[i + 1] - g.start[i]);
      if (share < least) least = share;
    }
    shares.push(least);
  }
  shares.sort((a, b) => a - b);
  let sum = 0;
  for (let k = 0; k < 2 * count && k < shares.length; k++) sum += shares[k];
  // Float shares may overshoot the integer travel by a few ulps: stay on the safe side.
  return Math.floor(sum - 1e-6 * (shares.length + 1));
}
