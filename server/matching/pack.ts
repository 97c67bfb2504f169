/**
 * Exact set packing of one part's feasible groups under the lexicographic objective, by depth-first
 * branch and bound. A node picks the live need with the fewest available groups and branches on each
 * available group containing it (the ones the Lagrangian relaxation likes first), then on leaving it
 * out: every packing is reached exactly once. Bounds (bounds.ts) prune a node when even the most
 * optimistic completion cannot beat the incumbent.
 *
 * Before each round, reduced-cost fixing (fixing.ts) removes the groups that no better packing can use.
 * When the incumbent improves where fixing can use it (positions within one of the root bound; hours or
 * GE once positions are proved), the round restarts from the root (a bounded number of times). The
 * search stops at the deadline or past its node budget, keeping the incumbent (then it is not proved
 * optimal).
 *
 * Given the part's LP relaxation (lp-bound.ts, with HiGHS), each root seeds the Lagrangian with the LP's
 * optimal duals, so the root bounds and the fixing are the LP's, and the LP optimum's support is
 * searched for a better incumbent (support.ts) before the tree.
 */
import { computeBound } from './bounds';
import { type Focus, fixAtRoot, type Seed } from './fixing';
import type { GroupSet } from './groups';
import { Lagrangian } from './lagrange';
import type { LpRelaxation } from './lp-bound';
import { addScore, compareScores } from './score';
import {
  groupOrder,
  groupScore,
  initState,
  kill,
  type PackProblem,
  revive,
  type SearchState,
  scoreOf,
} from './state';
import { supportSearch } from './support';
import type { Score } from './types';

export { groupOrder, type PackProblem, scoreOf } from './state';

export interface Packing {
  groups: number[];
  score: Score;
  proved: boolean;
  /** Branch-and-bound nodes visited (0 for another strategy). */
  nodes: number;
  /**
   * Levels of the objective proved at the packing's values (0 to 4: positions, hours, GE, travel); 4
   * when proved. Another strategy can start below them.
   */
  provedLevels: number;
}

export interface PackLimits {
  deadline: number;
  now: () => number;
  /**
   * Nodes the search may visit in all (restarts included) before it stops unproved, as at the deadline.
   * A budget in nodes rather than milliseconds stops at the same place on any machine.
   */
  maxNodes?: number;
  /** The part's LP relaxation (lp-bound.ts): its duals seed the Lagrangian at the root of each round. */
  relaxation?: LpRelaxation;
}

/** Subgradient iterations per Lagrangian bound: many at the root, then warm-started few. */
export const ROOT_ITERATIONS = 300;
const NODE_ITERATIONS = 12;
const MAX_RESTARTS = 40;

/** Greedy packing in groupOrder: the starting incumbent, and the greedy baseline of the benchmark. */
export function greedyPack(pb: PackProblem): number[] {
  const { groups: g } = pb;
  const count = g.start.length - 1;
  const order = Array.from({ length: count }, (_, i) => i).sort(groupOrder(g));
  const used = new Uint8Array(pb.n);
  const chosen: number[] = [];
  for (const i of order) {
    let free = true;
    for (let k = g.start[i]; k < g.start[i + 1] && free; k++) if (used[g.members[k]]) free = false;
    if (!free) continue;
    for (let k = g.start[i]; k < g.start[i + 1]; k++) used[g.members[k]] = 1;
    chosen.push(i);
  }
  return chosen.sort((a, b) => a - b);
}

/** An upper bound on the number of positions of a packing (Lagrangian bound at the root). */
export function positionBound(pb: PackProblem): number {
  const s = initState(pb);
  const cheap = Math.min(Math.floor(s.live / 2), Math.floor(s.liveHours / pb.minHours));
  const lag = new Lagrangian(s, { deadline: Number.POSITIVE_INFINITY, now: () => 0 });
  return Math.min(cheap, Math.floor(lag.bound(0, [], [], -1, ROOT_ITERATIONS) + 1e-6));
}

/** True when a is better than b on positions, hours or common-GE positions (travel aside). */
function betterAboveTravel(a: Score, b: Score): boolean {
  return a.count !== b.count ? a.count > b.count : a.hours !== b.hours ? a.hours > b.hours : a.ge > b.ge;
}

/**
 * A restart pays when fixing can use the new incumbent: positions within one of the root bound, or,
 * once positions are proved (focus past them), any gain on hours or GE.
 */
function worthRestart(best: Score, start: Score, focus: Focus): boolean {
  if (best.count > start.count) return best.count >= focus.countBound - 1;
  return focus.level > 0 && betterAboveTravel(best, start);
}

interface Round {
  best: Score;
  groups: number[];
  /** 'done': searched to the end; 'restart': a better incumbent calls for fixing again; 'time'. */
  end: 'done' | 'restart' | 'time';
}

