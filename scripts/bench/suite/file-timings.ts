/**
 * A vitest reporter that writes where each test file's time went, as JSON, to the file named by
 * MOSAIQUE_TIMINGS_FILE (nothing without it): `npx vitest run --reporter=default
 * --reporter=./scripts/bench/suite/file-timings.ts`. Used by `npm run bench -- suite`; also handy alone
 * to find the slow files. Per file: `prepare` (vitest's worker set-up), `collect` (importing the file and
 * everything it imports), `hooks` (beforeAll/afterAll…: apps, databases, browsers), `tests` (the tests
 * themselves), and its slowest test.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

export interface FileTiming {
  file: string;
  tests: number;
  prepareMs: number;
  collectMs: number;
  hooksMs: number;
  testsMs: number;
  totalMs: number;
  slowest: { name: string; ms: number } | null;
  failed: boolean;
}

export function fileTiming(module: TestModule, root: string): FileTiming {
  const d = module.diagnostic();
  let testsMs = 0;
  let count = 0;
  let slowest: FileTiming['slowest'] = null;
  for (const test of module.children.allTests()) {
    const ms = test.diagnostic()?.duration ?? 0;
    testsMs += ms;
    count++;
    if (!slowest || ms > slowest.ms) slowest = { name: test.fullName, ms };
  }
  const prepareMs = d.environmentSetupDuration + d.prepareDuration;
  const collectMs = d.setupDuration + d.collectDuration;
  return {
    file: path.relative(root, module.moduleId),
    tests: count,
    prepareMs,
    collectMs,
    hooksMs: Math.max(0, d.duration - testsMs),
    testsMs,
    totalMs: prepareMs + collectMs + d.duration,
    slowest,
    failed: module.state() === 'failed',
  };
}

export default class FileTimingsReporter implements Reporter {
  private root = process.cwd();

  onInit(vitest: { config: { root: string } }) {
    this.root = vitest.config.root;
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>) {
    const out = process.env.MOSAIQUE_TIMINGS_FILE;
    if (!out) return;
    const files = modules.map((m) => fileTiming(m, this.root)).sort((a, b) => b.totalMs - a.totalMs);
    writeFileSync(out, `${JSON.stringify(files, null, 2)}\n`);
  }
}
