/**
 * The matcher: pure and synchronous. `match(instance)` returns the positions that maximize, in this
 * order, their number, the hours they hold, how many have a common GE, and the least total travel
 * (DESIGN.md, "The matcher's contract"). See docs/matching.md for the method. The output is a function
 * of the input alone whenever the search completes (provedOptimal); a search cut by the time limit
 * returns what it had found by then, which depends on the machine's speed.
 */
import { buildComponents, type SubProblem, splitByGroups } from './components';
import { enumerateGroups } from './groups';
import { branchAndBound, greedyPack, type PackProblem } from './pack';
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

  // Phase 2: pack each part, smallest first; each gets a fair share of the time left.
  const packDeadline = t0 + limit * 0.8;
  const order = subs
    .map((_, i) => i)
    .sort((a, b) => subs[a].groups.hours.length - subs[b].groups.hours.length || a - b);
  const positions: number[][] = [];
  order.forEach((si, k) => {
    const sub = subs[si];
    const pb: PackProblem = {
      n: sub.needs.length,
      hours: sub.needs.map((i) => p.needs[i].hours),
      groups: sub.groups,
      minHours: p.minHours,
      maxHours: p.maxHours,
    };
    let chosen = greedyPack(pb);
    const left = packDeadline - now();
    if (left > 0) {
      const packing = branchAndBound(pb, chosen, { deadline: now() + left / (order.length - k), now });
      chosen = packing.groups;
      if (!packing.proved) proved = false;
    } else {
      proved = false;
    }
    const g = sub.groups;
    for (const i of chosen) {
      const members: number[] = [];
      for (let m = g.start[i]; m < g.start[i + 1]; m++) members.push(sub.needs[g.members[m]]);
      positions.push(members.sort((a, b) => a - b));
    }
  });
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
