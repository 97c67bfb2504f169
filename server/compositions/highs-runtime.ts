/**
 * HiGHS's WebAssembly runtime (the npm package `highs`), loaded once per thread: the matcher's worker
 * and the `npm run match` CLI pass it to `match()`, which then hands the parts its branch and bound does
 * not prove quickly to HiGHS (server/matching/pack-parts.ts). Loading reads and compiles a 3.5 MB
 * WebAssembly file (about 0.1–0.3 s), which is I/O the pure matcher does not do itself.
 *
 * If the runtime cannot be loaded, the matcher runs without it (its branch and bound alone, still exact
 * and honest about proofs); the failure is reported once on stderr.
 */
import type { HighsRuntime } from '../matching/types';

let loading: Promise<HighsRuntime | undefined> | undefined;

export function loadHighs(): Promise<HighsRuntime | undefined> {
  loading ??= import('highs')
    .then((module) => module.default())
    .catch((err: unknown) => {
      process.stderr.write(`HiGHS could not be loaded, the matcher runs without it: ${String(err)}\n`);
      return undefined;
    });
  return loading;
}
