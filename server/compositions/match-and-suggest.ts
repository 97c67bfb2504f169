/**
 * One matching run as the web app makes it: `match()`, then, when a budget is given for them, the
 * suggestions on its result (`suggest()`, DESIGN.md "What would complete a need"), computed after the
 * result and with a budget of their own so that the result is the same with or without them. The worker
 * thread runs it with HiGHS; a run without the worker calls it in the process.
 */
import { match, suggest } from '../matching';
import type { HighsRuntime, Instance, MatchResult, Suggestion } from '../matching/types';

export interface MatchRequest {
  timeLimitMs?: number;
  /** The suggestions' own budget; none are computed without it. */
  suggestTimeLimitMs?: number;
}

export type MatchOutcome = MatchResult & { suggestions?: Suggestion[] };

export function matchAndSuggest(
  instance: Instance,
  request: MatchRequest,
  highs?: HighsRuntime,
): MatchOutcome {
  const result = match(instance, { timeLimitMs: request.timeLimitMs, highs });
  if (request.suggestTimeLimitMs === undefined) return result;
  return {
    ...result,
    suggestions: suggest(instance, result, { timeLimitMs: request.suggestTimeLimitMs, highs }),
  };
}
