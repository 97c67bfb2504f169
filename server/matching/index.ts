/**
 * The matcher: pure and synchronous. `match(instance)` returns the positions that maximize, in this
 * order, their number, the hours they hold, how many have a common GE, and the least total travel
 * (DESIGN.md, "The matcher's contract"). See docs/matching.md for the method. The output is a function
 * of the input alone whenever the search completes (provedOptimal); a search cut by the time limit
 * returns what it had found by then, which depends on the machine's speed.
 */
import { findPartials } from './partials';
import { prepare } from './prepare';
import { toPartial, toPosition } from './result';
import { DEFAULT_TIME_LIMIT_MS, solvePositions } from './solve';
import type { Instance, MatchOptions, MatchResult } from './types';

export { type InstanceIssue, parseInstance } from './schema';
export { DEFAULT_TIME_LIMIT_MS, MAX_GROUPS_PER_COMPONENT, type Plan, solvePositions } from './solve';
export {
  DEFAULT_SUGGEST_TIME_LIMIT_MS,
  MAX_SUGGESTIONS_PER_NEED,
  type SuggestOptions,
  suggest,
} from './suggest';
export * from './types';

export function match(instance: Instance, options: MatchOptions = {}): MatchResult {
  const now = options.now ?? (() => performance.now());
  const t0 = now();
  const limit = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  const plan = solvePositions(instance, { ...options, now });
  const p = prepare(instance);
  const used = new Uint8Array(p.needs.length);
  for (const pos of plan.positions) for (const i of pos) used[i] = 1;
  const partials = findPartials(p, used, { deadline: t0 + limit * 0.93, now, maxGroups: 200_000 });
  return {
    positions: plan.positions.map((pos) => toPosition(p, pos)),
    partials: partials.map((members) => toPartial(p, members)),
    stats: { elapsedMs: Math.round((now() - t0) * 10) / 10, provedOptimal: plan.proved },
  };
}
