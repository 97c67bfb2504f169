/**
 * `npm run match -- INSTANCE.json [--time-limit-ms N]`: prints the matcher's result as JSON on stdout.
 * Bad input (unreadable file, malformed JSON, a field the schema rejects) exits 2 with a message on
 * stderr naming the field, and prints nothing on stdout.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_TIME_LIMIT_MS, match } from '../server/matching';
import { formatIssues, parseInstance } from '../server/matching/schema';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): { file: string; timeLimitMs: number } {
  let file: string | undefined;
  let timeLimitMs = DEFAULT_TIME_LIMIT_MS;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--time-limit-ms' || arg.startsWith('--time-limit-ms=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      const n = Number(value);
      if (!value || !Number.isFinite(n) || n <= 0)
        fail(`--time-limit-ms: expected a positive number, got ${JSON.stringify(value ?? '')}`);
      timeLimitMs = n;
    } else if (arg === '--') {
    } else if (arg.startsWith('--')) {
      fail(`unknown option ${arg}\nusage: npm run match -- INSTANCE.json [--time-limit-ms N]`);
    } else if (file === undefined) {
      file = arg;
    } else {
      fail(
        `unexpected argument ${JSON.stringify(arg)}\nusage: npm run match -- INSTANCE.json [--time-limit-ms N]`,
      );
    }
  }
  if (file === undefined) fail('usage: npm run match -- INSTANCE.json [--time-limit-ms N]');
  return { file, timeLimitMs };
}

function main(): void {
  const { file, timeLimitMs } = parseArgs(process.argv.slice(2));
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    fail(`${file}: cannot read file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    fail(`${file}: malformed JSON: ${(err as Error).message}`);
  }
  const parsed = parseInstance(data);
  if (!parsed.ok) fail(formatIssues(parsed.issues));
  const result = match(parsed.instance, { timeLimitMs });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main();
