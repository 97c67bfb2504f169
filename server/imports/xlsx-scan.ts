/**
 * Checks an XLSX against IMPORT_LIMITS before exceljs loads it (exceljs builds the whole workbook in
 * memory: a million rows cost gigabytes and a minute). First the sizes the central directory declares;
 * then every entry is inflated as a stream, its bytes counted (a zip bomb may declare a few kilobytes)
 * and nothing kept, and each worksheet's XML is scanned for its rows and cells. The scan stops at the
 * first cap passed, so the 1.5-million-row file is refused after its first 20,001 rows.
 */
import { createInflateRaw } from 'node:zlib';
import { DAMAGED_XLSX, ImportFileError } from './errors';
import { IMPORT_LIMITS, ImportTooLarge } from './limits';
import { type ZipItem, zipDirectory } from './zip-directory';

export interface XlsxScan {
  entries: number;
  uncompressedBytes: number;
  rowElements: number;
  cellElements: number;
  /** The largest last row and last column holding a value, over the worksheets. */
  lastDataRow: number;
  lastDataColumn: number;
}

const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/i;
/** The elements that matter, with or without a namespace prefix: rows, cells, and a cell's value. */
const TAG = /<(\/?)(?:[A-Za-z_][\w.-]*:)?(row|c|v|is)(?=[\s/>])([^>]*)>/g;
const REFERENCE = /(?:^|\s)r\s*=\s*["']([^"']*)["']/;
/** A tag longer than this is no row or cell: its start is dropped rather than kept growing. */
const MAX_CARRY = 1 << 20;

function columnOf(reference: string): number | null {
  const letters = /^([A-Za-z]{1,3})\d*$/.exec(reference)?.[1];
  if (!letters) return null;
  let column = 0;
  for (const letter of letters.toUpperCase()) column = column * 26 + (letter.charCodeAt(0) - 64);
  return column;
}

/** Follows one worksheet's XML, chunk by chunk, and throws as soon as a cap is passed. */
class SheetScanner {
  private carry = '';
  private row = 0;
  private column = 0;
  private rowHasValue = false;

  constructor(private readonly totals: XlsxScan) {}

  push(text: string) {
    const all = this.carry + text;
    const open = all.lastIndexOf('<');
    const cut = open > all.lastIndexOf('>') ? open : all.length;
    this.carry = all.length - cut > MAX_CARRY ? '' : all.slice(cut);
    const body = all.slice(0, cut);
    TAG.lastIndex = 0;
    for (let m = TAG.exec(body); m; m = TAG.exec(body)) this.tag(m[1] === '/', m[2], m[3]);
  }

  private tag(closing: boolean, name: string, attributes: string) {
    const selfClosing = attributes.endsWith('/');
    if (name === 'row') {
      if (closing) return this.endRow();
      this.endRow();
      const reference = REFERENCE.exec(attributes)?.[1];
      this.row = reference && /^\d{1,9}$/.test(reference) ? Number(reference) : this.row + 1;
      this.column = 0;
      if (++this.totals.rowElements > IMPORT_LIMITS.rowElements)
        throw new ImportTooLarge('rows', this.totals.rowElements);
      if (selfClosing) this.endRow();
    } else if (name === 'c' && !closing) {
      const reference = REFERENCE.exec(attributes)?.[1];
      this.column = (reference && columnOf(reference)) || this.column + 1;
      if (++this.totals.cellElements > IMPORT_LIMITS.cellElements) throw new ImportTooLarge('cells');
    } else if ((name === 'v' || name === 'is') && !closing) {
      this.rowHasValue = true;
      if (this.column > IMPORT_LIMITS.columns) throw new ImportTooLarge('columns', this.column);
      this.totals.lastDataColumn = Math.max(this.totals.lastDataColumn, this.column);
    }
  }

  private endRow() {
    if (!this.rowHasValue) return;
    this.rowHasValue = false;
    if (this.row > IMPORT_LIMITS.rows) throw new ImportTooLarge('rows', this.row);
    this.totals.lastDataRow = Math.max(this.totals.lastDataRow, this.row);
  }

  end() {
    this.endRow();
  }
}

/** Inflates one entry as a stream, handing each chunk to `onChunk`; resolves with the bytes inflated. */
function inflateEntry(
  bytes: Buffer,
  item: ZipItem,
  budget: number,
  onChunk: (chunk: Buffer) => void,
): Promise<number> {
  const data = bytes.subarray(item.dataOffset, item.dataOffset + item.compressedSize);
  if (item.method === 0) {
    if (data.length > budget) return Promise.reject(new ImportTooLarge('uncompressed'));
    for (let at = 0; at < data.length; at += 65_536) onChunk(data.subarray(at, at + 65_536));
    return Promise.resolve(data.length);
  }
  if (item.method !== 8) return Promise.reject(new ImportFileError(DAMAGED_XLSX));
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw();
    let inflated = 0;
    const fail = (error: Error) => {
      inflate.destroy();
      reject(error);
    };
    inflate.on('data', (chunk: Buffer) => {
      inflated += chunk.length;
      if (inflated > budget) return fail(new ImportTooLarge('uncompressed'));
      try {
        onChunk(chunk);
      } catch (error) {
        fail(error as Error);
      }
    });
    inflate.on('error', () => fail(new ImportFileError(DAMAGED_XLSX)));
    inflate.on('end', () => resolve(inflated));
    inflate.end(data);
  });
}

/** Throws ImportTooLarge (what is too big) or ImportFileError (damaged); otherwise the figures. */
export async function scanXlsx(bytes: Uint8Array): Promise<XlsxScan> {
  const items = zipDirectory(bytes);
  const declared = items.reduce((sum, item) => sum + item.uncompressedSize, 0);
  if (declared > IMPORT_LIMITS.uncompressedBytes) throw new ImportTooLarge('uncompressed', declared);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const totals: XlsxScan = {
    entries: items.length,
    uncompressedBytes: 0,
    rowElements: 0,
    cellElements: 0,
    lastDataRow: 0,
    lastDataColumn: 0,
  };
  for (const item of items) {
    const scanner = WORKSHEET.test(item.name) ? new SheetScanner(totals) : null;
    const budget = IMPORT_LIMITS.uncompressedBytes - totals.uncompressedBytes;
    const inflated = await inflateEntry(buffer, item, budget, (chunk) =>
      scanner?.push(chunk.toString('latin1')),
    );
    scanner?.end();
    // A directory that understates an entry is a lie or a damaged file; either way exceljs must not see it.
    if (inflated !== item.uncompressedSize) throw new ImportFileError(DAMAGED_XLSX);
    totals.uncompressedBytes += inflated;
  }
  return totals;
}
