/** Turning chosen sets of needs into the contract's output objects. */
import { assignSlots } from './feasibility';
import { haversineKm } from './geo';
import { fromHundredths } from './hours';
import { commonGe, type Prepared } from './prepare';
import { ALL_SLOTS_MASK, slotsOf } from './slots';
import type { AssignedNeed, Partial, Position } from './types';

export interface Assigned {
  needs: AssignedNeed[];
  hours: number;
  usedMask: number;
  maxKm: number;
}

/** Assigns slots to a feasible set of needs (instance indices), in instance order for determinism. */
export function assign(p: Prepared, members: number[]): Assigned {
  const sorted = [...members].sort((a, b) => a - b);
  const needs = sorted.map((i) => p.needs[i]);
  const masks = assignSlots(
    needs.map((n) => n.slotsNeeded),
    needs.map((n) => n.allowed),
  );
  if (!masks) throw new Error(`internal error: no slot assignment for ${needs.map((n) => n.id).join(', ')}`);
  let maxKm = 0;
  for (let a = 0; a < needs.length; a++)
    for (let b = a + 1; b < needs.length; b++)
      maxKm = Math.max(maxKm, haversineKm(needs[a].lat, needs[a].lon, needs[b].lat, needs[b].lon));
  return {
    needs: needs.map((n, k) => ({ id: n.id, slots: slotsOf(masks[k]) })),
    hours: needs.reduce((s, n) => s + n.hours, 0),
    usedMask: masks.reduce((m, x) => m | x, 0),
    maxKm,
  };
}

/** Kilometres in the output keep metre precision (the objective itself uses millimetres). */
export function roundKm(km: number): number {
  return Math.round(km * 1000) / 1000;
}

export function toPosition(p: Prepared, members: number[]): Position {
  const a = assign(p, members);
  return {
    needs: a.needs,
    hours: fromHundredths(a.hours),
    geId: commonGe(
      p.orgGes,
      members.map((i) => p.needs[i].org),
    ),
    maxDistanceKm: roundKm(a.maxKm),
  };
}

export function toPartial(p: Prepared, members: number[]): Partial {
  const a = assign(p, members);
  return {
    needs: a.needs,
    hours: fromHundredths(a.hours),
    missingHours: fromHundredths(p.minHours - a.hours),
    freeSlots: slotsOf(ALL_SLOTS_MASK & ~a.usedMask),
  };
}
