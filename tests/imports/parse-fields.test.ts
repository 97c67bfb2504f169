import { describe, expect, it } from 'vitest';
import {
  cellText,
  findRomeCode,
  parseHalfDayCount,
  parsePostalCode,
  parseTravelKm,
  splitPlace,
} from '../../server/imports/parse-misc';
import { parseSiret } from '../../server/imports/parse-siret';
import { completeSiret } from '../../server/vocabulary/siret';

const VALID = completeSiret('8123456780001');
// La Poste's establishments: SIREN 356 000 000, valid when the digits add up to a multiple of 5.
const LA_POSTE = '35600000000048';

describe('parseSiret', () => {
  it.each([
    [VALID, VALID],
    [`${VALID.slice(0, 3)} ${VALID.slice(3, 6)} ${VALID.slice(6, 9)} ${VALID.slice(9)}`, VALID],
    [`${VALID.slice(0, 3)}.${VALID.slice(3, 6)}.${VALID.slice(6, 9)}.${VALID.slice(9)}`, VALID],
    [`\u00a0${VALID}\u00a0`, VALID],
    [Number(VALID), VALID],
    [LA_POSTE, LA_POSTE],
  ])('accepts %j', (cell, siret) => {
    expect(parseSiret(cell)).toMatchObject({ ok: true, value: siret });
  });

  it('accepts an empty cell as no SIRET', () => {
    expect(parseSiret(null)).toMatchObject({ ok: true, value: null });
  });

  it('restores the leading zero a number cell lost', () => {
    const withZero = completeSiret('0123456780001');
    expect(parseSiret(Number(withZero))).toMatchObject({ ok: true, value: withZero });
  });

  it.each([
    ['12345678900011', 'clé de contrôle'],
    ['35600000000049', 'clé de contrôle'],
    ['812345678', 'SIREN'],
    ['8123456780', '14 chiffres (10 trouvés)'],
    ['1,23457E+13', 'notation scientifique'],
    ['SIRET en cours', 'que des chiffres'],
  ])('refuses %j', (cell, fragment) => {
    const parsed = parseSiret(cell);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toContain(fragment);
  });
});

describe('small field parsers', () => {
  it.each([
    ['90000', '90000'],
    [90000, '90000'],
    ['90 000', '90000'],
    [1000, '01000'],
    ['CP 25000', '25000'],
  ])('postal code %j → %s', (cell, code) => {
    expect(parsePostalCode(cell)).toMatchObject({ ok: true, value: code });
  });

  it('refuses a postal code that is not one', () => {
    expect(parsePostalCode('Belfort').ok).toBe(false);
  });

  it('splits a place written in one cell', () => {
    expect(splitPlace('90000 Belfort')).toEqual({ postalCode: '90000', name: 'Belfort' });
    expect(splitPlace('Belfort (90)')).toEqual({ postalCode: null, name: 'Belfort' });
    expect(splitPlace('Besançon CEDEX 3')).toEqual({ postalCode: null, name: 'Besançon' });
  });

  it.each([
    ['25', 25],
    ['25 km', 25],
    ['30km', 30],
    [15, 15],
    ['max 40 km', 40],
    [null, null],
  ])('distance %j → %j', (cell, km) => {
    expect(parseTravelKm(cell)).toMatchObject({ ok: true, value: km });
  });

  it('refuses a distance that is not one', () => {
    expect(parseTravelKm('loin').ok).toBe(false);
  });

  it('finds ROME codes inside titles', () => {
    expect(findRomeCode('M1203 - Comptabilité')).toBe('M1203');
    expect(findRomeCode('Comptable (m1203)')).toBe('M1203');
    expect(findRomeCode('Comptable')).toBeNull();
  });

  it('reads half-day counts', () => {
    expect(parseHalfDayCount('4')).toMatchObject({ ok: true, value: 4 });
    expect(parseHalfDayCount('4 demi-journées')).toMatchObject({ ok: true, value: 4 });
    expect(parseHalfDayCount('13').ok).toBe(false);
  });

  it('writes cells as text', () => {
    expect(cellText(new Date(Date.UTC(2026, 8, 1)))).toBe('01/09/2026');
    expect(cellText('  Ressourcerie\u00a0 du Lion ')).toBe('Ressourcerie du Lion');
    expect(cellText(14.5)).toBe('14.5');
  });
});
