/**
 * Exact set packing of one component's feasible groups under the lexicographic objective, by depth-first
 * branch and bound. A node picks the live need with the fewest available groups and branches on each
 * available group containing it (best-looking first), then on leaving it out; every packing is reached
 * exactly once. Bounds (see bounds.ts) prune a node when even the most optimistic completion cannot beat
 * the incumbent. The search stops at the deadline, keeping the incumbent (then it is not proved optimal).
 */
import { computeBound } from './bounds';
import type { GroupSet } from './groups';
import { Lagrangian } from './lagrange';
import { addScore, compareScores, zeroScore } from './score';
import type { Score } from './types';

export interface PackProblem {
  /** Number of local needs. */
  n: number;
  hours: number[];
  groups: GroupSet;
  minHours: number;
  maxHours: number;
}

export interface Packing {
  groups: number[];
  score: Score;
  proved: boolean;
}

export interface PackLimits {
  deadline: number;
  now: () => number;
}

export function groupScore(g: GroupSet, i: number): Score {
  return { count: 1, hours: g.hours[i], ge: g.ge[i], travelMm: g.travelMm[i] };
}

export function scoreOf(g: GroupSet, chosen: number[]): Score {
  const s = zeroScore();
  for (const i of chosen) addScore(s, groupScore(g, i));
  return s;
}

/** Better-looking groups first: fewer needs, more hours, a common GE, less travel, then index. */
export function groupOrder(g: GroupSet): (a: number, b: number) => number {
  const size = (i: number) => g.start[i + 1] - g.start[i];
  return (a, b) =>
    size(a) - size(b) ||
    g.hours[b] - g.hours[a] ||
    g.ge[b] - g.ge[a] ||
    g.travelMm[a] - g.travelMm[b] ||
    a - b;
}

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

export interface SearchState {
  pb: PackProblem;
  /** Groups of each need (CSR), each list in groupOrder. */
  needStart: Int32Array;
  needGroups: Int32Array;
  /** How many members of a group are dead (used or left out): available when 0. */
  blocked: Int32Array;
  /** Available groups per need; a need is live while it has one. */
  avail: Int32Array;
  geAvail: Int32Array;
  live: number;
  liveHours: number;
  liveGe: number;
}

function initState(pb: PackProblem): SearchState {
  const { n, groups: g } = pb;
  const count = g.start.length - 1;
  const lists: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < count; i++)
    for (let k = g.start[i]; k < g.start[i + 1]; k++) lists[g.members[k]].push(i);
  const order = groupOrder(g);
  const needStart = new Int32Array(n + 1);
  const needGroups = new Int32Array(g.members.length);
  let at = 0;
  for (let v = 0; v < n; v++) {
    lists[v].sort(order);
    needStart[v] = at;
    for (const i of lists[v]) needGroups[at++] = i;
  }
  needStart[n] = at;
  const s: SearchState = {
    pb,
    needStart,
    needGroups,
    blocked: new Int32Array(count),
    avail: new Int32Array(n),
    geAvail: new Int32Array(n),
    live: 0,
    liveHours: 0,
    liveGe: 0,
  };
  for (let v = 0; v < n; v++) {
    s.avail[v] = needStart[v + 1] - needStart[v];
    for (let k = needStart[v]; k < needStart[v + 1]; k++) if (g.ge[needGroups[k]]) s.geAvail[v]++;
    if (s.avail[v] > 0) {
      s.live++;
      s.liveHours += pb.hours[v];
    }
    if (s.geAvail[v] > 0) s.liveGe++;
  }
  return s;
}

function removeGroup(s: SearchState, i: number): void {
  const g = s.pb.groups;
  const ge = g.ge[i];
  for (let k = g.start[i]; k < g.start[i + 1]; k++) {
    const v = g.members[k];
    if (--s.avail[v] === 0) {
      s.live--;
      s.liveHours -= s.pb.hours[v];
    }
    if (ge && --s.geAvail[v] === 0) s.liveGe--;
  }
}

function restoreGroup(s: SearchState, i: number): void {
  const g = s.pb.groups;
  const ge = g.ge[i];
  for (let k = g.start[i]; k < g.start[i + 1]; k++) {
    const v = g.members[k];
    if (s.avail[v]++ === 0) {
      s.live++;
      s.liveHours += s.pb.hours[v];
    }
    if (ge && s.geAvail[v]++ === 0) s.liveGe++;
  }
}

/** Marks need v dead: every group containing it becomes unavailable. */
function kill(s: SearchState, v: number): void {
  for (let k = s.needStart[v]; k < s.needStart[v + 1]; k++) {
    const i = s.needGroups[k];
    if (s.blocked[i]++ === 0) removeGroup(s, i);
  }
}

function revive(s: SearchState, v: number): void {
  for (let k = s.needStart[v + 1] - 1; k >= s.needStart[v]; k--) {
    const i = s.needGroups[k];
    if (--s.blocked[i] === 0) restoreGroup(s, i);
  }
}

/** Subgradient iterations per Lagrangian bound: many at the root, then warm-started few. */
const ROOT_ITERATIONS = 300;
const NODE_ITERATIONS = 12;

export function branchAndBound(pb: PackProblem, incumbent: number[], limits: PackLimits): Packing {
  const g = pb.groups;
  const s = initState(pb);
  let best = scoreOf(g, incumbent);
  let bestGroups = [...incumbent];
  const acc = zeroScore();
  const chosen: number[] = [];
  let nodes = 0;
  let stopped = false;
  const lag = new Lagrangian(s);

  const visit = () => {
    if ((++nodes & 255) === 0 && limits.now() > limits.deadline) stopped = true;
    if (stopped) return;
    if (compareScores(acc, best) > 0) {
      best = { ...acc };
      bestGroups = [...chosen];
    }
    if (s.live === 0) return;
    if (!computeBound(s, acc, best, lag, nodes === 1 ? ROOT_ITERATIONS : NODE_ITERATIONS)) return;
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
      if (stopped) return;
    }
    kill(s, v);
    visit();
    revive(s, v);
  };

  visit();
  return { groups: bestGroups.sort((a, b) => a - b), score: best, proved: !stopped };
}
