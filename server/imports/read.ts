/**
 * Reads an uploaded file into a grid of cells, whatever it is: XLSX, CSV, or something else that gets a
 * clear French message (an ImportFileError) instead of a crash; a file past IMPORT_LIMITS gets an
 * ImportTooLarge saying what is too big, before it is loaded. exceljs (a quarter of a second and 30 MB to
 * load) is imported on the first XLSX only. The web process and `npm run import` call this through
 * read-pool.ts, in a worker thread with a memory limit.
 */
import { ImportFileError } from './errors';
import { IMPORT_LIMITS, ImportTooLarge } from './limits';
import { type CsvEncoding, type CsvSeparator, readCsv } from './read-csv';
import type { CellValue } from './types';
import { scanXlsx } from './xlsx-scan';

export interface Sheet {
  format: 'xlsx' | 'csv';
  sheetName: string | null;
  /** Rows from the first line of the file, trailing empty rows and columns removed. */
  rows: CellValue[][];
  merged: Set<string>;
  separator?: CsvSeparator;
  encoding?: CsvEncoding;
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return signature.every((byte, i) => bytes[i] === byte);
}

function includesAscii(bytes: Uint8Array, text: string, limit: number): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, limit)).includes(
    text,
    0,
    'latin1',
  );
}

export async function readSpreadsheet(bytes: Uint8Array): Promise<Sheet> {
  if (bytes.byteLength === 0) throw new ImportFileError('Le fichier est vide.');
  if (bytes.byteLength > IMPORT_LIMITS.fileBytes) throw new ImportTooLarge('file', bytes.byteLength);
  let sheet: Sheet;
  if (startsWith(bytes, ZIP)) {
    if (includesAscii(bytes, 'application/vnd.oasis.opendocument', 200)) {
      throw new ImportFileError(
        'Les fichiers OpenDocument (.ods) ne sont pas lus : enregistrez-le au format Excel (.xlsx) ou CSV.',
      );
    }
    await scanXlsx(bytes);
    const { readXlsx } = await import('./read-xlsx');
    const xlsx = await readXlsx(bytes);
    sheet = { format: 'xlsx', sheetName: xlsx.sheetName, rows: xlsx.rows, merged: xlsx.merged };
  } else if (startsWith(bytes, OLE)) {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (buffer.includes(Buffer.from('EncryptedPackage', 'utf16le'))) {
      throw new ImportFileError(
        'Le fichier est protégé par un mot de passe : enregistrez-en une copie sans mot de passe puis envoyez-la.',
      );
    }
    throw new ImportFileError(
      "L'ancien format Excel 97-2003 (.xls) n'est pas lu : enregistrez le fichier au format .xlsx ou CSV.",
    );
  } else if (includesAscii(bytes, '%PDF', 4)) {
    throw new ImportFileError("Un PDF n'est pas un tableur : envoyez un fichier Excel (.xlsx) ou CSV.");
  } else {
    const csv = readCsv(bytes);
    sheet = {
      format: 'csv',
      sheetName: null,
      rows: csv.rows,
      merged: new Set(),
      separator: csv.separator,
      encoding: csv.encoding,
    };
  }
  sheet.rows = trimGrid(sheet.rows);
  if (sheet.rows.length === 0) throw new ImportFileError('Le fichier ne contient aucune donnée.');
  return sheet;
}

/** Removes trailing empty rows and the columns that are empty on every row. */
export function trimGrid(rows: CellValue[][]): CellValue[][] {
  let lastRow = rows.length - 1;
  while (lastRow >= 0 && !rows[lastRow].some((cell) => cell !== null)) lastRow--;
  const kept = rows.slice(0, lastRow + 1);
  let width = 0;
  for (const row of kept) {
    for (let c = row.length - 1; c >= width; c--) {
      if (row[c] !== null) {
        width = c + 1;
        break;
      }
    }
  }
  return kept.map((row) => Array.from({ length: width }, (_, c) => row[c] ?? null));
}
