import type { Score } from './types';

export function zeroScore(): Score {
  return { count: 0, hours: 0, ge: 0, travelMm: 0 };
}

/** Positive when a is better than b under the lexicographic objective, negative when worse, 0 when equal. */
export function compareScores(a: Score, b: Score): number {
  return a.count - b.count || a.hours - b.hours || a.ge - b.ge || b.travelMm - a.travelMm;
}

export function addScore(into: Score, s: Score): Score {
  into.count += s.count;
  into.hours += s.hours;
  into.ge += s.ge;
  into.travelMm += s.travelMm;
  return into;
}
