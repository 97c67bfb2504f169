/**
 * Paris time (server/common/paris-time.ts): instants and Paris wall clocks both ways, across the
 * changes of offset (the last Sundays of March and October), whatever the server's zone, and the one
 * French wording of times and dates. The conversions are checked against a twin that knows only the
 * EU rule (summer time from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of
 * October, since 1996) and searches minute by minute.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  frenchDate,
  frenchDateTime,
  frenchMonth,
  frenchSpan,
  minutesOfTimeValue,
  numericDate,
  parisDay,
  parisInstant,
  parisMinutes,
  parisTime,
  parisToday,
  parseTimeOfDay,
  timeLabel,
  timeValue,
} from '../../server/common/paris-time';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** 01:00 UTC on the last Sunday of a month (0-based), when the EU changes its clocks. */
function lastSundayChange(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, last.getUTCDate() - last.getUTCDay(), 1);
}

/** The twin's Paris wall clock: UTC+2 between the two changes, UTC+1 otherwise. */
function euWall(instant: number): { day: string; minutes: number } {
  const year = new Date(instant).getUTCFullYear();
  const summer = instant >= lastSundayChange(year, 2) && instant < lastSundayChange(year, 9);
  const shown = new Date(instant + (summer ? 2 : 1) * HOUR);
  return { day: shown.toISOString().slice(0, 10), minutes: shown.getUTCHours() * 60 + shown.getUTCMinutes() };
}

/** The twin's instant of a wall clock: the first minute whose wall clock it is; in the spring gap, an hour on. */
function euInstant(day: string, minutes: number): number {
  const wall = Date.parse(`${day}T00:00:00Z`) + minutes * MINUTE;
  for (let t = wall - 2 * HOUR; t <= wall - HOUR; t += MINUTE) {
    const shown = euWall(t);
    if (shown.day === day && shown.minutes === minutes) return t;
  }
  return wall - HOUR;
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Days near the changes of offset most of the time, any day otherwise, from 1996 to 2037. */
const days = fc.integer({ min: 1996, max: 2037 }).chain((year) =>
  fc.oneof(
    fc.integer({ min: -1, max: 1 }).map((d) => iso(lastSundayChange(year, 2) + d * 86_400_000)),
    fc.integer({ min: -1, max: 1 }).map((d) => iso(lastSundayChange(year, 9) + d * 86_400_000)),
    fc.integer({ min: 0, max: 364 }).map((d) => iso(Date.UTC(year, 0, 1) + d * 86_400_000)),
  ),
);
const minutesOfDay = fc.oneof(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 60, max: 240 }));

