import { describe, expect, it } from 'vitest';
import { excelSerialToIso, parseStartDate } from '../../server/imports/parse-date';

const TODAY = '2026-06-15';

describe('parseStartDate', () => {
  it.each([
    ['01/09/2026', '2026-09-01'],
    ['1/9/26', '2026-09-01'],
    ['1-9-2026', '2026-09-01'],
    ['01.09.2026', '2026-09-01'],
    ['2026-09-01', '2026-09-01'],
    ['2026-09-01T00:00:00', '2026-09-01'],
    ['septembre 2026', '2026-09-01'],
    ['Septembre 2026', '2026-09-01'],
    ['sept. 2026', '2026-09-01'],
    ['sept 26', '2026-09-01'],
    ['1er septembre 2026', '2026-09-01'],
    ['15 octobre 2026', '2026-10-15'],
    ['le 15/10/2026', '2026-10-15'],
    ['à partir du 15/10/2026', '2026-10-15'],
    ['début septembre 2026', '2026-09-01'],
    ['dès septembre 2026', '2026-09-01'],
    ['09/2026', '2026-09-01'],
    ['Janv. 2027', '2027-01-01'],
    ['01/09/2026 00:00:00', '2026-09-01'],
    ['février 2027', '2027-02-01'],
    ['29/02/2028', '2028-02-29'],
    ['46266', '2026-09-01'],
  ])('reads %j as %s', (text, date) => {
    expect(parseStartDate(text, TODAY)).toMatchObject({ ok: true, value: { date, asap: false } });
  });

  it.each([
    [46266, '2026-09-01'],
    [45658, '2025-01-01'],
    [new Date(Date.UTC(2026, 8, 1)), '2026-09-01'],
  ])('reads the cell %j as %s', (cell, date) => {
    expect(parseStartDate(cell, TODAY)).toMatchObject({ ok: true, value: { date } });
  });

  it.each(['dès que possible', 'Dès que possible', 'ASAP', 'immédiatement', 'au plus tôt'])(
    'reads %j as today, flagged, with a warning',
    (text) => {
      const parsed = parseStartDate(text, TODAY);
      expect(parsed).toMatchObject({ ok: true, value: { date: TODAY, asap: true } });
      expect(parsed.ok && parsed.warnings[0]).toContain('15 juin 2026');
    },
  );

  it('completes a month without a year with the next one, and says so', () => {
    const later = parseStartDate('septembre', TODAY);
    expect(later).toMatchObject({ ok: true, value: { date: '2026-09-01' } });
    expect(later.ok && later.warnings[0]).toContain('2026');
    expect(parseStartDate('janvier', TODAY)).toMatchObject({ ok: true, value: { date: '2027-01-01' } });
  });

  it('reads "mi-septembre 2026" as the first of the month, with a warning', () => {
    const parsed = parseStartDate('mi-septembre 2026', TODAY);
    expect(parsed).toMatchObject({ ok: true, value: { date: '2026-09-01' } });
    expect(parsed.ok && parsed.warnings[0]).toContain('1er du mois');
  });

  it('reads "rentrée 2026" as the first of September, with a warning', () => {
    const parsed = parseStartDate('rentrée 2026', TODAY);
    expect(parsed).toMatchObject({ ok: true, value: { date: '2026-09-01' } });
    expect(parsed.ok && parsed.warnings.length).toBe(1);
  });

  it.each([
    [null, 'manquante'],
    ['bientôt', 'illisible'],
    ['31/02/2026', 'calendrier'],
    ['13/13/2026', 'calendrier'],
    ['2026', 'illisible'],
    [12, 'illisible'],
    [true, 'illisible'],
  ])('refuses %j', (cell, fragment) => {
    const parsed = parseStartDate(cell, TODAY);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toContain(fragment);
  });

  it('counts Excel serials from 1899-12-30 (the 1900 system)', () => {
    expect(excelSerialToIso(45292)).toBe('2024-01-01');
    expect(excelSerialToIso(46266.75)).toBe('2026-09-01');
  });
});
