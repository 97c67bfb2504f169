import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { slotsNeededFor } from '../../server/imports/capacity';
import { SLOTS } from '../../server/matching/types';

describe('slotsNeededFor (a half-day holds at most 4 h)', () => {
  it('refuses 14 h on Thursday morning alone', () => {
    const fit = slotsNeededFor(1400, ['thu-am'], null);
    expect(fit.ok).toBe(false);
    expect(!fit.ok && fit.message).toBe(
      '14 h ne tiennent pas dans jeudi matin : il faut au moins 4 demi-journées (4 h au plus par demi-journée).',
    );
  });

  it.each([
    [1400, 4, 4],
    [1050, 6, 3],
    [750, 2, 2], // 7 h 30 on one day: two long half-days, within 4 h each
    [800, 2, 2],
    [1750, 10, 5],
    [300, 1, 1],
  ])('%i hundredths over %i allowed half-days take %i', (hours, allowed, needed) => {
    expect(slotsNeededFor(hours, SLOTS.slice(0, allowed), null)).toEqual({ ok: true, slotsNeeded: needed });
  });

  it('takes the written number of half-days when it fits', () => {
    expect(slotsNeededFor(1400, SLOTS.slice(0, 6), 4)).toEqual({ ok: true, slotsNeeded: 4 });
    expect(slotsNeededFor(1400, SLOTS.slice(0, 6), 6)).toEqual({ ok: true, slotsNeeded: 6 });
  });

  it('refuses a written number that is too small or larger than the days allowed', () => {
    const few = slotsNeededFor(1400, SLOTS.slice(0, 6), 3);
    expect(!few.ok && few.message).toContain('au moins 4');
    const many = slotsNeededFor(1400, SLOTS.slice(0, 4), 5);
    expect(!many.ok && many.message).toContain('seulement 4 possibles');
  });

  it('always answers a count that holds the hours and fits the allowed half-days', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3499 }),
        fc.subarray([...SLOTS], { minLength: 1 }),
        (hours, allowed) => {
          const fit = slotsNeededFor(hours, allowed, null);
          const possible = allowed.length * 400 >= hours;
          expect(fit.ok).toBe(possible);
          if (fit.ok) {
            expect(fit.slotsNeeded * 400).toBeGreaterThanOrEqual(hours);
            expect(fit.slotsNeeded).toBeLessThanOrEqual(allowed.length);
          }
        },
      ),
    );
  });
});
