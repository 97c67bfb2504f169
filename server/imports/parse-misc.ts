/** Small cell parsers: plain text, postal codes, travel distance, ROME codes, half-day counts. */
import { cleanSpaces } from './text';
import { type CellValue, fail, ok, type Parsed } from './types';

/** A cell as text for names, titles and comments (numbers without trailing zeros, dates as dd/mm/yyyy). */
export function cellText(cell: CellValue): string {
  if (cell === null) return '';
  if (cell instanceof Date) {
    const iso = cell.toISOString();
    return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
  }
  if (typeof cell === 'boolean') return cell ? 'oui' : 'non';
  return cleanSpaces(String(cell));
}

/**
 * "90000", "90 000", 90000, and 1000 for "01000" (Excel drops the leading zero of Ain's codes). Also
 * accepts the Corsican "20000" range; null when empty.
 */
export function parsePostalCode(cell: CellValue): Parsed<string | null> {
  if (cell === null || cell === '') return ok(null);
  const text = typeof cell === 'number' ? String(cell) : cellText(cell).replace(/\s/g, '');
  if (/^\d{4}$/.test(text)) return ok(`0${text}`);
  if (/^\d{5}$/.test(text)) return ok(text);
  const inside = text.match(/(?<!\d)(\d{5})(?!\d)/);
  if (inside) return ok(inside[1]);
  return fail(`Code postal illisible : « ${cellText(cell)} » (5 chiffres attendus).`);
}

/** Splits "90000 Belfort", "Belfort (90000)" or "Belfort 90000" into a postal code and a name. */
export function splitPlace(text: string): { postalCode: string | null; name: string } {
  const m = text.match(/(?<!\d)(\d{5})(?!\d)/);
  const name = cleanSpaces(
    text
      .replace(/(?<!\d)\d{5}(?!\d)/, ' ')
      .replace(/\(\s*\d{2,3}\s*\)/, ' ')
      .replace(/\bcedex\b(?:\s*\d+)?/i, ' ')
      .replace(/[()]/g, ' ')
      .replace(/^[\s,–-]+|[\s,–-]+$/g, ''),
  );
  return { postalCode: m ? m[1] : null, name };
}

/** "25", "25 km", "25km", 25 → kilometres; null when empty. */
export function parseTravelKm(cell: CellValue): Parsed<number | null> {
  if (cell === null || cell === '') return ok(null);
  if (typeof cell === 'number')
    return cell > 0 && cell <= 1000 ? ok(cell) : fail(`Distance illisible : « ${cell} ».`);
  const text = cellText(cell).toLowerCase().replace(',', '.');
  const m = text.match(/^(?:max(?:imum)?\.?\s*)?(\d+(?:\.\d+)?)\s*(?:km|kms|kilometres?|kilomètres?)?$/);
  if (!m || Number(m[1]) <= 0)
    return fail(`Distance illisible : « ${cellText(cell)} » (exemple : « 25 km »).`);
  return ok(Number(m[1]));
}

const ROME_CODE = /\b([A-Z]\d{4})\b/i;

/** The ROME code written in a cell ("M1203", "M1203 - Comptabilité"), or null. */
export function findRomeCode(text: string): string | null {
  const m = text.match(ROME_CODE);
  return m ? m[1].toUpperCase() : null;
}

/** "4", 4, "4 demi-journées" → 4; null when empty. */
export function parseHalfDayCount(cell: CellValue): Parsed<number | null> {
  if (cell === null || cell === '') return ok(null);
  const text = cellText(cell);
  const m = text.match(/^(\d{1,2})(?:\s*(?:demi[\s-]*journ[ée]es?|1\/2\s*journ[ée]es?|dj))?$/i);
  if (!m || Number(m[1]) < 1 || Number(m[1]) > 12) {
    return fail(`Nombre de demi-journées illisible : « ${text} » (entre 1 et 12).`);
  }
  return ok(Number(m[1]));
}