function searchRound(
  s: SearchState,
  lag: Lagrangian,
  incumbent: { score: Score; groups: number[] },
  limits: PackLimits,
  mayRestart: boolean,
  focus: Focus,
  nodes: { visited: number },
): Round {
  const { pb } = s;
  const g: GroupSet = pb.groups;
  const start = incumbent.score;
  let best = start;
  let bestGroups = incumbent.groups;
  const acc: Score = { count: 0, hours: 0, ge: 0, travelMm: 0 };
  const chosen: number[] = [];
  const order = groupOrder(g);
  // Reduced weights are in positions, hundredths, GE positions or millimetres depending on the level.
  const scale = [1000, 1, 1000, 1e-3][focus.level];
  let end: Round['end'] = 'done';

  const maxNodes = limits.maxNodes ?? Number.POSITIVE_INFINITY;
  const visit = () => {
    // The clock is cheap next to a node (a bound is O(groups)): read it at every node.
    if (limits.now() > limits.deadline || ++nodes.visited > maxNodes) end = 'time';
    if (end !== 'done') return;
    if (compareScores(acc, best) > 0) {
      best = { ...acc };
      bestGroups = [...chosen];
      if (mayRestart && worthRestart(best, start, focus)) {
        end = 'restart';
        return;
      }
    }
    if (s.live === 0) return;
    if (!computeBound(s, acc, best, lag, NODE_ITERATIONS)) return;
    // Branch on the live need with the fewest available groups.
    let v = -1;
    let fewest = Number.POSITIVE_INFINITY;
    for (let u = 0; u < pb.n; u++) {
      const a = s.avail[u];
      if (a > 0 && a < fewest) {
        fewest = a;
        v = u;
        if (a === 1) break;
      }
    }
    const options: number[] = [];
    for (let k = s.needStart[v]; k < s.needStart[v + 1]; k++) {
      const i = s.needGroups[k];
      if (s.blocked[i] === 0) options.push(i);
    }
    // Most promising first: the groups the relaxation of the focus level likes (reduced weight, coarsely
    // rounded so that near-ties fall back to groupOrder).
    const rc = new Map(options.map((i) => [i, Math.round(lag.reduced(focus.level, focus.rows, i) * scale)]));
    options.sort((a, b) => (rc.get(b) as number) - (rc.get(a) as number) || order(a, b));
    for (const i of options) {
      const members = g.members.slice(g.start[i], g.start[i + 1]);
      for (const m of members) kill(s, m);
      addScore(acc, groupScore(g, i));
      chosen.push(i);
      visit();
      chosen.pop();
      acc.count -= 1;
      acc.hours -= g.hours[i];
      acc.ge -= g.ge[i];
      acc.travelMm -= g.travelMm[i];
      for (let m = members.length - 1; m >= 0; m--) revive(s, members[m]);
      if (end !== 'done') return;
    }
    kill(s, v);
    visit();
    revive(s, v);
  };

  visit();
  return { best, groups: bestGroups, end };
}

export function branchAndBound(pb: PackProblem, incumbent: number[], limits: PackLimits): Packing {
  let score = scoreOf(pb.groups, incumbent);
  let groups = [...incumbent];
  let previous: Lagrangian | undefined;
  const nodes = { visited: 0 };
  const { relaxation } = limits;
  const withinBudget = () =>
    limits.now() <= limits.deadline && nodes.visited <= (limits.maxNodes ?? Number.POSITIVE_INFINITY);
  /** Level whose LP support was last searched, with the incumbent it was searched for. */
  let searched: { level: number; score: Score } | undefined;
  for (let round = 0; ; round++) {
    const s = initState(pb);
    const lag = new Lagrangian(s, limits, previous);
    previous = lag;
    const lpSolutions: (ArrayLike<number> | undefined)[] = [];
    const seed: Seed | undefined = relaxation
      ? (level, rows, targets) => {
          const m = relaxation.solve(s, level, rows, targets, limits);
          if (m) lag.seed(level, m.lambda, m.mu);
          lpSolutions[level] = m?.x;
          return m !== null;
        }
      : undefined;
    const focus = fixAtRoot(s, lag, score, ROOT_ITERATIONS, seed);
    // The LP optimum of the focus level suggests packings: search its support once per incumbent.
    const x = lpSolutions[focus.level];
    const fresh = !searched || searched.level !== focus.level || compareScores(score, searched.score) !== 0;
    if (x && fresh && round < MAX_RESTARTS && withinBudget()) {
      searched = { level: focus.level, score };
      const found = supportSearch(pb, x, groups, limits, branchAndBound);
      const foundScore = scoreOf(pb.groups, found);
      if (compareScores(foundScore, score) > 0) {
        score = foundScore;
        groups = found;
        continue; // fixing is stronger with the better incumbent
      }
    }
    const r = searchRound(s, lag, { score, groups }, limits, round < MAX_RESTARTS, focus, nodes);
    score = r.best;
    groups = r.groups;
    if (r.end === 'restart' && withinBudget()) continue;
    return {
      groups: [...groups].sort((a, b) => a - b),
      score,
      proved: r.end === 'done',
      nodes: nodes.visited,
      provedLevels: r.end === 'done' ? 4 : focus.level,
    };
  }
}
