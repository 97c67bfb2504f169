/**
 * The positions alone: components, enumeration of every feasible position, then the packing of each part
 * (pack-parts.ts). match() adds partials and the output form; suggest.ts re-solves parts with it.
 */
import { buildComponents, type SubProblem, splitByGroups } from './components';
import { enumerateGroups } from './groups';
import { packParts } from './pack-parts';
import { prepare } from './prepare';
import type { Instance, MatchOptions } from './types';

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
  const packed = packParts(p, subs, { deadline: t0 + limit * 0.86, now, highs: options.highs });
  if (!packed.proved) proved = false;
  const positions = packed.positions;
  positions.sort((a, b) => a[0] - b[0]);
  return { positions, proved };
}
