/**
 * `npm run import -- FILE [--commit [--valid-only]] [--json] [--today YYYY-MM-DD]`: reads a needs
 * spreadsheet (XLSX or CSV) and prints the JSON summary of DESIGN.md on stdout, `{ "rows", "valid",
 * "errors": [{ row, field, message }] }`. `--json` adds the detected mapping, the warnings and the need
 * drafts to that object. `--commit` writes the needs to the configured database (DATABASE_URL, else
 * PGlite in DATA_DIR) in one transaction, idempotently, and reports on stderr; a file with row errors
 * writes nothing unless `--valid-only` says to import its valid rows.
 * Exit 0 when the file could be read (even with row errors); 2 with a message on stderr for bad
 * arguments, an unreadable file or a database failure (then nothing is written). A file past the import
 * limits (README) is refused before it is loaded, with a message saying what is too big; with `--json`,
 * a file that cannot be read also prints `{ "error": { "message", "limit"? } }` on stdout.
 * The file is read in a worker thread under a memory limit (server/imports/read-pool.ts).
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { openDb } from '../db/client';
import { parisToday } from '../server/common/paris-time';
import { loadConfig } from '../server/config';
import { commitDrafts } from '../server/facilitation/import-commit';
import {
  analyzeFile,
  defaultLookups,
  IMPORT_LIMITS,
  type NeedDraft,
  summarize,
  tooLargeMessage,
} from '../server/imports';

const USAGE = 'usage : npm run import -- FICHIER [--commit [--valid-only]] [--json] [--today AAAA-MM-JJ]';

function exit(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

interface Arguments {
  file: string;
  commit: boolean;
  validOnly: boolean;
  json: boolean;
  today: string;
}

function parseArguments(argv: string[]): Arguments {
  let file: string | undefined;
  let commit = false;
  let validOnly = false;
  let json = false;
  let today = parisToday();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--commit') commit = true;
    else if (arg === '--valid-only') validOnly = true;
    else if (arg === '--json') json = true;
    else if (arg === '--today' || arg.startsWith('--today=')) {
      const value = arg.includes('=') ? arg.slice('--today='.length) : argv[++i];
      if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) exit(`--today attend une date AAAA-MM-JJ.\n${USAGE}`);
      today = value;
    } else if (arg.startsWith('-')) exit(`Option inconnue : ${arg}\n${USAGE}`);
    else if (file === undefined) file = arg;
    else exit(`Un seul fichier à la fois.\n${USAGE}`);
  }
  if (file === undefined) exit(`Fichier manquant.\n${USAGE}`);
  if (validOnly && !commit) exit(`--valid-only va avec --commit.\n${USAGE}`);
  return { file, commit, validOnly, json, today };
}

const args = parseArguments(process.argv.slice(2));

/** A file that cannot be read: the message on stderr, and as JSON on stdout with `--json`; exit 2. */
function refuse(message: string, limit?: string): never {
  if (args.json)
    process.stdout.write(`${JSON.stringify({ error: { message, ...(limit ? { limit } : {}) } })}\n`);
  exit(`${args.file} : ${message}`);
}

let bytes: Buffer;
try {
  // Not even read into memory when it is larger than an upload may be.
  if ((await stat(args.file)).size > IMPORT_LIMITS.fileBytes) refuse(tooLargeMessage('file'), 'file');
  bytes = await readFile(args.file);
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  exit(
    code === 'ENOENT'
      ? `Fichier introuvable : ${args.file}`
      : `Lecture impossible de ${args.file} (${code ?? 'erreur'}).`,
  );
}

const outcome = await analyzeFile(bytes, { today: args.today, lookups: await defaultLookups() });
if (!outcome.ok) refuse(outcome.message, outcome.limit);

const summary = summarize(outcome);
const output = args.json
  ? {
      ...summary,
      format: outcome.format,
      headerRow: outcome.headerRow,
      mapping: outcome.mapping,
      missingFields: outcome.missingFields,
      warnings: outcome.warnings,
      drafts: outcome.drafts,
    }
  : summary;
process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);

if (args.commit) await commit(summary.errors.length, outcome.drafts);

async function commit(errorCount: number, drafts: NeedDraft[]) {
  if (errorCount > 0 && !args.validOnly) {
    process.stderr.write(
      `Rien n'est écrit : ${errorCount} erreur(s) dans le fichier. Corrigez-les, ou relancez avec --commit --valid-only pour n'importer que les ${drafts.length} ligne(s) valide(s).\n`,
    );
    return;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    exit((error as Error).message);
  }
  const handle = await openDb(
    config.databaseUrl
      ? { databaseUrl: config.databaseUrl }
      : { pgliteDir: path.join(config.dataDir, 'pglite') },
  ).catch((error: Error) => exit(`Base de données inaccessible : ${error.message}`));
  try {
    await handle.migrate();
    const result = await commitDrafts(handle.db, drafts);
    process.stderr.write(
      `Importé : ${result.needsCreated} besoin(s) créé(s), ${result.needsSkipped} déjà présent(s) ; ${result.organizationsCreated} structure(s) créée(s) (non revendiquées), ${result.organizationsFound} retrouvée(s).\n`,
    );
  } catch (error) {
    process.exitCode = 2;
    process.stderr.write(`Import annulé, rien n'est écrit : ${(error as Error).message}\n`);
  } finally {
    await handle.close();
  }
}
