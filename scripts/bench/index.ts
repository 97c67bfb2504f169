/**
 * `npm run bench [-- KEY ...]`: runs the benchmark suites and rewrites their sections of
 * docs/benchmarks.md, keeping the sections of suites not run this time.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchSection, BenchSuite } from './types';

/** Every file of scripts/bench/suites/ is a suite whose default export is a BenchSuite; its key is its name. */
const SUITES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'suites');
const ORDER = ['startup', 'pages', 'matching', 'search', 'compositions', 'import', 'instances', 'suite'];
const suites: Record<string, () => Promise<{ default: BenchSuite }>> = Object.fromEntries(
  readdirSync(SUITES_DIR)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b))
    .map((key) => [key, () => import(pathToFileURL(path.join(SUITES_DIR, `${key}.ts`)).href)]),
);

const FILE = 'docs/benchmarks.md';
const MARK = (key: string) => `<!-- bench:${key} -->`;

function readSections(): Map<string, string> {
  const sections = new Map<string, string>();
  if (!existsSync(FILE)) return sections;
  const text = readFileSync(FILE, 'utf8');
  const re = /<!-- bench:([\w-]+) -->\n([\s\S]*?)(?=<!-- bench:|$)/g;
  for (const m of text.matchAll(re)) sections.set(m[1], m[2].trimEnd());
  return sections;
}

async function main() {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const keys = wanted.length ? wanted : Object.keys(suites);
  const unknown = keys.filter((k) => !suites[k]);
  if (unknown.length) {
    console.error(`unknown suite(s): ${unknown.join(', ')}; known: ${Object.keys(suites).join(', ')}`);
    process.exit(2);
  }
  const sections = readSections();
  for (const key of keys) {
    console.log(`\n## running ${key}…`);
    const run = (await suites[key]()).default;
    const section: BenchSection = await run();
    const stamp = `_Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}._`;
    const body = `## ${section.title}\n\n${stamp}\n\n${section.markdown.trim()}`;
    console.log(body);
    sections.set(key, body);
  }
  const ordered = [...Object.keys(suites), ...[...sections.keys()].filter((k) => !suites[k])];
  const parts = ordered.filter((k) => sections.has(k)).map((k) => `${MARK(k)}\n${sections.get(k)}\n`);
  const head =
    '# Benchmarks\n\nWritten by `npm run bench` (or `npm run bench -- KEY` for one suite). The machine has 2 cores and is noisy: figures are medians, each beside the baseline it is compared with in the same run.\n\n';
  writeFileSync(FILE, head + parts.join('\n'));
  console.log(`\nwrote ${FILE}`);
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
