import ExcelJS from 'exceljs';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../../server/imports';
import { readSpreadsheet, trimGrid } from '../../server/imports/read';
import { decodeText, detectSeparator, readCsv } from '../../server/imports/read-csv';
import { fixture, testLookups } from './support';

describe('readSpreadsheet on XLSX', () => {
  it('reads the first sheet holding data, with rich text, formulas, dates and merged cells', async () => {
    const sheet = await readSpreadsheet(fixture('diagnostic-belfort.xlsx'));
    expect(sheet.format).toBe('xlsx');
    expect(sheet.sheetName).toBe('Besoins');
    expect(sheet.rows[1][0]).toBe('Territoire de Belfort — 2026');
    expect(sheet.rows[6][6]).toBe(14); // formula result
    expect(sheet.rows[5][8]).toEqual(new Date(Date.UTC(2026, 8, 1)));
    expect(sheet.rows[6][5]).toBe('K2112 Encadrant technique');
    // The structure name merged over rows 7 and 8 reads in both.
    expect(sheet.rows[7][0]).toBe('Jardins de Cocagne');
    expect(sheet.merged.has('3:0')).toBe(true);
  });

  it('drops trailing styled-but-empty rows and columns', async () => {
    const sheet = await readSpreadsheet(fixture('diagnostic-belfort.xlsx'));
    expect(sheet.rows).toHaveLength(11);
    expect(sheet.rows.every((row) => row.length === 10)).toBe(true);
  });

  it.each([
    ['abime.xlsx', 'illisible ou abîmé'],
    ['protege.xlsx', 'mot de passe'],
    ['pas-un-tableur.pdf', 'PDF'],
    ['vide.csv', 'vide'],
  ])('refuses %s with a French message', async (name, fragment) => {
    await expect(readSpreadsheet(fixture(name))).rejects.toThrow(fragment);
  });

  it('refuses a workbook whose sheets are all empty', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Vide');
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    await expect(readSpreadsheet(bytes)).rejects.toThrow('aucune donnée');
  });

  it('refuses binary noise', async () => {
    await expect(readSpreadsheet(Buffer.from([0, 1, 2, 3, 250, 251, 0, 0, 9]))).rejects.toThrow(
      "n'est pas un tableur",
    );
  });
});

describe('readSpreadsheet on CSV', () => {
  it('reads `;` in Windows-1252 with its accents', async () => {
    const sheet = await readSpreadsheet(fixture('besoins-windows-1252.csv'));
    expect(sheet).toMatchObject({ format: 'csv', separator: ';', encoding: 'windows-1252' });
    expect(sheet.rows[1]).toContain('Métier');
    expect(sheet.rows[3][0]).toBe('Éco-Café Solidaire');
    expect(sheet.rows[4][0]).toBe('Théâtre « Les Écluses »');
  });

  it('reads `,` in UTF-8 with a BOM, quoted fields kept whole', async () => {
    const sheet = await readSpreadsheet(fixture('besoins-utf8-bom.csv'));
    expect(sheet).toMatchObject({ separator: ',', encoding: 'utf-8' });
    expect(sheet.rows[0][0]).toBe('Raison sociale');
    expect(sheet.rows[1][6]).toBe('lundi matin, mercredi après-midi, vendredi');
  });

  it('reads tab-separated files', async () => {
    const sheet = await readSpreadsheet(fixture('besoins-tab.csv'));
    expect(sheet.separator).toBe('\t');
    expect(sheet.rows[0]).toHaveLength(8);
  });

  it('decodes UTF-16 with a BOM', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('Métier;Heures', 'utf-16le')]);
    expect(decodeText(bytes)).toEqual({ text: 'Métier;Heures', encoding: 'utf-16' });
  });

  it('detects the separator from the lines that agree, not from commas inside values', () => {
    expect(detectSeparator('Titre, avec virgule\nA;B;C\n1;"2,5";3\n4;5;6\n')).toBe(';');
    expect(detectSeparator('A,B,C\n1,"2;5",3\n')).toBe(',');
    expect(detectSeparator('A\tB\tC\n1\t2,5\t3\n')).toBe('\t');
  });

  it('keeps line breaks inside quoted fields in one cell', () => {
    const { rows } = readCsv(Buffer.from('Structure;Jours\n"Ressourcerie";"lundi\nmardi matin"\n'));
    expect(rows[1]).toEqual(['Ressourcerie', 'lundi\nmardi matin']);
  });

  it('trims trailing empty rows and columns', () => {
    expect(
      trimGrid([
        ['a', null, null],
        [null, 'b', null],
        [null, null, null],
      ]),
    ).toEqual([
      ['a', null],
      [null, 'b'],
    ]);
  });
});

describe('analyzeFile on bad files', () => {
  it.each([
    ['vide.csv', 'Le fichier est vide.'],
    ['sans-en-tete.csv', "Aucune ligne d'en-tête reconnue"],
    ['protege.xlsx', 'mot de passe'],
  ])('answers %s with a message, never a throw', async (name, fragment) => {
    const outcome = await analyzeFile(fixture(name), { today: '2026-06-01', lookups: await testLookups() });
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.message).toContain(fragment);
  });
});

describe('analyzeFile on anything', () => {
  it('answers every byte sequence with a result or a French message, never a throw', async () => {
    const lookups = await testLookups();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc
            .array(
              fc.array(
                fc.oneof(
                  fc.string(),
                  fc.constantFrom('Structure', 'CP', 'Heures', '14 h', 'lundi', '"', ';'),
                ),
                { maxLength: 6 },
              ),
              { maxLength: 6 },
            )
            .map((rows) => new TextEncoder().encode(rows.map((r) => r.join(';')).join('\n'))),
        ),
        async (bytes) => {
          const outcome = await analyzeFile(bytes, { today: '2026-06-01', lookups });
          // `cause` is set only when something other than a foreseen bad file went wrong: a defect.
          if (!outcome.ok) {
            expect(outcome).toEqual({ ok: false, message: expect.stringMatching(/[a-zé]/) });
            return;
          }
          // A result per data row under the header: a need draft only without errors, and every issue
          // on its own row with a French message.
          for (const result of outcome.results) {
            expect(result.row).toBeGreaterThan(outcome.headerRow);
            if (result.draft) expect(result.errors).toEqual([]);
            for (const issue of [...result.errors, ...result.warnings]) {
              expect(issue).toMatchObject({ row: result.row, message: expect.stringMatching(/[a-zé]/) });
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
