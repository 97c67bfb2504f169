import { describe, expect, it } from 'vitest';
import { completeSiret, isValidSiret, normalizeSiret, siretProblem } from '../../server/vocabulary/siret';

describe('SIRET check', () => {
  it('accepts a Luhn-valid SIRET, with or without spaces', () => {
    expect(isValidSiret('73282932000074')).toBe(true);
    expect(isValidSiret('732 829 320 00074')).toBe(true);
    expect(isValidSiret('732\u00a0829\u00a0320\u00a000074')).toBe(true);
    expect(normalizeSiret(' 732 829 320 00074 ')).toBe('73282932000074');
  });

  it('refuses a SIRET whose Luhn sum is wrong', () => {
    expect(siretProblem('73282932000075')).toBe('checksum');
    expect(siretProblem('12345678901234')).toBe('checksum');
  });

  it('accepts La Poste establishments whose digits sum to a multiple of 5, even when Luhn fails', () => {
    // 3+5+6+1 = 15: a multiple of 5, and not Luhn-valid.
    expect(siretProblem('35600000000001')).toBeNull();
    expect(isValidSiret('35600000000001')).toBe(true);
    // La Poste's head office passes Luhn.
    expect(isValidSiret('35600000000048')).toBe(true);
    // Sum 16: neither rule.
    expect(siretProblem('35600000000002')).toBe('checksum');
  });

  it('does not extend the La Poste exception to other SIRENs', () => {
    // Sum 15 but not Luhn-valid, and not La Poste.
    expect(siretProblem('35600000100000')).toBe('checksum');
  });

  it('refuses wrong lengths and non-digits as a format problem', () => {
    expect(siretProblem('7328293200007')).toBe('format');
    expect(siretProblem('732829320000740')).toBe('format');
    expect(siretProblem('7328293200007A')).toBe('format');
    expect(siretProblem('')).toBe('format');
  });

  it('completes 13 digits into a valid SIRET', () => {
    const siret = completeSiret('1234567890123');
    expect(siret).toHaveLength(14);
    expect(isValidSiret(siret)).toBe(true);
  });
});
