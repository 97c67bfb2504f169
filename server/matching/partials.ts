/**
 * Partials: near-complete groups among the needs no position uses, for a facilitator to complete.
 * Candidates are the groups that satisfy rules 1, 2, 4, 5 and 6 with hours in [minHours / 2, minHours)
 * and that leave at least one half-day free for the missing person. They are taken greedily, largest
 * hours first (then fewer needs, then less travel, then instance order), never reusing a need. This is a
 * heuristic by design: partials are suggestions, outside the exact objective.
 */
import { buildComponents } from './components';
import { enumerateGroups } from './groups';
import type { Prepared } from './prepare';
import { assign } from './result';
import { ALL_SLOTS_MASK } from './slots';

export interface PartialLimits {
  deadline: number;
  now: () => number;
  maxGroups: number;
}

interface Candidate {
  members: number[];
  hours: number;
  travelMm: number;
}

/** Instance indices of the chosen partial groups, largest first. */
export function findPartials(p: Prepared, used: Uint8Array, limits: PartialLimits): number[][] {
  if (p.minHours <= 1) return [];
  const sub: Prepared = { ...p, maxHours: p.minHours - 1 };
  const components = buildComponents(sub, limits, (n) => !used[n.index]).list.sort(
    (a, b) => a.needs.length - b.needs.length,
  );
  const candidates: Candidate[] = [];
  for (const c of components) {
    if (limits.now() > limits.deadline) break;
    const groups = enumerateGroups(sub, c, {
      deadline: limits.deadline,
      now: limits.now,
      maxGroups: Math.max(1, limits.maxGroups - candidates.length),
      minHours: Math.ceil(p.minHours / 2),
      maxHours: p.minHours - 1,
    });
    for (let i = 0; i + 1 < groups.start.length; i++) {
      const members: number[] = [];
      for (let k = groups.start[i]; k < groups.start[i + 1]; k++) members.push(c.needs[groups.members[k]]);
      candidates.push({ members, hours: groups.hours[i], travelMm: groups.travelMm[i] });
    }
    if (candidates.length >= limits.maxGroups) break;
  }
  candidates.sort(
    (a, b) =>
      b.hours - a.hours ||
      a.members.length - b.members.length ||
      a.travelMm - b.travelMm ||
      Math.min(...a.members) - Math.min(...b.members) ||
      a.members.join(',').localeCompare(b.members.join(',')),
  );
  const taken = new Uint8Array(p.needs.length);
  const out: number[][] = [];
  for (const c of candidates) {
    if (c.members.some((i) => taken[i])) continue;
    if ((assign(p, c.members).usedMask & ALL_SLOTS_MASK) === ALL_SLOTS_MASK) continue;
    for (const i of c.members) taken[i] = 1;
    out.push(c.members);
  }
  return out;
}
