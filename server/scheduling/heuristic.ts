/**
 * The starting plan for the exact search, and the whole plan on sessions too large to search out: a greedy
 * placement (most constrained meeting first, into the slot that adds the fewest waiting gaps), then local
 * search (insert what is left out, moving one meeting aside if needed; move and swap meetings to close gaps).
 * Only strict improvements are accepted, in a fixed order, so the result is deterministic.
 */
import type { PlanState } from './state';

/** Waiting gaps added to the meeting's participants by placing free meeting i in slot s (it must fit). */
function placeDelta(state: PlanState, i: number, s: number): number {
  const parts = state.free[i].parts;
  const before = state.gapsOfParticipants(parts);
  state.place(i, s);
  const after = state.gapsOfParticipants(parts);
  state.remove(i);
  return after - before;
}

/** The fitting slot adding the fewest gaps (earliest on ties), or -1. */
export function bestSlot(state: PlanState, i: number): number {
  let best = -1;
  let bestDelta = Number.POSITIVE_INFINITY;
  for (const s of state.free[i].staticSlots) {
    if (!state.canPlace(i, s)) continue;
    const d = placeDelta(state, i, s);
    if (d < bestDelta) {
      best = s;
      bestDelta = d;
    }
  }
  return best;
}

function fittingSlots(state: PlanState, i: number): number {
  let n = 0;
  for (const s of state.free[i].staticSlots) if (state.canPlace(i, s)) n++;
  return n;
}

export function greedy(state: PlanState): void {
  const pending = new Set(state.free.keys());
  while (pending.size > 0) {
    let pick = -1;
    let pickSlots = Number.POSITIVE_INFINITY;
    for (const i of pending) {
      const n = fittingSlots(state, i);
      const better =
        n < pickSlots ||
        (n === pickSlots && state.free[i].weight > state.free[pick].weight) ||
        (n === pickSlots && state.free[i].weight === state.free[pick].weight && i < pick);
      if (better) {
        pick = i;
        pickSlots = n;
      }
    }
    pending.delete(pick);
    if (pickSlots === 0) continue;
    state.place(pick, bestSlot(state, pick));
  }
}

/** Tries to schedule left-out meeting i, moving at most one placed meeting out of its way. */
function insert(state: PlanState, i: number): boolean {
  const direct = bestSlot(state, i);
  if (direct >= 0) {
    state.place(i, direct);
    return true;
  }
  const m = state.free[i];
  for (const s of m.staticSlots) {
    for (let j = 0; j < state.free.length; j++) {
      if (state.slotOf[j] !== s) continue;
      state.remove(j);
      if (!state.canPlace(i, s)) {
        state.place(j, s);
        continue;
      }
      state.place(i, s);
      const elsewhere = bestSlot(state, j);
      if (elsewhere >= 0) {
        state.place(j, elsewhere);
        return true;
      }
      if (m.weight > state.free[j].weight) return true;
      state.remove(i);
      state.place(j, s);
    }
  }
  return false;
}

/** Moves placed meeting i to the slot that lowers its participants' gaps the most; true if it moved. */
function move(state: PlanState, i: number): boolean {
  const from = state.slotOf[i];
  const parts = state.free[i].parts;
  const before = state.gapsOfParticipants(parts);
  state.remove(i);
  let best = from;
  let bestGaps = before;
  for (const s of state.free[i].staticSlots) {
    if (s === from || !state.canPlace(i, s)) continue;
    state.place(i, s);
    const g = state.gapsOfParticipants(parts);
    state.remove(i);
    if (g < bestGaps) {
      best = s;
      bestGaps = g;
    }
  }
  state.place(i, best);
  return best !== from;
}

/** Exchanges the slots of placed meetings i and j when that lowers the gaps; true if it did. */
function swap(state: PlanState, i: number, j: number): boolean {
  const si = state.slotOf[i];
  const sj = state.slotOf[j];
  if (si === sj) return false;
  const parts = new Set([...state.free[i].parts, ...state.free[j].parts]);
  const before = state.gapsOfParticipants(parts);
  state.remove(i);
  state.remove(j);
  let ok = false;
  if (state.canPlace(i, sj)) {
    state.place(i, sj);
    if (state.canPlace(j, si)) {
      state.place(j, si);
      if (state.gapsOfParticipants(parts) < before) ok = true;
      else state.remove(j);
    }
    if (!ok) state.remove(i);
  }
  if (!ok) {
    state.place(i, si);
    state.place(j, sj);
  }
  return ok;
}

/** Improves the current placement until no move helps or the deadline passes. */
export function localSearch(state: PlanState, outOfTime: () => boolean): void {
  const n = state.free.length;
  const byWeight = [...state.free.keys()].sort(
    (a, b) => state.free[b].weight - state.free[a].weight || a - b,
  );
  for (let pass = 0; pass < 50 && !outOfTime(); pass++) {
    let improved = false;
    for (const i of byWeight) if (state.slotOf[i] < 0 && insert(state, i)) improved = true;
    for (let i = 0; i < n && !outOfTime(); i++) if (state.slotOf[i] >= 0 && move(state, i)) improved = true;
    for (let i = 0; i < n && !outOfTime(); i++) {
      if (state.slotOf[i] < 0) continue;
      for (let j = i + 1; j < n; j++) {
        if (state.slotOf[j] >= 0 && swap(state, i, j)) improved = true;
      }
    }
    if (!improved) break;
  }
}
