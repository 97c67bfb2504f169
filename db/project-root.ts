/**
 * The directory holding package.json, found by walking up from this module. The sources run from their
 * own folders (tsx, vitest) and the build from dist/, where every module is bundled into one file at
 * another depth: paths relative to a module's own URL would differ between the two, paths from here do
 * not (views/, static/, db/migrations/, node_modules/.cache, the worker entry points).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

const SELF = fileURLToPath(import.meta.url);

export const PROJECT_ROOT = findRoot(path.dirname(SELF));

/** Whether this code runs from the build (dist/, plain JavaScript) rather than from the TypeScript sources. */
export const RUNS_BUILT = !SELF.endsWith('.ts');

/** A path of the project, e.g. `projectPath('views')`. */
export const projectPath = (...parts: string[]) => path.join(PROJECT_ROOT, ...parts);
