/**
 * The slots form of a session's meetings: times read as Paris wall-clock times on the session's day
 * (server/common/paris-time.ts, tested in tests/common/paris-time.test.ts), within its hours.
 */
import { describe, expect, it } from 'vitest';
import { parseSlotsForm } from '../../server/meetings/schemas';

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

  it('needs none of the fields marked "(facultatif)": session start, 20 minutes, no pause, as many as fit', () => {
    // 9:00–12:00 Paris: nine 20-minute slots from the start.
    const all = parseSlotsForm({ debut: '', duree: '', pause: '', nombre: '' }, summer);
    expect(all.ok && all.data.length).toBe(9);
    expect(all.ok && [all.data[0].startsAt.toISOString(), all.data[8].endsAt.toISOString()]).toEqual([
      '2027-07-01T07:00:00.000Z',
      '2027-07-01T10:00:00.000Z',
    ]);
    // A start and a length only: the slots fill the rest of the session, pause included.
    const some = parseSlotsForm({ debut: '10:30', duree: '30', pause: '15' }, summer);
    expect(some.ok && some.data.map((x) => x.startsAt.toISOString())).toEqual([
      '2027-07-01T08:30:00.000Z',
      '2027-07-01T09:15:00.000Z',
    ]);
    const none = parseSlotsForm({ debut: '11:50', duree: '20' }, summer);
    expect(none.ok).toBe(false);
    expect(!none.ok && none.errors.debut).toContain('aucun rendez-vous ne tient');
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
      [{ debut: '11:30', duree: '30', nombre: '2' }, 'nombre', 'celui de 12 h à 12 h 30 en sort'],
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
