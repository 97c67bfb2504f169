import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../db/client';
import { needs } from '../../db/schema';
import { openPgliteDir } from '../support/db';
import { manyRowsXlsx } from './fixtures/hostile';
import { FIXTURES } from './support';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `env` adds variables to the test's environment; an undefined value removes one. */
async function spawnCli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  try {
    // node --import tsx rather than npx tsx: two processes fewer per run (npm's, tsx's launcher).
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/import.ts', ...args],
      {
        cwd: ROOT,
        env: Object.fromEntries(
          Object.entries({ ...process.env, ...env }).filter(
            (entry): entry is [string, string] => entry[1] !== undefined,
          ),
        ),
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as CliRun;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const importCli = (...args: string[]) => spawnCli(args);

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

  it('refuses a file past the import limits, saying what is too big, as JSON with --json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mosaique-import-limits-'));
    try {
      const rows = join(dir, 'lignes.xlsx');
      writeFileSync(rows, manyRowsXlsx());
      const refused = await importCli(rows, '--json');
      expect(refused.code).toBe(2);
      const { error } = JSON.parse(refused.stdout);
      expect(error.limit).toBe('rows');
      expect(error.message).toMatch(/^Le fichier compte plus de 20\u202f000 lignes/);
      expect(refused.stderr).toContain(error.message);

      // Over 10 MB: refused from its size, before it is read.
      const huge = join(dir, 'enorme.csv');
      writeFileSync(huge, '');
      truncateSync(huge, 11 * 1024 * 1024);
      const plain = await importCli(huge);
      expect(plain.code).toBe(2);
      expect(plain.stdout).toBe('');
      expect(plain.stderr).toContain('Le fichier dépasse 10 Mo');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('exits 2 on bad arguments', async () => {
    const none = await importCli();
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('usage');
    const unknown = await importCli(join(FIXTURES, 'besoins-tab.csv'), '--force');
    expect(unknown.code).toBe(2);
    const lonely = await importCli(join(FIXTURES, 'besoins-tab.csv'), '--valid-only');
    expect(lonely.code).toBe(2);
  });

  it('writes with --commit only what a file without errors holds, or its valid rows when asked, once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mosaique-import-cli-'));
    // The embedded database in a directory of its own, even when the suite runs on PostgreSQL.
    const env = { DATA_DIR: dataDir, DATABASE_URL: undefined };
    // Migrated already, as after a first `npm start` (restored from the run's snapshot: initdb takes
    // seconds); the command migrates it again, which finds nothing to do.
    await (await openPgliteDir(join(dataDir, 'pglite'))).close();
    try {
      const file = join(FIXTURES, 'besoins-tab.csv');
      const refused = await spawnCli([file, '--commit', '--today', '2026-06-01'], env);
      expect(refused.code).toBe(0);
      expect(JSON.parse(refused.stdout)).toMatchObject({ rows: 3, valid: 2 });
      expect(refused.stderr).toContain("Rien n'est écrit");

      const written = await spawnCli([file, '--commit', '--valid-only', '--today', '2026-06-01'], env);
      expect(written.code).toBe(0);
      expect(written.stderr).toContain('2 besoin(s) créé(s), 0 déjà présent(s) ; 2 structure(s) créée(s)');
      const again = await spawnCli([file, '--commit', '--valid-only', '--today', '2026-06-01'], env);
      expect(again.stderr).toContain('0 besoin(s) créé(s), 2 déjà présent(s) ; 0 structure(s) créée(s)');

      const handle = await openDb({ pgliteDir: join(dataDir, 'pglite') });
      try {
        const stored = await handle.db.select().from(needs);
        expect(stored.map((n) => n.title).sort()).toEqual(["Agent d'entretien", 'Comptabilité']);
      } finally {
        await handle.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
