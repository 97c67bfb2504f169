/**
 * Splits the meetings into locked ones (kept as given), ones that cannot be scheduled whatever the plan
 * (with the reason), and free ones the solvers place; builds the empty PlanState around the locked ones.
 */
import type { Model } from './model';
import { type FreeMeeting, PlanState } from './state';
import type { Unscheduled } from './types';

export interface Prepared {
  state: PlanState;
  lockedWeight: number;
  /** Meetings whose table is the facilitator's, by model meeting index. */
  locked: number[];
  impossible: Unscheduled[];
}

export function prepare(model: Model): Prepared {
  const { S, T } = model;
  const lockedOcc = new Int32Array(model.P * S);
  const tableTaken = new Uint8Array(S * T);
  const locked: number[] = [];
  let lockedWeight = 0;
  for (const m of model.meetings) {
    if (!m.locked) continue;
    locked.push(m.index);
    lockedWeight += m.weight;
    for (const p of m.parts) lockedOcc[p * S + m.locked.slot]++;
    tableTaken[m.locked.slot * T + m.locked.table] = 1;
  }
  const maxCap = Math.max(0, ...model.tableCap);
  const impossible: Unscheduled[] = [];
  const candidates = [];
  for (const m of model.meetings) {
    if (m.locked) continue;
    if (m.size < 2) impossible.push({ meetingId: m.id, reason: 'too-few-participants' });
    else if (m.size > maxCap) impossible.push({ meetingId: m.id, reason: 'no-table-large-enough' });
    else candidates.push(m);
  }
  const sizes = [...new Set(candidates.map((m) => m.size))].sort((a, b) => a - b);
  const K = sizes.length;
  const freeGE = new Int32Array(S * K);
  for (let s = 0; s < S; s++) {
    for (let t = 0; t < T; t++) {
      if (tableTaken[s * T + t]) continue;
      for (let k = 0; k < K; k++) if (model.tableCap[t] >= sizes[k]) freeGE[s * K + k]++;
    }
  }
  const free: FreeMeeting[] = [];
  for (const m of candidates) {
    const sizeClass = sizes.indexOf(m.size);
    const staticSlots: number[] = [];
    for (let s = 0; s < S; s++) {
      if (freeGE[s * K + sizeClass] === 0) continue;
      if (m.parts.every((p) => lockedOcc[p * S + s] === 0 && model.unavailable[p * S + s] === 0)) {
        staticSlots.push(s);
      }
    }
    if (staticSlots.length === 0) impossible.push({ meetingId: m.id, reason: 'no-common-slot' });
    else free.push({ ...m, sizeClass, staticSlots });
  }
  return { state: new PlanState(model, free, sizes, lockedOcc, freeGE), lockedWeight, locked, impossible };
}

/**
 * Gives each placed free meeting a table: in each slot, largest meeting first, the smallest free table that
 * seats it (ties: table order, then meeting input order). Hall's condition, kept by PlanState, makes this
 * always succeed.
 */
export function assignTables(model: Model, state: PlanState): Map<number, number> {
  const { S, T } = model;
  const taken = new Uint8Array(S * T);
  for (const m of model.meetings) if (m.locked) taken[m.locked.slot * T + m.locked.table] = 1;
  const bySlot: number[][] = Array.from({ length: S }, () => []);
  state.free.forEach((_, i) => {
    if (state.slotOf[i] >= 0) bySlot[state.slotOf[i]].push(i);
  });
  const tableOrder = [...Array(T).keys()].sort((a, b) => model.tableCap[a] - model.tableCap[b] || a - b);
  const result = new Map<number, number>();
  for (let s = 0; s < S; s++) {
    const meetings = bySlot[s].sort(
      (a, b) => state.free[b].size - state.free[a].size || state.free[a].index - state.free[b].index,
    );
    for (const i of meetings) {
      const t = tableOrder.find((t) => !taken[s * T + t] && model.tableCap[t] >= state.free[i].size);
      if (t === undefined) throw new Error('scheduling invariant broken: no table left for a placed meeting');
      taken[s * T + t] = 1;
      result.set(state.free[i].index, t);
    }
  }
  return result;
}
