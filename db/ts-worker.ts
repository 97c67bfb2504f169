/**
 * Starts a worker thread on one of our modules, named by its source path from the project root
 * (`server/imports/read-worker.ts`). From the build (`npm start` runs dist/), the worker is the module's
 * own bundle beside the server's (dist/server/imports/read-worker.js, see scripts/build.mjs), run by plain
 * node. From the sources (tsx, vitest), a worker does not inherit tsx's loader under every runner (vitest
 * runs tests through its own), so the worker is started from a tiny eval'd bootstrap that registers tsx's
 * ESM loader in the thread, then imports the TypeScript module.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { projectPath, RUNS_BUILT } from './project-root';

/** tsx's ESM API (`tsx/esm/api`, import condition), as a file URL the eval'd bootstrap can import. */
function tsxApi(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const exported = JSON.parse(readFileSync(manifest, 'utf8')).exports['./esm/api'].import.default;
  return new URL(exported, pathToFileURL(manifest)).href;
}

/** The built worker of a source module: what scripts/build.mjs writes for each worker entry point. */
export function builtWorkerFile(sourcePath: string): string {
  return projectPath('dist', sourcePath.replace(/\.ts$/, '.js'));
}

export function startTsWorker(sourcePath: string, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  if (RUNS_BUILT) return new Worker(builtWorkerFile(sourcePath), options);
  const moduleUrl = pathToFileURL(projectPath(sourcePath)).href;
  const bootstrap = `import(${JSON.stringify(tsxApi())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(moduleUrl)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
