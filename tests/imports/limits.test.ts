/**
 * The import limits (server/imports/limits.ts), checked before a spreadsheet is loaded: what each refusal
 * says, that the scan stops at the cap instead of reading on (the 1.5-million-row file, the zip bomb,
 * honest or lying about its size), that files just under the caps are read, and that a file which passes
 * the caps and still needs more memory than the worker may take kills the worker, not the process.
 */
import { describe, expect, it } from 'vitest';
import { IMPORT_LIMITS, ImportTooLarge } from '../../server/imports';
import { readSpreadsheet } from '../../server/imports/read';
import { createSheetReader, READ_WORKER_LIMITS } from '../../server/imports/read-pool';
import { scanXlsx } from '../../server/imports/xlsx-scan';
import { entry, manyRowsCsv, manyRowsXlsx, zipArchive, zipBombXlsx } from './fixtures/hostile';
import { fixture } from './support';

/** The refusal of reading `bytes`, or null when it is read. */
async function refusal(bytes: Uint8Array): Promise<ImportTooLarge | null> {
  try {
    await readSpreadsheet(bytes);
    return null;
  } catch (error) {
    if (error instanceof ImportTooLarge) return error;
    throw error;
  }
}

describe('XLSX limits', () => {
  it('refuses the 1.2 MB file of 1.5 million rows at its 20,001st row, without reading on', async () => {
    const file = manyRowsXlsx();
    expect(file.byteLength).toBeGreaterThan(1_100_000);
    expect(file.byteLength).toBeLessThan(1_300_000);
    const started = performance.now();
    const error = await refusal(file);
    expect(error?.limit).toBe('rows');
    expect(error?.message).toBe(
      'Le fichier compte plus de 20\u202f000 lignes (au moins 20\u202f001) : découpez-le en plusieurs fichiers, ou enregistrez seulement le tableau des besoins.',
    );
    // Not a timing assertion: a generous bound that reading 1.5 million rows (a minute) cannot meet.
    expect(performance.now() - started).toBeLessThan(15_000);
  });

  it('refuses a zip bomb from its declared size, and one that lies about it from what inflates', async () => {
    const honest = await refusal(zipBombXlsx());
    expect(honest?.limit).toBe('uncompressed');
    // Figures as French writes them, with a narrow no-break space between thousands.
    expect(honest?.message).toContain('se décompresse en 2\u202f600 Mo, plus que 100 Mo permis');
    const lying = await refusal(zipBombXlsx({ lie: true }));
    expect(lying?.limit).toBe('uncompressed');
    expect(lying?.message).toContain('se décompresse en plus de 100 Mo permis');
  });

  it('reads a sheet of 20,000 rows, and refuses one with a value at row 20,001 or past column 200', async () => {
    expect((await readSpreadsheet(manyRowsXlsx(IMPORT_LIMITS.rows, { references: true }))).rows).toHaveLength(
      IMPORT_LIMITS.rows,
    );
    expect((await refusal(manyRowsXlsx(IMPORT_LIMITS.rows + 1, { references: true })))?.limit).toBe('rows');
    const wide = `<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c><c r="GS1"><v>2</v></c></row></sheetData></worksheet>`;
    const error = await scanXlsx(zipArchive([entry('xl/worksheets/sheet1.xml', wide)])).catch((e) => e);
    expect(error).toBeInstanceOf(ImportTooLarge);
    expect(error.message).toContain('au-delà de la 200e colonne');
    // Styled empty cells far to the right (Excel writes them) hold no value: not a refusal.
    const styled = `<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c><c r="XFD1" s="3"/></row></sheetData></worksheet>`;
    expect(await scanXlsx(zipArchive([entry('xl/worksheets/sheet1.xml', styled)]))).toMatchObject({
      lastDataRow: 1,
      lastDataColumn: 1,
      cellElements: 2,
    });
  });

  it('scans a real workbook to its figures and leaves damaged ones to the damaged-file message', async () => {
    expect(await scanXlsx(fixture('diagnostic-belfort.xlsx'))).toMatchObject({
      lastDataRow: 11,
      lastDataColumn: 10,
    });
    await expect(readSpreadsheet(fixture('abime.xlsx'))).rejects.toThrow('illisible ou abîmé');
    await expect(readSpreadsheet(fixture('protege.xlsx'))).rejects.toThrow('mot de passe');
  });
});

describe('CSV limits', () => {
  it('refuses more than 20,000 lines holding values, quickly, and ignores blank lines at the end', async () => {
    expect((await refusal(manyRowsCsv(4_000_000)))?.limit).toBe('rows');
    expect((await readSpreadsheet(manyRowsCsv(IMPORT_LIMITS.rows - 1))).rows).toHaveLength(
      IMPORT_LIMITS.rows,
    );
    const trailing = Buffer.from(`a;b\n1;2\n${';;\n'.repeat(2_000_000)}`);
    const started = performance.now();
    expect((await readSpreadsheet(trailing)).rows).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    // Before, csv-parse took a minute over these lines; a generous bound, not a timing assertion.
    expect(performance.now() - started).toBeLessThan(15_000);
    expect((await refusal(Buffer.from(`a;b\n${';;\n'.repeat(30_000)}x;y\n`)))?.limit).toBe('rows');
  });

  it('refuses a value past the 200th column, and any file over 10 MB', async () => {
    expect((await refusal(Buffer.from(`a;b\n1;2\n${';'.repeat(200)}x\n`)))?.message).toContain(
      '200e colonne',
    );
    const big = await refusal(Buffer.alloc(IMPORT_LIMITS.fileBytes + 1, 0x61));
    expect(big?.message).toMatch(/^Le fichier dépasse 10 Mo/);
  });
});

describe('the reading worker', () => {
  it('runs under a heap limit; a file needing more kills the worker, not the process, then reads go on', async () => {
    expect(READ_WORKER_LIMITS.maxOldGenerationSizeMb).toBeLessThanOrEqual(512);
    const small = createSheetReader({
      resourceLimits: { maxOldGenerationSizeMb: 24, maxYoungGenerationSizeMb: 8 },
    });
    try {
      // Within the caps (19,000 rows of 20 cells) but more than a 24 MB heap holds.
      const heavy = manyRowsXlsx(19_000, { references: true, columns: 20 });
      const error = await small.read(heavy).catch((e) => e);
      expect(error).toBeInstanceOf(ImportTooLarge);
      expect(error.limit).toBe('memory');
      expect(error.message).toContain('trop lourd à lire');
      expect((await small.read(fixture('besoins-tab.csv'))).format).toBe('csv');
    } finally {
      await small.close();
    }
  }, 60_000);

  it('stops a read that outlasts its time limit', async () => {
    const slow = createSheetReader({ timeLimitMs: 1 });
    try {
      const error = await slow.read(manyRowsXlsx(19_000, { references: true })).catch((e) => e);
      expect(error).toBeInstanceOf(ImportTooLarge);
      expect(error.limit).toBe('time');
    } finally {
      await slow.close();
    }
  });
});
