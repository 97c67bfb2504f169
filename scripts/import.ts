/**
 * `npm run import -- FILE [--commit] [--json] [--today YYYY-MM-DD]`: reads a needs spreadsheet (XLSX or
 * CSV) and prints the JSON summary of DESIGN.md on stdout, `{ "rows", "valid", "errors": [{ row, field,
 * message }] }`. `--json` adds the detected mapping, the warnings and the need drafts to that object.
 * Exit 0 when the file could be read (even with row errors); 2 with a message on stderr for bad
 * arguments or an unreadable file. `--commit` (writing to the database) is not available yet: see
 * docs/import.md.
 */
import { readFile } from 'node:fs/promises';
import { analyzeFile, defaultLookups, summarize } from '../server/imports';

const USAGE = 'usage : npm run import -- FICHIER [--commit] [--json] [--today AAAA-MM-JJ]';

function exit(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

interface Arguments {
  file: string;
  commit: boolean;
  json: boolean;
  today: string;
}

function parseArguments(argv: string[]): Arguments {
  let file: string | undefined;
  let commit = false;
  let json = false;
  let today = new Date().toISOString().slice(0, 10);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--commit') commit = true;
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
  return { file, commit, json, today };
}

const args = parseArguments(process.argv.slice(2));
if (args.commit) {
  exit(
    "--commit n'est pas encore disponible : l'écriture en base attend le stockage des besoins importés (docs/import.md). Relancez sans --commit pour vérifier le fichier.",
  );
}

let bytes: Buffer;
try {
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
if (!outcome.ok) exit(`${args.file} : ${outcome.message}`);

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
