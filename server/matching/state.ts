/**
 * The branch and bound's mutable state over one part: which groups are still available (none of their
 * needs used or left out), and, per need, how many available groups contain it. Killing a need blocks
 * its groups; reviving it (in reverse order) restores them exactly.
 */
import type { GroupSet } from './groups';
import { addScore, zeroScore } from './score';
import type { Score } from './types';

export interface PackProblem {
  /** Number of local needs. */
  n: number;
  /** Hundredths of an hour, per local need. */
  hours: number[];
  groups: GroupSet;
  minHours: number;
  maxHours: number;
}

export interface SearchState {
  pb: PackProblem;
  /** Groups of each need (CSR), each list in groupOrder. */
  needStart: Int32Array;
  needGroups: Int32Array;
  /** How many members of a group are dead (used or left out), plus one if fixed out: available when 0. */
  blocked: Int32Array;
  /** Available groups per need; a need is live while it has one. */
  avail: Int32Array;
  geAvail: Int32Array;
  live: number;
  liveHours: number;
  liveGe: number;
}

export function groupScore(g: GroupSet, i: number): Score {
  return { count: 1, hours: g.hours[i], ge: g.ge[i], travelMm: g.travelMm[i] };
}

export function scoreOf(g: GroupSet, chosen: number[]): Score {
  const s = zeroScore();
  for (const i of chosen) addScore(s, groupScore(g, i));
  return s;
}

export function groupSize(g: GroupSet, i: number): number {
  return g.start[i + 1] - g.start[i];
}

/** Better-looking groups first: fewer needs, more hours, a common GE, less travel, then index. */
export function groupOrder(g: GroupSet): (a: number, b: number) => number {
  return (a, b) =>
    groupSize(g, a) - groupSize(g, b) ||
    g.hours[b] - g.hours[a] ||
    g.ge[b] - g.ge[a] ||
    g.travelMm[a] - g.travelMm[b] ||
    a - b;
}

export function initState(pb: PackProblem): SearchState {
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

/** Removes group i for good (reduced-cost fixing): the search's kill/revive pairs never restore it. */
export function fixOut(s: SearchState, i: number): void {
  if (s.blocked[i]++ === 0) removeGroup(s, i);
}

/** Marks need v dead: every group containing it becomes unavailable. */
export function kill(s: SearchState, v: number): void {
  for (let k = s.needStart[v]; k < s.needStart[v + 1]; k++) {
    const i = s.needGroups[k];
    if (s.blocked[i]++ === 0) removeGroup(s, i);
  }
}

export function revive(s: SearchState, v: number): void {
  for (let k = s.needStart[v + 1] - 1; k >= s.needStart[v]; k--) {
    const i = s.needGroups[k];
    if (--s.blocked[i] === 0) restoreGroup(s, i);
  }
}
