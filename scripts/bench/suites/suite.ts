/**
 * The test suite's own speed (issue 12): the vitest part of `npm test` (`vitest run`) on PGlite and, when
 * DATABASE_URL is set, on PostgreSQL, for the present tree and for a baseline commit checked out into a
 * temporary git worktree with its own `npm ci` (default: the merge-base with main; `--baseline=REF`
 * picks another), in the same run. Per driver the two trees run one after the other, the baseline first
 * on PGlite and second on PostgreSQL, so that a drift of the machine's load does not always favour the
 * same tree. Each run reports its wall time, the CPU time of its whole process tree (steadier than wall
 * time on a shared machine), the 1-minute load average meanwhile, its pass/fail counts, and per file
 * where the time went (scripts/bench/suite/file-timings.ts).
 *
 *   npm run bench -- suite
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench -- suite --baseline=HEAD~3
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkoutBaseline } from '../suite/baseline-tree';
import type { FileTiming } from '../suite/file-timings';
import { runSuite, type SuiteRun } from '../suite/run-vitest';
import { type BenchSection, fmt } from '../types';

const option = (name: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) || undefined;

const seconds = (ms: number) => `${fmt(ms / 1000, 0)} s`;
const ratio = (current: number, baseline: number) => `×${fmt(current / baseline, 2)}`;
const DRIVER = { pglite: 'PGlite', postgres: 'PostgreSQL' } as const;

function describeCurrent(): string {
  const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  const dirty = execFileSync('git', ['status', '--porcelain'], { encoding: 'utf8' }).trim() !== '';
  return `\`${head}\`${dirty ? ' with uncommitted changes' : ''}`;
}

function outcome(run: SuiteRun): string {
  const tests = `${run.tests.passed} passed${run.tests.failed ? `, ${run.tests.failed} failed` : ''}`;
  if (run.ok) return tests;
  const files = run.timings.filter((t) => t.failed).map((t) => `\`${t.file}\``);
  return `**failed** (exit ${run.exitCode}): ${tests}${files.length ? ` (${files.join(', ')})` : ''}`;
}

function summaryTable(runs: SuiteRun[]): string {
  const rows = runs.map(
    (r) =>
      `| ${DRIVER[r.driver]} | ${r.tree} | ${seconds(r.wallMs)} | ${seconds(r.cpuMs)} | ${outcome(r)} | ${fmt(r.load.mean)} / ${fmt(r.load.max)} |`,
  );
  const ratios = (['pglite', 'postgres'] as const).flatMap((driver) => {
    const base = runs.find((r) => r.driver === driver && r.tree === 'baseline');
    const cur = runs.find((r) => r.driver === driver && r.tree === 'current');
    if (!base || !cur) return [];
    return [
      `| ${DRIVER[driver]} | current ÷ baseline | ${ratio(cur.wallMs, base.wallMs)} | ${ratio(cur.cpuMs, base.cpuMs)} | | |`,
    ];
  });
  return [
    '| driver | tree | wall time | CPU time (user + system) | tests | load average (mean / max) |',
    '| --- | --- | ---: | ---: | --- | ---: |',
    ...rows,
    ...ratios,
  ].join('\n');
}

const sum = (timings: FileTiming[], key: 'prepareMs' | 'collectMs' | 'hooksMs' | 'testsMs') =>
  timings.reduce((total, t) => total + t[key], 0);

function breakdown(runs: SuiteRun[], driver: SuiteRun['driver']): string {
  const base = runs.find((r) => r.driver === driver && r.tree === 'baseline');
  const cur = runs.find((r) => r.driver === driver && r.tree === 'current');
  if (!base?.timings.length || !cur?.timings.length) return '';
  const line = (label: string, key: Parameters<typeof sum>[1]) =>
    `| ${label} | ${seconds(sum(base.timings, key))} | ${seconds(sum(cur.timings, key))} |`;
  return [
    `Where the time goes on ${DRIVER[driver]}, summed over the test files (the workers run files side by side, so the sums exceed the wall time):`,
    '',
    '| part | baseline | current |',
    '| --- | ---: | ---: |',
    line('worker set-up (vitest)', 'prepareMs'),
    line('imports (the file and what it imports)', 'collectMs'),
    line('hooks (apps, databases, demo data, browsers)', 'hooksMs'),
    line('tests themselves', 'testsMs'),
  ].join('\n');
}

function slowest(run: SuiteRun | undefined, n = 12): string {
  if (!run?.timings.length) return '';
  const rows = run.timings
    .slice(0, n)
    .map(
      (t) =>
        `| \`${t.file}\` | ${seconds(t.totalMs)} | ${seconds(t.hooksMs)} | ${seconds(t.testsMs)} | ${t.slowest ? `${t.slowest.name.slice(0, 70)} (${seconds(t.slowest.ms)})` : ''} |`,
    );
  return [
    `The slowest files of the present tree on ${DRIVER[run.driver]}:`,
    '',
    '| file | total | hooks | tests | its slowest test |',
    '| --- | ---: | ---: | ---: | --- |',
    ...rows,
  ].join('\n');
}

export default async function suite(): Promise<BenchSection> {
  const databaseUrl = process.env.DATABASE_URL;
  const drivers: SuiteRun['driver'][] = databaseUrl ? ['pglite', 'postgres'] : ['pglite'];
  const logDir = mkdtempSync(path.join(os.tmpdir(), 'mosaique-bench-suite-'));
  console.log('checking out the baseline and installing its dependencies (npm ci)…');
  const baseline = checkoutBaseline(option('baseline'));
  console.log(`baseline ${baseline.commit.slice(0, 7)} (${baseline.label}) in ${baseline.dir}`);
  const runs: SuiteRun[] = [];
  try {
    for (const driver of drivers) {
      const order =
        driver === 'pglite' ? (['baseline', 'current'] as const) : (['current', 'baseline'] as const);
      for (const tree of order) {
        console.log(`  ${tree} on ${DRIVER[driver]}…`);
        const dir = tree === 'baseline' ? baseline.dir : process.cwd();
        const run = await runSuite({ tree, dir, driver, databaseUrl, logDir });
        console.log(
          `  ${tree} on ${DRIVER[driver]}: ${seconds(run.wallMs)} wall, ${seconds(run.cpuMs)} CPU, load ${fmt(run.load.mean)}; ${outcome(run)}`,
        );
        runs.push(run);
      }
    }
  } finally {
    baseline.remove();
  }
  if (runs.every((r) => r.ok)) rmSync(logDir, { recursive: true, force: true });
  else console.log(`logs of the runs: ${logDir}`);

  const markdown = [
    `Baseline \`${baseline.commit.slice(0, 7)}\` (${baseline.label}, in a temporary worktree with its own \`npm ci\`); present tree ${describeCurrent()}. One \`vitest run\` each, ${os.availableParallelism()} cores${databaseUrl ? '' : ' (no DATABASE_URL: PGlite only)'}. The load average is the whole machine's: on a shared machine wall times grow with it, so compare each tree with its baseline of the same run, and read the CPU time beside the wall time.`,
    '',
    summaryTable(runs),
    '',
    ...drivers
      .map((d) => breakdown(runs, d))
      .filter(Boolean)
      .flatMap((s) => [s, '']),
    slowest(runs.find((r) => r.tree === 'current' && r.driver === 'pglite')),
    '',
    'Reproduce: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench -- suite` (add `--baseline=REF` for another baseline).',
  ].join('\n');
  return { key: 'suite', title: 'Test suite (`npm test`, vitest part)', markdown };
}
