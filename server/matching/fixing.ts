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

/**
 * Seeds a level's multipliers before its first bound (with the LP relaxation's duals, lp-bound.ts);
 * returns false when it could not, and the subgradient then starts from where it is.
 */
export type Seed = (level: number, rows: number[], targets: number[]) => boolean;

/** Subgradient iterations at the root after an LP seed: the multipliers are already optimal. */
const SEEDED_ITERATIONS = 5;

export function fixAtRoot(
  s: SearchState,
  lag: Lagrangian,
  best: Score,
  iterations: number,
  seed?: Seed,
): Focus {
  const count = s.pb.groups.start.length - 1;
  const its = (level: number, rows: number[], targets: number[]) =>
    seed?.(level, rows, targets) ? SEEDED_ITERATIONS : iterations;
  const fix = (level: number, rows: number[], tooLow: (forced: number) => boolean) => {
    for (let i = 0; i < count; i++) {
      if (s.blocked[i] === 0 && tooLow(Math.min(0, lag.reduced(level, rows, i)))) fixOut(s, i);
    }
  };
  const l0 = lag.bound(0, [], [], best.count - EPS, its(0, [], []));
  const countBound = Math.floor(l0 + EPS);
  if (best.count === 0) return { level: 0, rows: [], countBound };
  fix(0, [], (r) => Math.floor(l0 + r + EPS) < best.count);
  if (countBound > best.count) return { level: 0, rows: [], countBound };

  const fixedHours = s.pb.minHours === s.pb.maxHours;
  const rows = fixedHours ? [0] : [0, 1];
  const targets = fixedHours ? [best.count] : [best.count, best.hours];
  if (!fixedHours) {
    const l1 = lag.bound(1, [0], [best.count], best.hours - EPS, its(1, [0], [best.count]));
    fix(1, [0], (r) => Math.floor(l1 + r + EPS) < best.hours);
    if (Math.floor(l1 + EPS) > best.hours) return { level: 1, rows: [0], countBound };
  }
  const l2 = lag.bound(2, rows, targets, best.ge - EPS, its(2, rows, targets));
  fix(2, rows, (r) => Math.floor(l2 + r + EPS) < best.ge);
  if (Math.floor(l2 + EPS) > best.ge) return { level: 2, rows, countBound };

  // Travel: a better packing travels at most best − 1 mm; the bound on −travel must allow that.
  const allowance = best.travelMm - 1;
  const rows3 = [...rows, 2];
  const targets3 = [...targets, best.ge];
  const l3 = lag.bound(3, rows3, targets3, -allowance - 1e-3, its(3, rows3, targets3));
  fix(3, rows3, (r) => -(l3 + r) > allowance + 1e-3);
  return { level: 3, rows: rows3, countBound };
}

/**
 * Fixing below a proved level (lp-pack.ts): level `level` is proved at `value` over the packings whose
 * levels `rows` meet their targets, and the multipliers of `lag` give it the bound `bound`. Forcing group
 * i in bounds the level by bound + min(0, r_i), so a group whose bound falls below `value` is in no
 * packing reaching it, and is removed; the groups of `kept` (the best packing's) stay whatever the
 * margins say. Returns how many groups were removed. Not for travel, the last level.
 */
export function fixBelowProved(
  s: SearchState,
  lag: Lagrangian,
  proved: { level: number; rows: number[]; bound: number; value: number },
  kept: ReadonlySet<number>,
): number {
  const { level, rows, bound, value } = proved;
  const count = s.pb.groups.start.length - 1;
  let removed = 0;
  for (let i = 0; i < count; i++) {
    if (s.blocked[i] !== 0 || kept.has(i)) continue;
    if (Math.floor(bound + Math.min(0, lag.reduced(level, rows, i)) + EPS) < value) {
      fixOut(s, i);
      removed++;
    }
  }
  return removed;
}
