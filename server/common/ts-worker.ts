/**
 * Starts a worker thread on one of our TypeScript modules. Our sources are run by tsx, and a worker does
 * not inherit tsx's loader under every runner (vitest runs tests through its own), so the worker is
 * started from a tiny eval'd bootstrap that registers tsx's ESM loader in the thread, then imports the
 * module. (server/compositions/matcher-pool.ts does the same for the matcher.)
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** tsx's ESM API (`tsx/esm/api`, import condition), as a file URL the eval'd bootstrap can import. */
const TSX_API = (() => {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const exported = JSON.parse(readFileSync(manifest, 'utf8')).exports['./esm/api'].import.default;
  return new URL(exported, pathToFileURL(manifest)).href;
})();

export function startTsWorker(moduleUrl: URL, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  const bootstrap = `import(${JSON.stringify(TSX_API)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(moduleUrl.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