describe('Paris wall clock of an instant', () => {
  it('is UTC+1 in winter, UTC+2 in summer, and changes at 01:00 UTC on the last Sundays', () => {
    expect(parisTime(new Date('2027-01-15T17:00:00Z'))).toBe('18 h');
    expect(parisTime(new Date('2027-07-01T07:05:00Z'))).toBe('9 h 05');
    expect(parisDay(new Date('2027-01-15T23:30:00Z'))).toBe('2027-01-16');
    // 28 March 2027: 1 h 59 is followed by 3 h.
    expect(parisTime(new Date('2027-03-28T00:59:00Z'))).toBe('1 h 59');
    expect(parisTime(new Date('2027-03-28T01:00:00Z'))).toBe('3 h');
    // 31 October 2027: 2 h 30 comes twice, an hour apart.
    expect(parisTime(new Date('2027-10-31T00:30:00Z'))).toBe('2 h 30');
    expect(parisTime(new Date('2027-10-31T01:30:00Z'))).toBe('2 h 30');
    expect(parisTime(new Date('2027-10-31T02:00:00Z'))).toBe('3 h');
  });

  it('agrees with the EU rule at any minute from 1996 to 2037', () => {
    fc.assert(
      fc.property(days, fc.integer({ min: -6 * 60, max: 30 * 60 }), (day, offset) => {
        const instant = Date.parse(`${day}T00:00:00Z`) + offset * MINUTE;
        const twin = euWall(instant);
        expect({ day: parisDay(new Date(instant)), minutes: parisMinutes(new Date(instant)) }).toEqual(twin);
      }),
      { numRuns: 600, seed: 7 },
    );
  });

  it('does not depend on the server’s own zone', () => {
    const zone = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Kiritimati'; // UTC+14: every local date is a day ahead of Paris at noon UTC
      expect(parisDay(new Date('2027-02-01T12:00:00Z'))).toBe('2027-02-01');
      expect(frenchDate(new Date('2027-02-01T12:00:00Z'))).toBe('1er février 2027');
      expect(frenchDate('2027-02-01')).toBe('1er février 2027');
      expect(parisInstant('2027-07-01', 9 * 60).toISOString()).toBe('2027-07-01T07:00:00.000Z');
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});

describe('instant of a Paris wall clock', () => {
  it('in winter, in summer and on the days the offset changes', () => {
    const at = (day: string, minutes: number) => parisInstant(day, minutes).toISOString();
    expect(at('2027-03-10', 9 * 60)).toBe('2027-03-10T08:00:00.000Z');
    expect(at('2027-07-01', 9 * 60)).toBe('2027-07-01T07:00:00.000Z');
    expect(at('2027-03-28', 60 + 59)).toBe('2027-03-28T00:59:00.000Z');
    expect(at('2027-03-28', 10 * 60)).toBe('2027-03-28T08:00:00.000Z');
    expect(at('2027-10-31', 14 * 60 + 30)).toBe('2027-10-31T13:30:00.000Z');
    // Midnight at the end of the day is the next day's 0 h.
    expect(at('2027-03-10', 24 * 60)).toBe('2027-03-10T23:00:00.000Z');
  });

  it('takes the first of the autumn hour that happens twice', () => {
    expect(parisInstant('2027-10-31', 2 * 60 + 30).toISOString()).toBe('2027-10-31T00:30:00.000Z');
    expect(parisInstant('2026-10-25', 2 * 60).toISOString()).toBe('2026-10-25T00:00:00.000Z');
  });

  it('moves a time of the skipped spring hour forward by the gap', () => {
    // 2 h 30 does not exist on 28 March 2027: it is read as 3 h 30 summer time.
    expect(parisInstant('2027-03-28', 2 * 60 + 30).toISOString()).toBe('2027-03-28T01:30:00.000Z');
    expect(parisTime(parisInstant('2026-03-29', 2 * 60))).toBe('3 h');
  });

  it('agrees with the minute-by-minute twin, and reads back as the wall clock it was given', () => {
    fc.assert(
      fc.property(days, minutesOfDay, (day, minutes) => {
        const instant = parisInstant(day, minutes);
        expect(instant.getTime()).toBe(euInstant(day, minutes));
        const shown = euWall(instant.getTime());
        const skipped = shown.day !== day || shown.minutes !== minutes;
        // Only a time of the spring gap reads back otherwise: an hour later.
        if (skipped) expect(shown).toEqual({ day, minutes: minutes + 60 });
      }),
      { numRuns: 400, seed: 11 },
    );
  });
});

describe('the French wording', () => {
  it('writes times of day as "9 h", "9 h 05", "9 h 30"', () => {
    expect([540, 545, 570, 0, 23 * 60 + 59].map(timeLabel)).toEqual([
      '9 h',
      '9 h 05',
      '9 h 30',
      '0 h',
      '23 h 59',
    ]);
    expect(timeValue(570)).toBe('09:30');
    expect(minutesOfTimeValue('09:30')).toBe(570);
  });

  it('writes dates with "1er" and French months, of a date column or of an instant’s Paris day', () => {
    expect(frenchDate('2027-02-01')).toBe('1er février 2027');
    expect(frenchDate('2026-12-03')).toBe('3 décembre 2026');
    expect(frenchDate('2027-02-01', { weekday: true })).toBe('lundi 1er février 2027');
    // 22:30 UTC is 23 h 30 in Paris, still 31 January; 23:30 UTC is already 1 February there.
    expect(frenchDate(new Date('2027-01-31T22:30:00Z'))).toBe('31 janvier 2027');
    expect(frenchDate(new Date('2027-01-31T23:30:00Z'))).toBe('1er février 2027');
    expect(frenchDate('2027-01-31T23:30:00.000Z')).toBe('1er février 2027');
    for (const nothing of [null, undefined, '', 'hier', new Date(Number.NaN)])
      expect(frenchDate(nothing)).toBe('');
  });

  it('writes an instant, a span, a month and a spreadsheet date', () => {
    expect(frenchDateTime(new Date('2026-12-03T08:30:00Z'))).toBe('3 décembre 2026 à 9 h 30');
    expect(frenchSpan(new Date('2026-12-03T08:30:00Z'), new Date('2026-12-03T11:00:00Z'))).toBe(
      'jeudi 3 décembre 2026, de 9 h 30 à 12 h',
    );
    expect(frenchSpan(new Date('2027-06-30T16:00:00Z'), new Date('2027-07-01T08:00:00Z'))).toBe(
      'du mercredi 30 juin 2027, 18 h, au jeudi 1er juillet 2027, 10 h',
    );
    expect(frenchMonth('2026-03')).toBe('mars 2026');
    expect(numericDate('2026-01-31')).toBe('31/01/2026');
  });

  it('gives today in Paris, not in UTC', () => {
    expect(parisToday(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(parisToday(new Date('2026-07-14T21:59:00Z'))).toBe('2026-07-14');
  });

  it('reads the times people type', () => {
    expect(parseTimeOfDay('9:30')).toBe(570);
    expect(parseTimeOfDay('09h30')).toBe(570);
    expect(parseTimeOfDay('9 h')).toBe(540);
    expect(parseTimeOfDay('14H05')).toBe(845);
    expect(parseTimeOfDay('9')).toBe(540);
    for (const bad of ['', '25:00', '9:75', 'midi', '930', '9:3']) expect(parseTimeOfDay(bad)).toBeNull();
  });
});
