/**
 * How many half-days a need takes. A half-day holds at most 4 h of work (3 h 30 is the usual one:
 * 35 h over ten half-days; up to 4 h leaves room for a long morning), so 14 h need at least 4 half-days
 * and cannot fit in "jeudi matin". Unless the file says how many half-days, a need takes
 * ceil(hours / 3.5) of them, or fewer when fewer are allowed and the 4 h ceiling still holds.
 */

import type { Slot } from '../matching/types';
import { describeSlots } from './parse-days';
import { formatHours } from './parse-hours';

export const MAX_HUNDREDTHS_PER_HALF_DAY = 400;
export const USUAL_HUNDREDTHS_PER_HALF_DAY = 350;

export type SlotsNeeded = { ok: true; slotsNeeded: number } | { ok: false; message: string };

export function slotsNeededFor(
  hoursHundredths: number,
  allowed: readonly Slot[],
  written: number | null,
): SlotsNeeded {
  const minimum = Math.ceil(hoursHundredths / MAX_HUNDREDTHS_PER_HALF_DAY);
  const hours = formatHours(hoursHundredths);
  const plural = (n: number) => (n > 1 ? `${n} demi-journées` : `${n} demi-journée`);
  if (written !== null) {
    if (written < minimum) {
      return {
        ok: false,
        message: `${hours} ne tiennent pas en ${plural(written)} (4 h au plus par demi-journée) : il en faut au moins ${minimum}.`,
      };
    }
    if (written > allowed.length) {
      return {
        ok: false,
        message: `${plural(written)} demandées, mais seulement ${allowed.length} possibles (${describeSlots(allowed)}).`,
      };
    }
    return { ok: true, slotsNeeded: written };
  }
  if (allowed.length < minimum) {
    return {
      ok: false,
      message: `${hours} ne tiennent pas dans ${describeSlots(allowed)} : il faut au moins ${plural(minimum)} (4 h au plus par demi-journée).`,
    };
  }
  const usual = Math.ceil(hoursHundredths / USUAL_HUNDREDTHS_PER_HALF_DAY);
  return { ok: true, slotsNeeded: Math.min(usual, allowed.length) };
}
