/**
 * `npm run build`: bundles the server and its worker threads into dist/ with esbuild, so that `npm start`
 * runs plain JavaScript on node instead of loading some 400 TypeScript modules through tsx's loader hooks
 * (two thirds of a second start; docs/speed.md, "Start-up"). Only our code is bundled: packages stay in
 * node_modules (`packages: 'external'`), where some find their own files (PGlite's WebAssembly, HiGHS).
 * Code splitting keeps what is imported lazily (exceljs behind `import('./read-xlsx')`) out of the start.
 * Written to a temporary directory and renamed: a start never sees half a build. Plain JavaScript, so
 * that it runs before anything is built; `scripts/start.mjs` calls it when dist/ is missing or stale.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = path.join(ROOT, 'dist');
/** Written last: the list of source files the build read, which start.mjs compares with dist/'s age. */
export const BUILD_INFO = path.join(DIST, 'build-info.json');
/** The server and every module run as a worker thread (server/common/ts-worker.ts finds them here). */
export const ENTRY_POINTS = [
  'server/main.ts',
  'server/compositions/matcher-worker.ts',
  'server/imports/read-worker.ts',
];

export async function build({ quiet = false } = {}) {
  const started = Date.now();
  const { build: esbuild } = await import('esbuild');
  const partial = path.join(ROOT, `dist.${process.pid}.partial`);
  rmSync(partial, { recursive: true, force: true });
  const result = await esbuild({
    absWorkingDir: ROOT,
    entryPoints: ENTRY_POINTS,
    outdir: partial,
    outbase: '.',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  const inputs = Object.keys(result.metafile.inputs).filter((file) => !file.startsWith('node_modules/'));
  // The build's own configuration is an input too: a change here rebuilds.
  inputs.push('scripts/build.mjs', 'package.json', 'tsconfig.json');
  mkdirSync(partial, { recursive: true });
  writeFileSync(path.join(partial, 'build-info.json'), `${JSON.stringify({ inputs }, null, 1)}\n`);
  const old = `${DIST}.${process.pid}.old`;
  rmSync(old, { recursive: true, force: true });
  try {
    renameSync(DIST, old);
  } catch {
    // no previous build
  }
  renameSync(partial, DIST);
  rmSync(old, { recursive: true, force: true });
  if (!quiet) console.log(`built dist/ from ${inputs.length} files in ${Date.now() - started} ms`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  build().catch((err) => {
    console.error(`build failed: ${err.message}`);
    process.exit(1);
  });
}
