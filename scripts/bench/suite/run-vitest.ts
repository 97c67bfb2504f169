/**
 * One timed run of a tree's test suite, the vitest part of `npm test` (`vitest run`), with the per-file
 * timings reporter of this tree (file-timings.ts) whatever the tree's own version. Measures the wall
 * time, the CPU time of the whole process tree (vitest, its workers, Meilisearch, Chromium: every
 * descendant is reaped, so the kernel adds its time to ours) and the load average meanwhile.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import type { FileTiming } from './file-timings';

const REPORTER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'file-timings.ts');
/** Clock ticks per second of /proc's times (USER_HZ, 100 on Linux). */
const TICKS = 100;

export interface SuiteRun {
  tree: 'baseline' | 'current';
  driver: 'pglite' | 'postgres';
  ok: boolean;
  exitCode: number | null;
  wallMs: number;
  /** user + system CPU of every process of the run. */
  cpuMs: number;
  /** Mean of the 1-minute load average sampled every 5 s, and its maximum. */
  load: { mean: number; max: number };
  files: { passed: number; failed: number };
  tests: { passed: number; failed: number; skipped: number };
  timings: FileTiming[];
  log: string;
}

/** user + system time of this process's reaped children, in ms. */
function childrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 16 and 17 of stat(5) (cutime, cstime), counted from the state field (3).
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS;
}

/** "1 failed | 78 passed (79)" → 78 for "passed". */
const count = (line: string, kind: string) => Number(new RegExp(`(\\d+) ${kind}`).exec(line)?.[1] ?? 0);

export async function runSuite(options: {
  tree: SuiteRun['tree'];
  dir: string;
  driver: SuiteRun['driver'];
  databaseUrl?: string;
  logDir: string;
  /** vitest's file filters (a smoke test of the bench itself); none: the whole suite. */
  filters?: string[];
}): Promise<SuiteRun> {
  const { tree, dir, driver, logDir } = options;
  const log = path.join(logDir, `${tree}-${driver}.log`);
  const timingsFile = path.join(logDir, `${tree}-${driver}.json`);
  rmSync(timingsFile, { force: true });
  const env: NodeJS.ProcessEnv = { ...process.env, MOSAIQUE_TIMINGS_FILE: timingsFile, NO_COLOR: '1' };
  delete env.DATABASE_URL;
  if (driver === 'postgres') env.DATABASE_URL = options.databaseUrl;

  const loads: number[] = [];
  const sample = setInterval(() => loads.push(os.loadavg()[0]), 5_000);
  loads.push(os.loadavg()[0]);
  const cpuBefore = childrenCpuMs();
  const started = performance.now();
  const out = createWriteStream(log);
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(
      path.join(dir, 'node_modules/.bin/vitest'),
      ['run', '--reporter=dot', `--reporter=${REPORTER}`, ...(options.filters ?? [])],
      { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    child.on('error', reject);
    child.on('close', resolve);
  });
  const wallMs = performance.now() - started;
  const cpuMs = childrenCpuMs() - cpuBefore;
  clearInterval(sample);
  loads.push(os.loadavg()[0]);
  await new Promise((resolve) => out.end(resolve));

  // vitest's summary lines, colours removed ("Failed Tests 1" headings are not them).
  const text = stripVTControlCharacters(readFileSync(log, 'utf8'));
  const filesLine = /^\s*Test Files\s+(.*)$/m.exec(text)?.[1] ?? '';
  const testsLine = /^\s*Tests\s+(.*)$/m.exec(text)?.[1] ?? '';
  const timings: FileTiming[] = existsSync(timingsFile) ? JSON.parse(readFileSync(timingsFile, 'utf8')) : [];
  return {
    tree,
    driver,
    ok: exitCode === 0,
    exitCode,
    wallMs,
    cpuMs,
    load: { mean: loads.reduce((a, b) => a + b, 0) / loads.length, max: Math.max(...loads) },
    files: { passed: count(filesLine, 'passed'), failed: count(filesLine, 'failed') },
    tests: {
      passed: count(testsLine, 'passed'),
      failed: count(testsLine, 'failed'),
      skipped: count(testsLine, 'skipped'),
    },
    timings,
    log,
  };
}
