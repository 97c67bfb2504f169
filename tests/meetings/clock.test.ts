/**
 * Paris wall-clock times of a session day and the instants stored for them, across the changes of
 * offset (winter UTC+1, summer UTC+2, the night of the change), and the time formats people type.
 */
import { describe, expect, it } from 'vitest';
import { parisDay, parisInstant, parisTimeLabel, parseTimeOfDay } from '../../server/meetings/clock';
import { parseSlotsForm } from '../../server/meetings/schemas';

describe('Paris clock', () => {
  it('turns a Paris time of day into the right instant in winter, in summer and on the change days', () => {
    expect(parisInstant('2027-03-10', 9 * 60).toISOString()).toBe('2027-03-10T08:00:00.000Z');
    expect(parisInstant('2027-07-01', 9 * 60).toISOString()).toBe('2027-07-01T07:00:00.000Z');
    // 28 March 2027: clocks go from 2:00 to 3:00; 10:00 is already summer time.
    expect(parisInstant('2027-03-28', 10 * 60).toISOString()).toBe('2027-03-28T08:00:00.000Z');
    // 31 October 2027: back to winter time at 3:00.
    expect(parisInstant('2027-10-31', 14 * 60 + 30).toISOString()).toBe('2027-10-31T13:30:00.000Z');
  });

  it('prints an instant in Paris time whatever the server’s zone', () => {
    expect(parisTimeLabel(new Date('2027-07-01T07:05:00Z'))).toBe('9 h 05');
    expect(parisTimeLabel(new Date('2027-01-15T17:00:00Z'))).toBe('18 h 00');
    expect(parisDay(new Date('2027-01-15T23:30:00Z'))).toBe('2027-01-16');
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

describe('slots form', () => {
  const summer = { startsAt: new Date('2027-07-01T07:00:00Z'), endsAt: new Date('2027-07-01T10:00:00Z') };

  it('builds regular slots with a pause, in Paris time', () => {
    const result = parseSlotsForm({ debut: '9h', duree: '25', pause: '5', nombre: '3' }, summer);
    expect(result.ok && result.data.map((s) => [s.startsAt.toISOString(), s.endsAt.toISOString()])).toEqual([
      ['2027-07-01T07:00:00.000Z', '2027-07-01T07:25:00.000Z'],
      ['2027-07-01T07:30:00.000Z', '2027-07-01T07:55:00.000Z'],
      ['2027-07-01T08:00:00.000Z', '2027-07-01T08:25:00.000Z'],
    ]);
  });

  it('reads an explicit list in any order, with a lunch break, and prefers it to the regular fields', () => {
    const result = parseSlotsForm(
      { debut: '9:00', duree: 'x', liste: '11:00 - 11:30\r\n9h00 à 9h20\n\n' },
      summer,
    );
    expect(result.ok && result.data.map((s) => s.startsAt.toISOString())).toEqual([
      '2027-07-01T07:00:00.000Z',
      '2027-07-01T09:00:00.000Z',
    ]);
  });

  it('names the field and the problem', () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ debut: '11:30', duree: '30', nombre: '2' }, 'nombre', 'celui de 12 h 00 à 12 h 30 en sort'],
      [{ liste: '10:00 - 9:00' }, 'liste', 'ligne 1 : la fin doit suivre le début'],
      [{ debut: '9:00', duree: '20', pause: '-5', nombre: '2' }, 'pause', 'entre 0 et 120'],
      [{ debut: ['9:00', '10:00'], duree: '20', nombre: '2' }, 'debut', ''],
    ];
    for (const [body, field, message] of cases) {
      const result = parseSlotsForm(body, summer);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(Object.keys(result.errors)).toEqual([field]);
        expect(result.errors[field]).toContain(message);
      }
    }
  });
});
