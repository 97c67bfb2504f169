/**
 * Starts one Meilisearch process on a given port and waits until it answers `GET /health`; the
 * handle stops or kills it. startEmbeddedMeili (meili-process.ts) prepares the files and retries.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { deathSignalWrapper, trackChild, watchExit } from './meili-child';
import { createMeiliHttp, type MeiliHttp } from './meili-http';

export interface EmbeddedMeili {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  masterKey: string;
  pid: number;
  /** Settles when the process has exited, for whatever reason, with how ("signal SIGKILL", "exit code 1"). */
  exited: Promise<string>;
  /** SIGTERM, wait for the exit, SIGKILL after 5 s. Safe to call twice or after the process died. */
  stop(): Promise<void>;
  /** SIGKILL and wait for the exit: a crash, for outage tests. */
  kill(): Promise<void>;
}

const HEALTH_POLL_MS = 50;
const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;
const TAIL_LINES = 8;
const ANSI_ESCAPES = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
/**
 * Resource limits for a small machine (CI has 2 cores): indexing may use at most this much memory
 * (Meilisearch's default is two thirds of the RAM) and half the cores, at most 2, so the app and
 * PostgreSQL keep a core. Our indexes hold thousands of documents, not millions.
 */
const MAX_INDEXING_MEMORY = '256 MiB';
const MAX_INDEXING_THREADS = Math.min(2, Math.max(1, Math.floor(os.availableParallelism() / 2)));

export type StartFailure = 'address-in-use' | 'busy-binary' | 'other';

export class MeiliStartError extends Error {
  constructor(
    message: string,
    readonly reason: StartFailure,
  ) {
    super(message);
  }
}

interface LaunchOptions {
  binary: string;
  dataDir: string;
  masterKey: string;
  port: number;
  log?: (line: string) => void;
}

export async function launch({
  binary,
  dataDir,
  masterKey,
  port,
  log,
}: LaunchOptions): Promise<EmbeddedMeili> {
  const url = `http://127.0.0.1:${port}`;
  const args = [
    '--db-path',
    path.join(dataDir, 'meili'),
    '--http-addr',
    `127.0.0.1:${port}`,
    '--env',
    'production',
    '--no-analytics',
    // A newer binary from a package update upgrades the index in place instead of refusing to start.
    '--experimental-dumpless-upgrade',
    '--max-indexing-memory',
    MAX_INDEXING_MEMORY,
    '--max-indexing-threads',
    String(MAX_INDEXING_THREADS),
    // WARN and up: the start-up banner and errors, not one INFO line per HTTP request.
    '--log-level',
    'WARN',
    '--dump-dir',
    path.join(dataDir, 'meili-dumps'),
  ];
  // Meilisearch also reads MEILI_* variables: drop the caller's (MEILI_URL, a remote MEILI_MASTER_KEY…)
  // and pass the master key this way so that it does not show in `ps`.
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('MEILI_')) env[name] = value;
  env.MEILI_MASTER_KEY = masterKey;
  // Plain log lines: no colours, and no Rust backtrace burying the one-line error it exits with.
  env.NO_COLOR = '1';
  env.RUST_BACKTRACE = '0';
  env.RUST_LIB_BACKTRACE = '0';

  const wrapper = deathSignalWrapper();
  const [command, commandArgs] = wrapper
    ? [wrapper[0], [...wrapper.slice(1), binary, ...args]]
    : [binary, args];
  // cwd = dataDir: Meilisearch resolves its default dumps/ and snapshots/ folders (and an optional
  // ./config.toml) against its working directory.
  const child = spawn(command, commandArgs, { cwd: dataDir, env, stdio: ['ignore', 'pipe', 'pipe'] });

  const tail: string[] = [];
  const onLine = (raw: string) => {
    const line = raw.replace(ANSI_ESCAPES, '');
    if (line.trim()) tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
    log?.(line);
  };
  const exit = watchExit(child, onLine);
  if (child.stdout) createInterface({ input: child.stdout }).on('line', onLine);
  if (child.stderr) createInterface({ input: child.stderr }).on('line', onLine);
  // The child must not keep a parent alive that has nothing else to do; the exit hook stops it.
  child.unref();
  (child.stdout as { unref?: () => void } | null)?.unref?.();
  (child.stderr as { unref?: () => void } | null)?.unref?.();
  trackChild(child);

  const health = createMeiliHttp({ url, timeoutMs: 1_000 });
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (exit.done) {
      const output = tail.join('\n');
      const reason: StartFailure = /address already in use/i.test(output)
        ? 'address-in-use'
        : /text file busy|ETXTBSY/i.test(output)
          ? 'busy-binary'
          : 'other';
      const summary = tail.findLast((line) => line.startsWith('Error: '))?.slice('Error: '.length);
      throw new MeiliStartError(
        `meilisearch exited during start-up (${exit.describe()})${summary ? `: ${summary}` : ''}` +
          (output ? `; its last lines:\n${output}` : ''),
        reason,
      );
    }
    if (await isAvailable(health)) break;
    if (Date.now() >= deadline) {
      child.kill('SIGKILL');
      await exit.promise;
      throw new MeiliStartError(
        `meilisearch did not become available on ${url} within ${START_TIMEOUT_MS / 1000} s` +
          (tail.length ? `; its last lines:\n${tail.join('\n')}` : ''),
        'other',
      );
    }
    await Promise.race([sleep(HEALTH_POLL_MS), exit.promise]);
  }

  let stopping: Promise<void> | undefined;
  exit.promise.then(() => {
    if (!stopping) log?.(`meilisearch (pid ${child.pid}) exited unexpectedly (${exit.describe()})`);
  });
  const pid = child.pid as number;
  return {
    url,
    masterKey,
    pid,
    exited: exit.promise.then(() => exit.describe()),
    stop() {
      stopping ??= (async () => {
        if (exit.done) return;
        child.ref(); // keep the event loop alive until the exit is seen
        child.kill('SIGTERM');
        const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await exit.promise;
        clearTimeout(force);
      })();
      return stopping;
    },
    kill() {
      stopping ??= (async () => {
        if (exit.done) return;
        child.ref();
        child.kill('SIGKILL');
        await exit.promise;
      })();
      return stopping;
    },
  };
}

/**
 * Whether the embedded Meilisearch answers its health check: through meili-http.ts (node:http, already
 * loaded by the server) rather than fetch, whose first call loads undici (docs/speed.md, "Start-up").
 */
function isAvailable(meili: MeiliHttp): Promise<boolean> {
  return meili.get<{ status?: unknown }>('/health').then(
    (body) => body.status === 'available',
    () => false,
  );
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
