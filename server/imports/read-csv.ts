/**
 * CSV as people's tools write it: separator `;` (French Excel), `,` or tab, detected from the first lines;
 * UTF-8 with or without BOM, UTF-16 with BOM, or Windows-1252 when the bytes are not valid UTF-8
 * (French Excel's "CSV (séparateur : point-virgule)"); quoted fields with separators and line breaks.
 */
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { ImportFileError } from './errors';
import { IMPORT_LIMITS, ImportTooLarge } from './limits';
import type { CellValue } from './types';

export type CsvEncoding = 'utf-8' | 'utf-16' | 'windows-1252';
export type CsvSeparator = ';' | ',' | '\t';

export function decodeText(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) {
    return { text: decodeUtf8OrWindows(buffer.subarray(3)).text, encoding: 'utf-8' };
  }
  if (buffer[0] === 0xff && buffer[1] === 0xfe)
    return { text: iconv.decode(buffer.subarray(2), 'utf-16le'), encoding: 'utf-16' };
  if (buffer[0] === 0xfe && buffer[1] === 0xff)
    return { text: iconv.decode(buffer.subarray(2), 'utf-16be'), encoding: 'utf-16' };
  return decodeUtf8OrWindows(buffer);
}

function decodeUtf8OrWindows(buffer: Buffer): { text: string; encoding: CsvEncoding } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buffer), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(buffer, 'win1252'), encoding: 'windows-1252' };
  }
}

/** Separator occurrences outside quotes on each of the first non-empty lines. */
function countsPerLine(text: string, separator: string, maxLines: number): number[] {
  const counts: number[] = [];
  let inQuotes = false;
  let count = 0;
  let lineHasContent = false;
  for (let i = 0; i < text.length && counts.length < maxLines; i++) {
    const char = text[i];
    if (char === '"') inQuotes = !inQuotes;
    else if (!inQuotes && char === separator) count++;
    else if (!inQuotes && (char === '\n' || char === '\r')) {
      if (lineHasContent) counts.push(count);
      count = 0;
      lineHasContent = false;
      continue;
    }
    if (char.trim() !== '') lineHasContent = true;
  }
  if (lineHasContent && counts.length < maxLines) counts.push(count);
  return counts;
}

/**
 * The separator that splits the most lines into the same number (≥ 2) of fields; title lines above the
 * header have none, so the score counts the lines agreeing with the most common count.
 */
export function detectSeparator(text: string): CsvSeparator {
  let best: { separator: CsvSeparator; score: number } = { separator: ';', score: -1 };
  for (const separator of [';', '\t', ','] as CsvSeparator[]) {
    const counts = countsPerLine(text, separator, 30).filter((n) => n > 0);
    const frequency = new Map<number, number>();
    for (const n of counts) frequency.set(n, (frequency.get(n) ?? 0) + 1);
    let score = 0;
    for (const [n, times] of frequency) score = Math.max(score, times * 1000 + n);
    if (score > best.score) best = { separator, score };
  }
  return best.separator;
}

export interface CsvSheet {
  rows: CellValue[][];
  separator: CsvSeparator;
  encoding: CsvEncoding;
}

/**
 * Reads the records, refusing (ImportTooLarge) a file with values past IMPORT_LIMITS' last row or
 * column. Blank lines at the end (Excel exports styled empty rows as `;;;`) are cut first, so that the
 * parser can stop at the first record past the limit: ten megabytes of `;;` lines would otherwise cost a
 * minute (csv-parse builds an error object for each record whose length differs from the first's).
 */
export function readCsv(bytes: Uint8Array): CsvSheet {
  const { text, encoding } = decodeText(bytes);
  if (hasBinaryBytes(text.slice(0, 4096))) {
    throw new ImportFileError("Ce fichier n'est pas un tableur : envoyez un fichier Excel (.xlsx) ou CSV.");
  }
  const separator = detectSeparator(text);
  let records: string[][];
  try {
    records = parse(withoutTrailingBlankLines(text, separator), {
      delimiter: separator,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      to: IMPORT_LIMITS.rows + 1,
      on_record: (record: string[]) => {
        const width = lastFilled(record);
        if (width > IMPORT_LIMITS.columns) throw new ImportTooLarge('columns', width);
        return record;
      },
    }) as string[][];
  } catch (error) {
    if (error instanceof ImportTooLarge) throw error;
    const line = (error as { lines?: number }).lines;
    throw new ImportFileError(
      `Le fichier CSV est mal formé${line ? ` vers la ligne ${line}` : ''} (guillemet non refermé ?).`,
    );
  }
  if (records.length > IMPORT_LIMITS.rows) throw new ImportTooLarge('rows', records.length);
  const rows = records.map((record) => record.map((cell) => (cell.trim() === '' ? null : cell)));
  return { rows, separator, encoding };
}

/** The text up to the end of its last line holding more than separators and white space. */
export function withoutTrailingBlankLines(text: string, separator: CsvSeparator): string {
  const blank = ` \t\r\n\f${separator}`;
  let end = text.length;
  while (end > 0 && blank.includes(text[end - 1])) end--;
  const newline = text.indexOf('\n', end);
  return newline === -1 ? text : text.slice(0, newline + 1);
}

/** 1 + the index of the last field holding more than spaces; 0 for an empty record. */
function lastFilled(record: string[]): number {
  for (let i = record.length - 1; i >= 0; i--) if (record[i].trim() !== '') return i + 1;
  return 0;
}

/** Control characters other than tab and line breaks mean a binary file, not text. */
function hasBinaryBytes(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c) return true;
  }
  return false;
}
