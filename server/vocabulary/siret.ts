/**
 * SIRET checks, pure: 14 digits passing the Luhn algorithm; La Poste's establishments (SIREN
 * 356 000 000) are also valid when the sum of their 14 digits is a multiple of 5.
 */

const LA_POSTE_SIREN = '356000000';

/** Removes the spaces (and non-breaking spaces) people type between digit groups. */
export function normalizeSiret(input: string): string {
  return input.replace(/[\s\u00a0\u202f]/g, '');
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export type SiretProblem = 'format' | 'checksum';

/** Null when the (normalized) SIRET is valid, otherwise what is wrong with it. */
export function siretProblem(siret: string): SiretProblem | null {
  if (!/^\d{14}$/.test(siret)) return 'format';
  if (luhnValid(siret)) return null;
  if (siret.startsWith(LA_POSTE_SIREN)) {
    // La Poste's establishments share one SIREN; their NIC keeps the sum of the 14 digits a multiple of 5
    // (the head office, 356 000 000 00048, passes Luhn as well).
    const sum = [...siret].reduce((acc, d) => acc + Number(d), 0);
    if (sum % 5 === 0) return null;
  }
  return 'checksum';
}

export function isValidSiret(input: string): boolean {
  return siretProblem(normalizeSiret(input)) === null;
}

/** Completes 13 digits with the one check digit that makes them Luhn-valid (demo data and tests). */
export function completeSiret(first13: string): string {
  if (!/^\d{13}$/.test(first13)) throw new Error(`13 digits expected, got ${first13}`);
  for (let d = 0; d <= 9; d++) {
    if (luhnValid(first13 + d)) return first13 + d;
  }
  throw new Error('unreachable: one check digit always fits');
}
