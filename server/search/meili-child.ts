/**
 * Watching and cleaning up the Meilisearch child process: its exit, and its death with ours.
 */
import { type ChildProcess, spawnSync } from 'node:child_process';

export function watchExit(child: ChildProcess, onLine: (line: string) => void) {
  const state = {
    done: false,
    code: null as number | null,
    signal: null as NodeJS.Signals | null,
    error: undefined as Error | undefined,
    promise: undefined as unknown as Promise<void>,
    describe(): string {
      if (state.error) return state.error.message;
      return state.signal ? `signal ${state.signal}` : `exit code ${state.code}`;
    },
  };
  state.promise = new Promise<void>((resolve) => {
    child.once('error', (err) => {
      // Spawn failures (EACCES on a noexec data dir, ETXTBSY…) come here, without an 'exit'.
      state.error = err;
      if (child.pid === undefined) {
        onLine(`${(err as NodeJS.ErrnoException).code ?? ''} ${err.message}`.trim());
        state.done = true;
        resolve();
      }
    });
    // 'close' comes after the exit and after stdout/stderr are drained, so the tail is complete.
    child.once('close', (code, signal) => {
      state.code = code;
      state.signal = signal;
      state.done = true;
      resolve();
    });
  });
  return state;
}

/**
 * Children still running when this process exits are killed. 'exit' handlers do not run when the
 * process itself is killed by a signal, so where util-linux `setpriv` is available Meilisearch is also
 * started under `setpriv --pdeathsig KILL`: the kernel kills it when its parent dies, however it dies.
 */
const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

export function trackChild(child: ChildProcess): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const c of liveChildren) {
        try {
          c.kill('SIGKILL');
        } catch {
          // already gone
        }
      }
    });
  }
  liveChildren.add(child);
  child.once('close', () => liveChildren.delete(child));
  child.once('error', () => {
    if (child.pid === undefined) liveChildren.delete(child);
  });
}

let wrapperProbe: string[] | null | undefined;

export function deathSignalWrapper(): string[] | null {
  if (wrapperProbe === undefined) {
    const probe = spawnSync('setpriv', ['--pdeathsig', 'KILL', '--', 'true'], {
      stdio: 'ignore',
      timeout: 2_000,
    });
    wrapperProbe = probe.status === 0 ? ['setpriv', '--pdeathsig', 'KILL', '--'] : null;
  }
  return wrapperProbe;
}
