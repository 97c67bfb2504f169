/**
 * SIRET cells as spreadsheets hold them: "123 456 789 00012", "123.456.789.00012", a number (Excel drops
 * nothing for 14 digits, but a leading zero of a 13-digit number was lost), or the scientific notation a
 * CSV export leaves behind ("1,23457E+13"), which has lost digits for good. The checks themselves (Luhn,
 * La Poste's exception) are the organizations capability's.
 */
import { siretProblem } from '../vocabulary/siret';
import { type CellValue, fail, ok, type Parsed } from './types';

/** Null when the cell is empty: the SIRET is optional in an import (the structure is then matched by name). */
export function parseSiret(cell: CellValue): Parsed<string | null> {
  if (cell === null || cell === '') return ok(null);
  if (typeof cell === 'boolean' || cell instanceof Date) return fail('SIRET illisible.');
  let digits: string;
  if (typeof cell === 'number') {
    if (!Number.isInteger(cell) || cell < 0) return fail(`SIRET illisible : « ${cell} ».`);
    digits = String(cell);
    if (digits.length === 13) digits = `0${digits}`;
  } else {
    const written = cell.trim();
    if (/^\d+(?:[.,]\d+)?e\+?\d+$/i.test(written.replace(/\s/g, ''))) {
      return fail(
        `SIRET abîmé par le tableur (« ${written} » en notation scientifique) : mettez la colonne au format Texte et saisissez les 14 chiffres.`,
      );
    }
    digits = written.replace(/[\s\u00a0\u202f.\-_]/g, '');
    if (!/^\d+$/.test(digits)) return fail(`Le SIRET ne doit contenir que des chiffres : « ${written} ».`);
  }
  if (digits.length === 9) {
    return fail(
      `« ${digits} » est un SIREN (9 chiffres) : il faut le SIRET de l'établissement (14 chiffres).`,
    );
  }
  if (digits.length !== 14) return fail(`Le SIRET doit compter 14 chiffres (${digits.length} trouvés).`);
  if (siretProblem(digits) !== null)
    return fail(`SIRET invalide : « ${digits} » (la clé de contrôle ne correspond pas).`);
  return ok(digits);
}
