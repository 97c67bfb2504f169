import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeSlots, parseDays } from '../../server/imports/parse-days';
import { SLOTS } from '../../server/matching/types';

const WEEKDAYS_ALL = SLOTS.filter((s) => !s.startsWith('sat'));

describe('parseDays', () => {
  it.each([
    ['lundi, mardi', ['mon-am', 'mon-pm', 'tue-am', 'tue-pm']],
    ['Lundi et Mardi', ['mon-am', 'mon-pm', 'tue-am', 'tue-pm']],
    ['lundi au jeudi', ['mon-am', 'mon-pm', 'tue-am', 'tue-pm', 'wed-am', 'wed-pm', 'thu-am', 'thu-pm']],
    ['du lundi au jeudi', ['mon-am', 'mon-pm', 'tue-am', 'tue-pm', 'wed-am', 'wed-pm', 'thu-am', 'thu-pm']],
    ['lundi-mercredi', ['mon-am', 'mon-pm', 'tue-am', 'tue-pm', 'wed-am', 'wed-pm']],
    ['lundi à mercredi', ['mon-am', 'mon-pm', 'tue-am', 'tue-pm', 'wed-am', 'wed-pm']],
    ['jeudi matin', ['thu-am']],
    ['Jeudi Matin', ['thu-am']],
    ['lundi au vendredi après-midi', ['mon-pm', 'tue-pm', 'wed-pm', 'thu-pm', 'fri-pm']],
    ['lundi au vendredi apres midi', ['mon-pm', 'tue-pm', 'wed-pm', 'thu-pm', 'fri-pm']],
    ['lun. mar. mer.', ['mon-am', 'mon-pm', 'tue-am', 'tue-pm', 'wed-am', 'wed-pm']],
    ['mardi et jeudi matin', ['tue-am', 'thu-am']],
    ['lundi, mardi matin', ['mon-am', 'mon-pm', 'tue-am']],
    ['tous les matins', ['mon-am', 'tue-am', 'wed-am', 'thu-am', 'fri-am']],
    ["tous les jours l'après-midi", ['mon-pm', 'tue-pm', 'wed-pm', 'thu-pm', 'fri-pm']],
    ['lundi matin, mercredi après-midi', ['mon-am', 'wed-pm']],
    ['lundi matin et après-midi, jeudi', ['mon-am', 'mon-pm', 'thu-am', 'thu-pm']],
    ['L M J', ['mon-am', 'mon-pm', 'tue-am', 'tue-pm', 'thu-am', 'thu-pm']],
    ['L, M, M, J, V', WEEKDAYS_ALL],
    ['lundi 9h-12h, mardi 14h-17h', ['mon-am', 'tue-pm']],
    ['jeudi 8h30-16h30', ['thu-am', 'thu-pm']],
    [
      'du lundi au vendredi sauf mercredi',
      ['mon-am', 'mon-pm', 'tue-am', 'tue-pm', 'thu-am', 'thu-pm', 'fri-am', 'fri-pm'],
    ],
    ['sauf le mercredi après-midi', WEEKDAYS_ALL.filter((s) => s !== 'wed-pm')],
    ['samedi matin', ['sat-am']],
    ['indifférent', WEEKDAYS_ALL],
    ['au choix', WEEKDAYS_ALL],
    ['mardi / jeudi', ['tue-am', 'tue-pm', 'thu-am', 'thu-pm']],
    ['mercredi journée', ['wed-am', 'wed-pm']],
    ['lundi\nmardi matin', ['mon-am', 'mon-pm', 'tue-am']],
    ['lundi, mercredi, vendredi (8h-12h)', ['mon-am', 'wed-am', 'fri-am']],
    ['lundi, mardi (après-midi)', ['mon-pm', 'tue-pm']],
    ['Lu, Ma, Je', ['mon-am', 'mon-pm', 'tue-am', 'tue-pm', 'thu-am', 'thu-pm']],
    ['Mardi : matin ; jeudi : après-midi', ['tue-am', 'thu-pm']],
    ['Lundi après midi + mardi matin', ['mon-pm', 'tue-am']],
    ['les lundis et jeudis', ['mon-am', 'mon-pm', 'thu-am', 'thu-pm']],
  ])('reads %j', (text, slots) => {
    expect(parseDays(text)).toMatchObject({ ok: true, value: { slots, halfDays: null } });
  });

  it.each([
    ['3 demi-journées', 3, WEEKDAYS_ALL],
    ['2 jours par semaine', 4, WEEKDAYS_ALL],
    ['2 matins', 2, ['mon-am', 'tue-am', 'wed-am', 'thu-am', 'fri-am']],
    [
      '4 demi-journées : lundi, mardi, jeudi',
      4,
      ['mon-am', 'mon-pm', 'tue-am', 'tue-pm', 'thu-am', 'thu-pm'],
    ],
  ])('reads the count in %j', (text, halfDays, slots) => {
    expect(parseDays(text)).toMatchObject({ ok: true, value: { slots, halfDays } });
  });

  it('gives nothing for an empty cell, so that the caller decides', () => {
    expect(parseDays(null)).toMatchObject({ ok: true, value: { slots: [], halfDays: null } });
  });

  it('explains single-letter days and ignored words', () => {
    const letters = parseDays('L M J');
    expect(letters.ok && letters.warnings.join()).toContain('lundi, mardi, jeudi');
    const extra = parseDays('lundi selon planning');
    expect(extra).toMatchObject({ ok: true, value: { slots: ['mon-am', 'mon-pm'] } });
    expect(extra.ok && extra.warnings.join()).toContain('planning');
  });

  it.each([
    ['selon les besoins', 'illisibles'],
    ['dimanche', 'dimanche'],
    ['vendredi au lundi', "l'envers"],
    [12, 'illisibles'],
  ])('refuses %j', (text, fragment) => {
    const parsed = parseDays(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toContain(fragment);
  });

  it('reads back any set of slots written out in words', () => {
    fc.assert(
      fc.property(fc.subarray([...SLOTS], { minLength: 1 }), (slots) => {
        expect(parseDays(describeSlots(slots))).toMatchObject({ ok: true, value: { slots } });
      }),
    );
  });
});
