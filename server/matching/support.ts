/**
 * A primal heuristic from the LP relaxation (in the manner of RENS): the groups the LP optimum of the
 * focus level uses at all (x > 0), with the incumbent's, form a small set packing (about as many groups
 * as the part has needs) that the branch and bound solves outright. On dense parts its optimum is often
 * the part's optimum at that level (the LP optimum is nearly integral there), which the LP bound then
 * proves at once; a generic branch and cut spends seconds finding such packings.
 */
import type { GroupSet } from './groups';
import type { Packing, PackLimits } from './pack';
import type { PackProblem } from './state';

/** Nodes the sub-search may visit: it is a heuristic, it must stay cheap. */
const SUPPORT_NODES = 2_000;

/** The groups `ids` of g (ascending), renumbered 0 … ids.length − 1. */
export function restrictGroups(g: GroupSet, ids: number[]): GroupSet {
  const out: GroupSet = { start: [0], members: [], hours: [], ge: [], travelMm: [], complete: g.complete };
  for (const i of ids) {
    for (let k = g.start[i]; k < g.start[i + 1]; k++) out.members.push(g.members[k]);
    out.start.push(out.members.length);
    out.hours.push(g.hours[i]);
    out.ge.push(g.ge[i]);
    out.travelMm.push(g.travelMm[i]);
  }
  return out;
}

/**
 * The best packing of the LP support and the incumbent's groups, as group indices of `pb`; the
 * incumbent itself when the support holds nothing better.
 */
export function supportSearch(
  pb: PackProblem,
  x: ArrayLike<number>,
  incumbent: number[],
  limits: PackLimits,
  search: (pb: PackProblem, incumbent: number[], limits: PackLimits) => Packing,
): number[] {
  const keep = new Set(incumbent);
  for (let i = 0; i < x.length; i++) if (x[i] > 1e-6) keep.add(i);
  const ids = [...keep].sort((a, b) => a - b);
  const local = new Map(ids.map((id, k) => [id, k]));
  const sub: PackProblem = { ...pb, groups: restrictGroups(pb.groups, ids) };
  const found = search(
    sub,
    incumbent.map((i) => local.get(i) as number),
    { deadline: limits.deadline, now: limits.now, maxNodes: SUPPORT_NODES },
  );
  return found.groups.map((k) => ids[k]);
}
