/**
 * `npm run match -- INSTANCE.json [--time-limit-ms N] [--suggest]`: prints the matcher's result as JSON on
 * stdout; with `--suggest`, plus `"suggestions"`: what would complete each need left out (suggest.ts),
 * computed after the result with a budget of its own (the same limit), so that the result itself is the
 * same with or without the flag.
 * Bad input (unreadable file, malformed JSON, a field the schema rejects) exits 2 with a message on
 * stderr naming the field, and prints nothing on stdout.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { loadHighs } from '../server/compositions/highs-runtime';
import { DEFAULT_TIME_LIMIT_MS, type HighsRuntime, match, suggest } from '../server/matching';
import { formatIssues, parseInstance } from '../server/matching/schema';

const USAGE = 'usage: npm run match -- INSTANCE.json [--time-limit-ms N] [--suggest]';

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

class BadInput extends Error {}

function parseArgs(argv: string[]): { file: string; timeLimitMs: number; suggestions: boolean } {
  let file: string | undefined;
  let timeLimitMs = DEFAULT_TIME_LIMIT_MS;
  let suggestions = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--suggest') {
      suggestions = true;
    } else if (arg === '--time-limit-ms' || arg.startsWith('--time-limit-ms=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      const n = Number(value);
      if (!value || !Number.isFinite(n) || n <= 0)
        throw new BadInput(`--time-limit-ms: expected a positive number, got ${JSON.stringify(value ?? '')}`);
      timeLimitMs = n;
    } else if (arg.startsWith('--') && arg !== '--') {
      throw new BadInput(`unknown option ${arg}\n${USAGE}`);
    } else if (arg !== '--') {
      if (file !== undefined) throw new BadInput(`unexpected argument ${JSON.stringify(arg)}\n${USAGE}`);
      file = arg;
    }
  }
  if (file === undefined) throw new BadInput(USAGE);
  return { file, timeLimitMs, suggestions };
}

/** Kept for writing the result after the matcher's budget. */
const OUTPUT_MARGIN_MS = 250;

/**
 * The whole command without touching the process: arguments in, exit code and both streams out.
 * `spentMs` is the time already gone (process start-up): the matcher gets the rest of the limit.
 * `highs`: the HiGHS runtime the matcher may use, as in the web app's worker (the command loads it).
 */
export function runMatchCli(
  argv: string[],
  readFile: (file: string) => string = (f) => readFileSync(f, 'utf8'),
  spentMs = 0,
  highs?: HighsRuntime,
): CliOutcome {
  try {
    const { file, timeLimitMs, suggestions } = parseArgs(argv);
    let text: string;
    try {
      text = readFile(file);
    } catch (err) {
      throw new BadInput(`${file}: cannot read file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    let data: unknown;
    try {
      data = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (err) {
      throw new BadInput(`${file}: malformed JSON: ${(err as Error).message}`);
    }
    const parsed = parseInstance(data);
    if (!parsed.ok) throw new BadInput(formatIssues(parsed.issues));
    const budget = Math.max(timeLimitMs / 10, timeLimitMs - spentMs - OUTPUT_MARGIN_MS);
    const result = match(parsed.instance, { timeLimitMs: budget, highs });
    const output = suggestions
      ? { ...result, suggestions: suggest(parsed.instance, result, { timeLimitMs: timeLimitMs, highs }) }
      : result;
    return { code: 0, stdout: `${JSON.stringify(output, null, 2)}\n`, stderr: '' };
  } catch (err) {
    if (err instanceof BadInput) return { code: 2, stdout: '', stderr: `${err.message}\n` };
    throw err;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // The same matcher as the web app's worker: with HiGHS. performance.now() counts from the process's
  // start: start-up, imports and loading HiGHS come out of the limit.
  const highs = await loadHighs();
  const outcome = runMatchCli(process.argv.slice(2), undefined, performance.now(), highs);
  process.stdout.write(outcome.stdout);
  process.stderr.write(outcome.stderr);
  process.exitCode = outcome.code;
}
