/**
 * XLSX through exceljs: the first worksheet holding data; cells as plain values (rich text joined,
 * formulas replaced by their cached result, hyperlinks by their text, error values emptied). Merged
 * cells read as their top-left value in every cell of the range (exceljs does this), which fills a
 * structure name merged down several need rows; the set of merged positions is kept for two-row headers.
 */
import ExcelJS from 'exceljs';
import { DAMAGED_XLSX, ImportFileError } from './errors';
import type { CellValue } from './types';

export interface XlsxSheet {
  sheetName: string;
  rows: CellValue[][];
  /** "row:column" (0-based) of every cell inside a merged range. */
  merged: Set<string>;
}

export function plainValue(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (Array.isArray(object.richText)) {
      return plainValue((object.richText as { text?: string }[]).map((part) => part.text ?? '').join(''));
    }
    if ('formula' in object || 'sharedFormula' in object) return plainValue(object.result);
    if ('hyperlink' in object) return plainValue(object.text);
    if ('error' in object) return null;
    if ('text' in object) return plainValue(object.text);
  }
  return null;
}

export async function readXlsx(bytes: Uint8Array): Promise<XlsxSheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs' typings ask for its own Buffer type; a Node Buffer is what it reads.
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch {
    throw new ImportFileError(DAMAGED_XLSX);
  }
  for (const worksheet of workbook.worksheets) {
    const rows: CellValue[][] = [];
    const merged = new Set<string>();
    worksheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
      const values: CellValue[] = [];
      row.eachCell({ includeEmpty: true }, (cell, columnNumber) => {
        values[columnNumber - 1] = plainValue(cell.value);
        if (cell.isMerged) merged.add(`${rowNumber - 1}:${columnNumber - 1}`);
      });
      rows[rowNumber - 1] = Array.from(values, (v) => v ?? null);
    });
    const filled = Array.from(rows, (row) => row ?? []);
    if (filled.some((row) => row.some((cell) => cell !== null))) {
      return { sheetName: worksheet.name, rows: filled, merged };
    }
  }
  throw new ImportFileError('Le classeur ne contient aucune donnée.');
}
