/**
 * The mutable plan the solvers share: which slot each free (not locked) meeting holds, how many meetings
 * each participant has in each slot, and how many table seats each slot has left.
 *
 * Tables are not chosen during the search, only counted. A meeting of size k fits any table of capacity
 * >= k, so the tables that fit form nested sets, and a slot's meetings can be seated exactly when, for every
 * meeting size t, the meetings of size >= t are no more than the free tables of capacity >= t (Hall's
 * condition on nested sets). Tables are then given out at the end (tables.ts). This removes the symmetry
 * between interchangeable tables from the search entirely.
 */
import type { CompiledMeeting, Model } from './model';
import { participantGaps } from './model';

export interface FreeMeeting extends CompiledMeeting {
  /** Index of the meeting's size among the distinct sizes of free meetings. */
  sizeClass: number;
  /** Slots allowed before any free meeting is placed: participants available and a table left. */
  staticSlots: number[];
}

export class PlanState {
  readonly S: number;
  readonly K: number;
  /** occ[p * S + s]: meetings participant p holds in slot s (locked ones included). */
  readonly occ: Int32Array;
  /** freeGE[s * K + k]: tables of slot s not taken by a locked meeting that seat sizes[k] or more. */
  readonly freeGE: Int32Array;
  /** usedGE[s * K + k]: free meetings placed in slot s of size sizes[k] or more. */
  readonly usedGE: Int32Array;
  /** slotOf[i]: the slot of free meeting i, or -1. */
  readonly slotOf: Int32Array;
  weight = 0;

  constructor(
    readonly model: Model,
    readonly free: FreeMeeting[],
    readonly sizes: number[],
    lockedOcc: Int32Array,
    freeGE: Int32Array,
  ) {
    this.S = model.S;
    this.K = sizes.length;
    this.occ = lockedOcc.slice();
    this.freeGE = freeGE;
    this.usedGE = new Int32Array(this.S * this.K);
    this.slotOf = new Int32Array(free.length).fill(-1);
  }

  canPlace(i: number, s: number): boolean {
    const m = this.free[i];
    const S = this.S;
    for (const p of m.parts) {
      if (this.occ[p * S + s] !== 0 || this.model.unavailable[p * S + s] !== 0) return false;
    }
    const base = s * this.K;
    for (let k = 0; k <= m.sizeClass; k++) {
      if (this.usedGE[base + k] >= this.freeGE[base + k]) return false;
    }
    return true;
  }

  place(i: number, s: number): void {
    const m = this.free[i];
    for (const p of m.parts) this.occ[p * this.S + s]++;
    const base = s * this.K;
    for (let k = 0; k <= m.sizeClass; k++) this.usedGE[base + k]++;
    this.slotOf[i] = s;
    this.weight += m.weight;
  }

  remove(i: number): void {
    const m = this.free[i];
    const s = this.slotOf[i];
    for (const p of m.parts) this.occ[p * this.S + s]--;
    const base = s * this.K;
    for (let k = 0; k <= m.sizeClass; k++) this.usedGE[base + k]--;
    this.slotOf[i] = -1;
    this.weight -= m.weight;
  }

  gapsOf(p: number): number {
    return participantGaps(this.model, p, this.occ, p * this.S);
  }

  gapsOfParticipants(parts: Iterable<number>): number {
    let g = 0;
    for (const p of parts) g += this.gapsOf(p);
    return g;
  }

  totalGaps(): number {
    let g = 0;
    for (let p = 0; p < this.model.P; p++) g += this.gapsOf(p);
    return g;
  }

  snapshot(): Int32Array {
    return this.slotOf.slice();
  }

  /** Replaces the current placement by a snapshot. */
  restore(slots: Int32Array): void {
    for (let i = 0; i < this.free.length; i++) if (this.slotOf[i] >= 0) this.remove(i);
    for (let i = 0; i < this.free.length; i++) if (slots[i] >= 0) this.place(i, slots[i]);
  }
}

/** Lexicographic objective: more priority first, then fewer waiting gaps. */
export interface Objective {
  weight: number;
  gaps: number;
}

export const better = (a: Objective, b: Objective): boolean =>
  a.weight > b.weight || (a.weight === b.weight && a.gaps < b.gaps);
