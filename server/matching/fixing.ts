/**
 * Reduced-cost fixing at the root, level by level. With multipliers giving the level-ℓ bound L, forcing
 * group i into the packing gives the bound L + min(0, r_i), r_i being i's reduced weight; when that is
 * below what the incumbent has at that level, no packing using i can be better, and i is removed for
 * the whole round. Level ℓ > 1 is only used once the levels above are proved at the incumbent's values
 * (its bound assumes those values as targets).
 */
import type { Lagrangian } from './lagrange';
import { fixOut, type SearchState } from './state';
import type { Score } from './types';

const EPS = 1e-6;

/** The first level not proved at the incumbent's value, with its target rows: the search's focus. */
export interface Focus {
  level: number;
  rows: number[];
  /** The root bound on positions (⌊L⌋ at the positions level). */
  countBound: number;
}

export function fixAtRoot(s: SearchState, lag: Lagrangian, best: Score, iterations: number): Focus {
  const count = s.pb.groups.start.length - 1;
  const fix = (level: number, rows: number[], tooLow: (forced: number) => boolean) => {
    for (let i = 0; i < count; i++) {
      if (s.blocked[i] === 0 && tooLow(Math.min(0, lag.reduced(level, rows, i)))) fixOut(s, i);
    }
  };
  const l0 = lag.bound(0, [], [], best.count - EPS, iterations);
  const countBound = Math.floor(l0 + EPS);
  if (best.count === 0) return { level: 0, rows: [], countBound };
  fix(0, [], (r) => Math.floor(l0 + r + EPS) < best.count);
  if (countBound > best.count) return { level: 0, rows: [], countBound };

  const fixedHours = s.pb.minHours === s.pb.maxHours;
  const rows = fixedHours ? [0] : [0, 1];
  const targets = fixedHours ? [best.count] : [best.count, best.hours];
  if (!fixedHours) {
    const l1 = lag.bound(1, [0], [best.count], best.hours - EPS, iterations);
    fix(1, [0], (r) => Math.floor(l1 + r + EPS) < best.hours);
    if (Math.floor(l1 + EPS) > best.hours) return { level: 1, rows: [0], countBound };
  }
  const l2 = lag.bound(2, rows, targets, best.ge - EPS, iterations);
  fix(2, rows, (r) => Math.floor(l2 + r + EPS) < best.ge);
  if (Math.floor(l2 + EPS) > best.ge) return { level: 2, rows, countBound };

  // Travel: a better packing travels at most best − 1 mm; the bound on −travel must allow that.
  const allowance = best.travelMm - 1;
  const l3 = lag.bound(3, [...rows, 2], [...targets, best.ge], -allowance - 1e-3, iterations);
  fix(3, [...rows, 2], (r) => -(l3 + r) > allowance + 1e-3);
  return { level: 3, rows: [...rows, 2], countBound };
}
