import { SLOTS, type Slot } from './types';

/** Slots as bit masks: bit k is SLOTS[k]. */
const INDEX = new Map<string, number>(SLOTS.map((s, i) => [s, i]));

export const ALL_SLOTS_MASK = (1 << SLOTS.length) - 1;

export function maskOf(slots: readonly string[]): number {
  let mask = 0;
  for (const s of slots) {
    const i = INDEX.get(s);
    if (i !== undefined) mask |= 1 << i;
  }
  return mask;
}

/** The slots of a mask, in canonical order mon-am … sat-pm. */
export function slotsOf(mask: number): Slot[] {
  const out: Slot[] = [];
  for (let i = 0; i < SLOTS.length; i++) if (mask & (1 << i)) out.push(SLOTS[i]);
  return out;
}

export function popcount(mask: number): number {
  let m = mask - ((mask >>> 1) & 0x55555555);
  m = (m & 0x33333333) + ((m >>> 2) & 0x33333333);
  return (((m + (m >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
