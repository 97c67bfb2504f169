import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeFile, summarize } from '../../server/imports';
import { buildDiagnosisWorkbook } from './fixtures/make-fixtures';
import { testLookups } from './support';

const dir = mkdtempSync(join(tmpdir(), 'mosaique-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a 5,000-row XLSX', () => {
  it('parses and validates every row', async () => {
    const file = join(dir, 'diagnostic-5000.xlsx');
    // 6 rows of the sample diagnosis plus 4,994 generated valid ones: 5,000 data rows.
    await (await buildDiagnosisWorkbook(4994)).xlsx.writeFile(file);
    const lookups = await testLookups();
    lookups.resolveCommune('90000 Belfort'); // load the places index outside the measure

    const started = performance.now();
    const outcome = await analyzeFile(readFileSync(file), { today: '2026-06-01', lookups });
    const elapsed = performance.now() - started;
    // The figure for docs/import.md; asserting it would make the test depend on the machine's load.
    console.log(`5,000-row XLSX read and validated in ${Math.round(elapsed)} ms`);

    if (!outcome.ok) throw new Error(outcome.message);
    const summary = summarize(outcome);
    expect(summary.rows).toBe(5000);
    expect(summary.valid).toBe(4997);
    expect(summary.errors.map((e) => e.row).slice(0, 5)).toEqual([9, 10, 10, 11, 11]);
    const last = outcome.drafts.at(-1);
    // Structure 4993 is on the 4993 % 20 = 13th generated place.
    expect(last).toMatchObject({ row: 5005, structure: { name: 'Structure 4993' }, communeName: 'Lure' });
    expect(new Set(outcome.drafts.map((d) => d.communeCode)).size).toBe(20);
  }, 120_000);
});
