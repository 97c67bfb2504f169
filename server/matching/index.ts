/**
 * The matcher: pure and synchronous. `match(instance)` returns the positions that maximize, in this
 * order, their number, the hours they hold, how many have a common GE, and the least total travel
 * (DESIGN.md, "The matcher's contract"). See docs/matching.md for the method. The output is a function
 * of the input alone whenever the search completes (provedOptimal); a search cut by the time limit
 * returns what it had found by then, which depends on the machine's speed.
 */
import { buildComponents, type SubProblem, splitByGroups } from './components';
import { enumerateGroups } from './groups';
import { packParts } from './pack-parts';
import { findPartials } from './partials';
import { prepare } from './prepare';
import { toPartial, toPosition } from './result';
import type { Instance, MatchOptions, MatchResult } from './types';

export { type InstanceIssue, parseInstance } from './schema';
export * from './types';

export const DEFAULT_TIME_LIMIT_MS = 10_000;
/** Groups kept per component before its enumeration is cut (memory guard; the result is then not proved). */
export const MAX_GROUPS_PER_COMPONENT = 500_000;

export interface Plan {
  /** Chosen positions, as instance indices. */
  positions: number[][];
  proved: boolean;
}

/** The positions alone (no partials), with whether they are proved optimal. */
export function solvePositions(instance: Instance, options: MatchOptions = {}): Plan {
  const now = options.now ?? (() => performance.now());
  const t0 = now();
  const limit = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  const p = prepare(instance);
  let proved = true;

  // Phase 1: enumerate each component's groups, smallest components first.
  const enumDeadline = t0 + limit * 0.55;
  const subs: SubProblem[] = [];
  const built = buildComponents(p, { deadline: t0 + limit * 0.3, now });
  if (!built.exact) proved = false;
  const components = built.list.sort((a, b) => a.needs.length - b.needs.length);
  for (const c of components) {
    const groups = enumerateGroups(p, c, {
      deadline: enumDeadline,
      now,
      maxGroups: MAX_GROUPS_PER_COMPONENT,
      minHours: p.minHours,
      maxHours: p.maxHours,
    });
    if (!groups.complete) proved = false;
    subs.push(...splitByGroups(c, groups));
  }

  // Phase 2: pack the parts (pack-parts.ts), by the branch and bound, and by HiGHS when given.
  const packed = packParts(p, subs, { deadline: t0 + limit * 0.8, now, highs: options.highs });
  if (!packed.proved) proved = false;
  const positions = packed.positions;
  positions.sort((a, b) => a[0] - b[0]);
  return { positions, proved };
}

export function match(instance: Instance, options: MatchOptions = {}): MatchResult {
  const now = options.now ?? (() => performance.now());
  const t0 = now();
  const limit = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  const plan = solvePositions(instance, { ...options, now });
  const p = prepare(instance);
  const used = new Uint8Array(p.needs.length);
  for (const pos of plan.positions) for (const i of pos) used[i] = 1;
  const partials = findPartials(p, used, { deadline: t0 + limit * 0.9, now, maxGroups: 200_000 });
  return {
    positions: plan.positions.map((pos) => toPosition(p, pos)),
    partials: partials.map((members) => toPartial(p, members)),
    stats: { elapsedMs: Math.round((now() - t0) * 10) / 10, provedOptimal: plan.proved },
  };
}
