/** French typography helpers (server/common/french.ts): elision, plurals, decimal commas, collation. */
import { describe, expect, it } from 'vitest';
import { elide, frenchCompare, frenchNumber, plural } from '../../server/common/french';

describe('elide', () => {
  it('elides de, le, la and que before a vowel, accented or not, and before a mute h', () => {
    expect(elide('de', 'Atelier Lion Vert')).toBe('d’Atelier Lion Vert');
    expect(elide('de', 'Écluse')).toBe('d’Écluse');
    expect(elide('le', 'Atelier')).toBe('l’Atelier');
    expect(elide('la', 'Association Emmaüs')).toBe('l’Association Emmaüs');
    expect(elide('que', 'Emmaüs')).toBe('qu’Emmaüs');
    expect(elide('de', 'Habitat et Humanisme')).toBe('d’Habitat et Humanisme');
    expect(elide('de', 'Hôpital du Mont')).toBe('d’Hôpital du Mont');
  });
  it('keeps the word before a consonant, an aspirated h, or nothing', () => {
    expect(elide('de', 'Régie de quartier')).toBe('de Régie de quartier');
    expect(elide('de', 'La Régie')).toBe('de La Régie');
    expect(elide('de', 'Halles solidaires')).toBe('de Halles solidaires');
    expect(elide('de', 'Hauts de Belfort')).toBe('de Hauts de Belfort');
    expect(elide('pour', 'Atelier')).toBe('pour Atelier');
  });
  it('keeps the capital of the word', () => {
    expect(elide('De', 'Atelier')).toBe('D’Atelier');
  });
});

describe('plural', () => {
  it('is singular below 2, as in French, and takes a given plural form', () => {
    expect(plural(0, 'structure')).toBe('0 structure');
    expect(plural(1, 'structure')).toBe('1 structure');
    expect(plural(2, 'structure membre', 'structures membres')).toBe('2 structures membres');
    expect(plural(1.5, 'heure')).toBe('1,5 heure');
  });
});

describe('frenchNumber', () => {
  it('writes a decimal comma and groups thousands', () => {
    expect(frenchNumber(7.6)).toBe('7,6');
    expect(frenchNumber(17.5)).toBe('17,5');
    expect(frenchNumber(12)).toBe('12');
    expect(frenchNumber(7.64)).toBe('7,6');
    expect(frenchNumber(1234.5)).toBe('1\u202f234,5');
    expect(frenchNumber(null)).toBe('');
  });
});

describe('frenchCompare', () => {
  it('puts accented and lower-case names in their place', () => {
    expect(['Zèbre', 'Écluse', 'atelier', 'Eau', 'Abeille'].sort(frenchCompare)).toEqual([
      'Abeille',
      'atelier',
      'Eau',
      'Écluse',
      'Zèbre',
    ]);
  });
});
