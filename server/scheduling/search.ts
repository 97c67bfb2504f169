/**
 * Exact depth-first branch and bound over the free meetings. A node takes the undecided meeting with the
 * fewest fitting slots (most constrained first; meetings with none are left out without branching) and
 * tries each fitting slot, fewest added gaps first, then leaving it out. Every plan is reached at most once.
 * A node is cut when an optimistic bound cannot strictly beat the incumbent:
 * - priority: what is placed + every undecided meeting, minus what must be lost because a participant has
 *   more undecided meetings than free slots, or the session more than free table-slots;
 * - gaps, when that priority bound only ties: each participant's idle slots inside their span that none of
 *   their undecided meetings can still take, plus the others beyond one per undecided meeting.
 * Completing the search proves the incumbent optimal; the limits stop it with the incumbent kept.
 */
import type { Objective, PlanState } from './state';
import { better } from './state';

export interface SearchLimits {
  nodeLimit: number;
  outOfTime: () => boolean;
}

export interface SearchResult {
  best: Int32Array;
  objective: Objective;
  nodes: number;
  stoppedBy: 'complete' | 'nodeLimit' | 'timeLimit';
}

function smallestSum(weights: number[], count: number): number {
  if (count <= 0) return 0;
  const sorted = [...weights].sort((a, b) => a - b);
  let sum = 0;
  for (let k = 0; k < count && k < sorted.length; k++) sum += sorted[k];
  return sum;
}

export function branchAndBound(
  state: PlanState,
  lockedWeight: number,
  incumbent: { slots: Int32Array; objective: Objective },
  limits: SearchLimits,
): SearchResult {
  const { model, free } = state;
  const { S, P } = model;
  const n = free.length;
  const decided = new Uint8Array(n);
  const byParticipant: number[][] = Array.from({ length: P }, () => []);
  free.forEach((m, i) => {
    for (const p of m.parts) byParticipant[p].push(i);
  });
  const claimed = new Uint8Array(n);
  let best: Int32Array = incumbent.slots.slice();
  let bestObj = { ...incumbent.objective };
  let nodes = 0;
  let stoppedBy: SearchResult['stoppedBy'] = 'complete';

  function slotHasTable(s: number): boolean {
    return state.usedGE[s * state.K] < state.freeGE[s * state.K];
  }

  /** True when no completion of the current node can strictly beat the incumbent. */
  function cannotImprove(undecided: number[]): boolean {
    let plain = lockedWeight + state.weight;
    for (const i of undecided) plain += free[i].weight;
    if (plain < bestObj.weight) return true;
    let loss = 0;
    let tableSlots = 0;
    for (let s = 0; s < S; s++)
      if (slotHasTable(s)) tableSlots += state.freeGE[s * state.K] - state.usedGE[s * state.K];
    if (undecided.length > tableSlots) {
      loss = smallestSum(
        undecided.map((i) => free[i].weight),
        undecided.length - tableSlots,
      );
    }
    const remaining: number[] = new Array(P).fill(0);
    for (const i of undecided) for (const p of free[i].parts) remaining[p]++;
    // Participants with more undecided meetings than free slots must each lose some; the losses add up over
    // participants whose undecided meetings are disjoint (taken in participant order).
    claimed.fill(0);
    let participantLoss = 0;
    for (let p = 0; p < P; p++) {
      if (remaining[p] === 0) continue;
      let freeSlots = 0;
      for (let s = 0; s < S; s++) {
        if (state.occ[p * S + s] === 0 && model.unavailable[p * S + s] === 0 && slotHasTable(s)) freeSlots++;
      }
      if (remaining[p] <= freeSlots) continue;
      const mine = byParticipant[p].filter((i) => !decided[i]);
      if (mine.some((i) => claimed[i])) continue;
      for (const i of mine) claimed[i] = 1;
      participantLoss += smallestSum(
        mine.map((i) => free[i].weight),
        remaining[p] - freeSlots,
      );
    }
    const upper = plain - Math.max(loss, participantLoss);
    if (upper !== bestObj.weight) return upper < bestObj.weight;
    let gapBound = 0;
    for (let p = 0; p < P && gapBound < bestObj.gaps; p++) gapBound += gapLowerBound(p, remaining[p]);
    return gapBound >= bestObj.gaps;
  }

  /**
   * Gaps participant p will have whatever comes next: idle slots inside their span that none of their
   * undecided meetings can take any more stay idle; the others, at most one per undecided meeting is filled.
   */
  function gapLowerBound(p: number, remaining: number): number {
    const base = p * S;
    let first = -1;
    let last = -1;
    for (let s = 0; s < S; s++) {
      if (state.occ[base + s] > 0) {
        if (first < 0) first = s;
        last = s;
      }
    }
    let stuck = 0;
    let fillable = 0;
    for (let s = first + 1; s < last; s++) {
      if (state.occ[base + s] !== 0 || model.unavailable[base + s] !== 0) continue;
      if (remaining > 0 && byParticipant[p].some((i) => !decided[i] && state.canPlace(i, s))) fillable++;
      else stuck++;
    }
    return stuck + Math.max(0, fillable - remaining);
  }

  function visit(): void {
    nodes++;
    if (nodes > limits.nodeLimit) {
      stoppedBy = 'nodeLimit';
      return;
    }
    if ((nodes & 255) === 0 && limits.outOfTime()) {
      stoppedBy = 'timeLimit';
      return;
    }
    const undecided: number[] = [];
    const forced: number[] = [];
    let pick = -1;
    let pickCount = 0;
    for (let i = 0; i < n; i++) {
      if (decided[i]) continue;
      let count = 0;
      for (const s of free[i].staticSlots) if (state.canPlace(i, s)) count++;
      if (count === 0) {
        forced.push(i);
        continue;
      }
      undecided.push(i);
      if (pick < 0 || count < pickCount || (count === pickCount && free[i].weight > free[pick].weight)) {
        pick = i;
        pickCount = count;
      }
    }
    const pickSlots = pick < 0 ? [] : free[pick].staticSlots.filter((s) => state.canPlace(pick, s));
    for (const i of forced) decided[i] = 1;
    if (pick < 0) {
      const objective = { weight: lockedWeight + state.weight, gaps: state.totalGaps() };
      if (better(objective, bestObj)) {
        bestObj = objective;
        best = state.snapshot();
      }
    } else if (!cannotImprove(undecided)) {
      decided[pick] = 1;
      const parts = free[pick].parts;
      const before = state.gapsOfParticipants(parts);
      const ordered = pickSlots
        .map((s) => {
          state.place(pick, s);
          const delta = state.gapsOfParticipants(parts) - before;
          state.remove(pick);
          return { s, delta };
        })
        .sort((a, b) => a.delta - b.delta || a.s - b.s);
      for (const { s } of ordered) {
        state.place(pick, s);
        visit();
        state.remove(pick);
        if (stoppedBy !== 'complete') break;
      }
      if (stoppedBy === 'complete') visit();
      decided[pick] = 0;
    }
    for (const i of forced) decided[i] = 0;
  }

  visit();
  return { best, objective: bestObj, nodes, stoppedBy };
}
