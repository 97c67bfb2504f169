/** Public types of the matcher: the instance and result shapes of DESIGN.md, "The matcher's contract". */
import type { Highs } from 'highs';

/** A HiGHS runtime as `await (await import('highs')).default()` resolves it (see MatchOptions.highs). */
export type HighsRuntime = Highs;

export const SLOTS = [
  'mon-am',
  'mon-pm',
  'tue-am',
  'tue-pm',
  'wed-am',
  'wed-pm',
  'thu-am',
  'thu-pm',
  'fri-am',
  'fri-pm',
  'sat-am',
  'sat-pm',
] as const;

export type Slot = (typeof SLOTS)[number];

export interface Organization {
  id: string;
  geIds: string[];
}

export interface Need {
  id: string;
  organizationId: string;
  role: string;
  /** Hours a week; compared in integer hundredths of an hour. */
  hours: number;
  slotsNeeded: number;
  allowedSlots: Slot[];
  lat: number;
  lon: number;
  maxTravelKm: number;
  /** ISO date, YYYY-MM-DD. */
  start: string;
}

export interface Instance {
  fullTime: { minHours: number; maxHours: number };
  startWindowDays: number;
  organizations: Organization[];
  needs: Need[];
}

export interface AssignedNeed {
  id: string;
  slots: Slot[];
}

export interface Position {
  needs: AssignedNeed[];
  hours: number;
  geId: string | null;
  maxDistanceKm: number;
}

export interface Partial {
  needs: AssignedNeed[];
  hours: number;
  missingHours: number;
  freeSlots: Slot[];
}

export interface MatchStats {
  elapsedMs: number;
  provedOptimal: boolean;
}

export interface MatchResult {
  positions: Position[];
  partials: Partial[];
  stats: MatchStats;
}

/** Exactly one field of one need, changed (DESIGN.md, "What would complete a need"). */
export type NeedChange =
  | { allowedSlots: Slot[] }
  | { hours: number }
  | { maxTravelKm: number }
  | { start: string };

export interface Suggestion {
  needId: string;
  change: NeedChange;
  /** Re-solving with the change yields at least this many more positions than the result. */
  positionsGained: number;
  /** One such new position, holding the need as changed. */
  position: Position;
}

export interface MatchOptions {
  /** Wall-clock budget in milliseconds (default 10,000). Past it the best result found is returned. */
  timeLimitMs?: number;
  /**
   * A loaded HiGHS runtime (`await (await import('highs')).default()`). When given, a part the branch and
   * bound does not prove within its work budget goes to HiGHS's branch and cut (lp-pack.ts). Without it
   * the matcher is the branch and bound alone.
   */
  highs?: HighsRuntime;
  /** Clock, injectable for tests; defaults to performance.now(). */
  now?: () => number;
}

/** The lexicographic objective: compare `count`, then `hours`, then `ge` (all maximized), then `travelMm` (minimized). */
export interface Score {
  count: number;
  /** Hundredths of an hour. */
  hours: number;
  ge: number;
  /** Sum of each position's largest pairwise distance, in whole millimetres. */
  travelMm: number;
}
