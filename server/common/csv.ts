/**
 * Every CSV the site writes (the indicators, the session sheet, the import template) goes through
 * `toCsv`, with csv-stringify (the project of the csv-parse we read imports with) and one convention,
 * the one French Excel opens as it is, with a double click:
 * - `;` between cells: Excel takes the list separator of the system's regional settings, which is `;`
 *   in French since the comma is the decimal separator (numbers are written with a decimal comma);
 * - UTF-8 with a byte order mark: without it Excel reads the file as Windows-1252 and garbles accents
 *   (a `sep=;` line instead would show up as a row in every other program);
 * - CRLF between records (RFC 4180), cells quoted only when they hold `;`, `"` or a line break.
 *
 * The formula guard (OWASP, "CSV Injection"): a cell that starts with `=`, `+`, `-`, `@`, a tab or a
 * carriage return (or their full-width forms, which some spreadsheets normalise) would be evaluated as
 * a formula by a spreadsheet (`=HYPERLINK(…)`, `@SUM(…)`, DDE). It is written behind an apostrophe, so
 * that it is shown as text: csv-stringify's `escape_formulas`, on for every file here. Numbers given as
 * numbers are ours, not typed by anyone: a negative one keeps its minus.
 */
import { stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | null | undefined;

/** csv-parse reads a file back with `{ delimiter: ';', bom: true }`. */
const WRITE_OPTIONS = {
  delimiter: ';',
  bom: true,
  record_delimiter: 'windows',
  // Quote a lone LF or CR too (csv-stringify stops looking for them once a record delimiter is set):
  // a spreadsheet would start a new row there.
  quote_record_delimiter: true,
  escape_formulas: true,
  cast: { number: (value: number) => String(value).replace('.', ',') },
} as const;

/** Rows of cells (the first one usually the French headers) as a whole CSV file, BOM included. */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return stringify(rows as CsvCell[][], WRITE_OPTIONS);
}
