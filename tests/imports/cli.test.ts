import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './support';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');

async function importCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'scripts/import.ts', ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run import (scripts/import.ts)', () => {
  it('prints the summary of DESIGN.md and exits 0 for a file with row errors', async () => {
    const { code, stdout } = await importCli(
      join(FIXTURES, 'diagnostic-belfort.xlsx'),
      '--today',
      '2026-06-01',
    );
    expect(code).toBe(0);
    const summary = JSON.parse(stdout);
    expect(Object.keys(summary)).toEqual(['rows', 'valid', 'errors']);
    expect(summary.rows).toBe(6);
    expect(summary.valid).toBe(3);
    expect(summary.errors[0]).toEqual({
      row: 9,
      field: 'days',
      message:
        '14 h ne tiennent pas dans jeudi matin : il faut au moins 4 demi-journées (4 h au plus par demi-journée).',
    });
    expect(summary.errors.map((e: { row: number }) => e.row)).toEqual([9, 10, 10, 11, 11]);
  });

  it('adds the mapping, warnings and drafts with --json', async () => {
    const { code, stdout } = await importCli(
      join(FIXTURES, 'besoins-windows-1252.csv'),
      '--json',
      '--today=2026-06-01',
    );
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    expect(output).toMatchObject({ rows: 3, valid: 2, headerRow: 2, format: 'csv' });
    expect(output.drafts[0].structure.name).toBe('Régie des Quartiers Est');
    expect(output.mapping[4]).toMatchObject({ header: 'Métier', field: 'role' });
  });

  it.each([
    [['protege.xlsx'], 'mot de passe'],
    [['vide.csv'], 'vide'],
    [['absent.xlsx'], 'introuvable'],
  ])('exits 2 with a message on stderr for %j', async ([name], fragment) => {
    const { code, stdout, stderr } = await importCli(join(FIXTURES, name));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(fragment);
  });

  it('exits 2 on bad arguments and on --commit, which is not available yet', async () => {
    const none = await importCli();
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('usage');
    const unknown = await importCli(join(FIXTURES, 'besoins-tab.csv'), '--force');
    expect(unknown.code).toBe(2);
    const commit = await importCli(join(FIXTURES, 'besoins-tab.csv'), '--commit');
    expect(commit.code).toBe(2);
    expect(commit.stderr).toContain("n'est pas encore disponible");
  });
});
