/**
 * Rule 4: each need of a position gets exactly `slotsNeeded` distinct slots of its allowed ones, no slot
 * given twice. This is a bipartite b-matching (needs with capacities × twelve slots), solved by Kuhn's
 * augmenting paths, one unit of a need's demand at a time: exact, and cheap with twelve slots.
 */
import { SLOTS } from './types';

export const SLOT_COUNT = SLOTS.length;

/** `owner[s]` is the member holding slot s, or -1. */
export type Owners = Int8Array;

export function emptyOwners(): Owners {
  return new Int8Array(SLOT_COUNT).fill(-1);
}

/**
 * Gives member `member` (whose allowed mask is `allowedByMember[member]`) `count` more slots, moving
 * other members' slots along augmenting paths when needed. Mutates `owner`; returns false when impossible
 * (then `owner` is left in an unspecified state: callers work on a copy).
 */
export function addMember(
  owner: Owners,
  allowedByMember: readonly number[],
  member: number,
  count: number,
): boolean {
  let visited = 0;
  const augment = (m: number): boolean => {
    const allowed = allowedByMember[m];
    for (let s = 0; s < SLOT_COUNT; s++) {
      const bit = 1 << s;
      if (!(allowed & bit) || visited & bit || owner[s] === m) continue;
      visited |= bit;
      if (owner[s] === -1 || augment(owner[s])) {
        owner[s] = m;
        return true;
      }
    }
    return false;
  };
  for (let unit = 0; unit < count; unit++) {
    visited = 0;
    if (!augment(member)) return false;
  }
  return true;
}

/** Slot masks for members with these demands and allowed masks, or null when rule 4 cannot hold. */
export function assignSlots(slotsNeeded: readonly number[], allowed: readonly number[]): number[] | null {
  const owner = emptyOwners();
  for (let m = 0; m < slotsNeeded.length; m++) {
    if (!addMember(owner, allowed, m, slotsNeeded[m])) return null;
  }
  return ownersToMasks(owner, slotsNeeded.length);
}

export function ownersToMasks(owner: Owners, members: number): number[] {
  const masks = new Array<number>(members).fill(0);
  for (let s = 0; s < SLOT_COUNT; s++) if (owner[s] >= 0) masks[owner[s]] |= 1 << s;
  return masks;
}
