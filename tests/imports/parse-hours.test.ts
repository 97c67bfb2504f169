import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHours, parseHours } from '../../server/imports/parse-hours';

describe('parseHours', () => {
  it.each([
    ['14', 1400],
    ['14h', 1400],
    ['14 h', 1400],
    ['14H', 1400],
    ['14 heures', 1400],
    ['14 h 30', 1450],
    ['14h30', 1450],
    ['14h30min', 1450],
    ['14:30', 1450],
    ['14,5', 1450],
    ['14.5', 1450],
    ['12,8 h', 1280],
    ['0,4 ETP', 1400],
    ['0.4 ETP', 1400],
    ['0,4 etp', 1400],
    ['1 ETP', 3500],
    ['40 %', 1400],
    ['40%', 1400],
    ['50 % ETP', 1750],
    ['mi-temps', 1750],
    ['Mi temps', 1750],
    ['1/2 temps', 1750],
    ['3/4 temps', 2625],
    ['temps plein', 3500],
    ['17,5 h/semaine', 1750],
    ['20 h par semaine', 2000],
    ['14h hebdo', 1400],
    ['environ 14 h', 1400],
    ['2 jours', 1400],
    ['3 demi-journées', 1050],
    ['\u00a014\u00a0h\u00a0', 1400],
  ])('reads %j as %i hundredths', (text, expected) => {
    const parsed = parseHours(text);
    expect(parsed).toMatchObject({ ok: true, value: expected });
  });

  it.each([
    [14, 1400],
    [10.5, 1050],
    [0.4, 1400],
    [0.5, 1750],
    [1, 3500],
    [new Date(Date.UTC(1899, 11, 30, 14, 30)), 1450],
  ])('reads the cell %j as %i hundredths', (cell, expected) => {
    expect(parseHours(cell)).toMatchObject({ ok: true, value: expected });
  });

  it('says when a bare fraction was read as ETP', () => {
    const parsed = parseHours('0,4');
    expect(parsed).toMatchObject({ ok: true, value: 1400 });
    expect(parsed.ok && parsed.warnings[0]).toContain('0,4 ETP');
  });

  it.each([
    [null, 'manquant'],
    ['', 'manquant'],
    ['beaucoup', 'illisible'],
    ['10 à 14 h', 'fourchette'],
    ['10-14h', 'fourchette'],
    ['1,5 ETP', 'temps plein'],
    ['120 %', 'temps plein'],
    ['14h75', 'minutes'],
    ['0', 'supérieur à 0'],
    [-3, 'supérieur à 0'],
    [new Date(Date.UTC(2026, 8, 1)), 'date'],
  ])('refuses %j with a French message', (cell, fragment) => {
    const parsed = parseHours(cell);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toContain(fragment);
  });
});

describe('formatHours', () => {
  it.each([
    [1400, '14 h'],
    [1450, '14 h 30'],
    [1405, '14 h 03'],
    [1433, '14,33 h'],
    [50, '0 h 30'],
  ])('writes %i as %j', (hundredths, text) => {
    expect(formatHours(hundredths)).toBe(text);
  });

  it('round-trips through parseHours for every weekly volume up to 35 h', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3500 }), (hundredths) => {
        expect(parseHours(formatHours(hundredths))).toMatchObject({ ok: true, value: hundredths });
      }),
    );
  });

  it('reads "H h MM" as the nearest hundredth of the minutes written', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 34 }), fc.integer({ min: 0, max: 59 }), (hours, minutes) => {
        const text = `${hours} h ${String(minutes).padStart(2, '0')}`;
        expect(parseHours(text)).toMatchObject({ ok: true, value: Math.round((hours + minutes / 60) * 100) });
      }),
    );
  });
});
