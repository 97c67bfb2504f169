/**
 * scripts/code-cache.mjs runs the built server's CommonJS bundles with V8's code cache: a first run
 * compiles and leaves the cache, the next one uses it, a changed file is compiled again and its cache
 * replaced. What the bundle relies on still works through it: require of a package, __filename.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// Inside the project, as dist/ is: the bundle's import() resolves packages from its own folder.
mkdirSync(path.resolve('node_modules/.cache'), { recursive: true });
const dir = mkdtempSync(path.resolve('node_modules/.cache/code-cache-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = path.join(dir, 'bundle.cjs');
const LOADER = pathToFileURL(path.resolve('scripts/code-cache.mjs')).href;

/** Runs `file` through runWithCodeCache in a node process of its own, and saves its cache. */
async function run(): Promise<{ cache: string; value: unknown }> {
  const script = `
    const { runWithCodeCache } = await import(${JSON.stringify(LOADER)});
    const { exports, cache, saveCache } = runWithCodeCache(${JSON.stringify(file)});
    const value = exports.value();
    saveCache();
    console.log(JSON.stringify({ cache, value }));`;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: path.resolve('.'),
    encoding: 'utf8',
  });
  return JSON.parse(output);
}

const bundle = (answer: number) => `
  const path = require('node:path');
  exports.value = () => ({
    answer: ${answer},
    file: path.basename(__filename),
    // a package left outside the bundle, resolved from the bundle's folder (exceljs, nodemailer…)
    zod: typeof require('zod').z,
  });`;

describe('running a bundle through the code cache', () => {
  it('compiles and leaves a cache, uses it next time, and compiles again a changed file', async () => {
    writeFileSync(file, bundle(1));
    expect(await run()).toEqual({ cache: 'none', value: { answer: 1, file: 'bundle.cjs', zod: 'object' } });
    expect(existsSync(`${file}.code-cache`)).toBe(true);
    expect((await run()).cache).toBe('used');

    writeFileSync(file, bundle(2));
    expect(await run()).toEqual({
      cache: 'rejected',
      value: { answer: 2, file: 'bundle.cjs', zod: 'object' },
    });
    expect((await run()).cache).toBe('used');
  });
});
