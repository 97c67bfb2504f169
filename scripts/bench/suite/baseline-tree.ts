/**
 * The baseline of `npm run bench -- suite`: a commit (by default the merge-base of HEAD with main)
 * checked out into a temporary git worktree with its own `npm ci`, removed afterwards.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).trim();

export interface BaselineTree {
  dir: string;
  commit: string;
  /** What was asked for: a ref, or "merge-base with main". */
  label: string;
  npmCiMs: number;
  remove(): void;
}

/** The commit `ref` names, or the merge-base of HEAD with main (origin/main if there is no main). */
export function resolveBaseline(ref: string | undefined): { commit: string; label: string } {
  if (ref) return { commit: git('rev-parse', '--verify', `${ref}^{commit}`), label: ref };
  for (const main of ['main', 'origin/main']) {
    try {
      return { commit: git('merge-base', 'HEAD', main), label: `merge-base with ${main}` };
    } catch {
      // try the next name
    }
  }
  throw new Error('no main branch to take the merge-base with: pass --baseline=REF');
}

function npmCi(dir: string) {
  const run = (cmd: string, args: string[]) =>
    spawnSync(cmd, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  let result = run('npm', ['ci', '--no-audit', '--no-fund']);
  // npm 11 rejects some lock files npm 10 installs (npm/cli#9846, see .ci/run): try npm 10 then.
  if (result.status !== 0) result = run('npx', ['--yes', 'npm@10', 'ci', '--no-audit', '--no-fund']);
  if (result.status !== 0) throw new Error(`npm ci failed in ${dir}:\n${result.stderr.slice(-2000)}`);
}

export function checkoutBaseline(ref: string | undefined): BaselineTree {
  const { commit, label } = resolveBaseline(ref);
  const parent = mkdtempSync(path.join(os.tmpdir(), 'mosaique-bench-baseline-'));
  const dir = path.join(parent, 'tree');
  git('worktree', 'add', '--detach', dir, commit);
  const remove = () => {
    try {
      git('worktree', 'remove', '--force', dir);
    } catch {
      // already gone: prune below forgets it
    }
    rmSync(parent, { recursive: true, force: true });
    git('worktree', 'prune');
  };
  try {
    const started = performance.now();
    npmCi(dir);
    return { dir, commit, label, npmCiMs: performance.now() - started, remove };
  } catch (err) {
    remove();
    throw err;
  }
}
