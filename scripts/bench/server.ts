/**
 * The server as the benchmarks run it: what `npm start` runs (`node [flags] scripts/start.mjs`) in its own process
 * (the build in dist/, made first by `buildOnce` so that no timed start pays for it).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { freeLoopbackPort } from '../../server/search/free-port';

/** What identifies the server's process on its command line. */
export const START_SCRIPT = 'scripts/start.mjs';

/**
 * What `npm start` runs (package.json): its environment assignments (`NAME=value` before `node`), then
 * node's arguments, node's own flags included: what the benchmarks run. START_COMMAND: the whole line.
 */
export const { START_ENV, START_ARGS, START_COMMAND } = (() => {
  const start = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts
    .start;
  const words = start.split(/\s+/);
  const env: Record<string, string> = {};
  while (/^[A-Z_][A-Z0-9_]*=/.test(words[0] ?? '')) {
    const [name, ...value] = (words.shift() as string).split('=');
    env[name as string] = value.join('=');
  }
  const [command, ...args] = words;
  if (command !== 'node' || !args.includes(START_SCRIPT))
    throw new Error(
      `npm start is "${start}": the benchmarks expect "[NAME=value…] node [flags] ${START_SCRIPT}"`,
    );
  return { START_ENV: env, START_ARGS: args, START_COMMAND: start };
})();

let built = false;
/** Builds dist/ once per benchmark run (start.mjs would build it on the first start otherwise). */
export function buildOnce() {
  if (built) return;
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  built = true;
}

/** This process's environment without the app's own settings, plus quiet logs, no demo, and `extra`. */
export function benchEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(DATABASE_URL|MEILI_|MOSAIQUE_|DATA_DIR|PORT|HOST|SESSION_SECRET|SMTP_URL)/.test(k)) out[k] = v;
  }
  return { ...out, HOST: '127.0.0.1', LOG_LEVEL: 'warn', MOSAIQUE_DEMO: '0', ...extra };
}

export async function startServer(
  extra: Record<string, string>,
): Promise<{ child: ChildProcess; base: string }> {
  buildOnce();
  const port = await freeLoopbackPort();
  const child = spawn(process.execPath, START_ARGS, {
    env: benchEnv({ ...START_ENV, ...extra, PORT: String(port) }),
    stdio: 'ignore',
    detached: true,
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      const response = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(1_000) });
      await response.arrayBuffer();
      if (response.ok) return { child, base };
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error('server did not answer /healthz within 120 s');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function stopServer(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/**
 * CPU time (user + system, ms) used so far by a process and its descendants that are still running,
 * from /proc (Linux), including worker threads (they are threads of the process). Meilisearch, a child
 * of the server when embedded, is left out (`exclude`: a command line matching it).
 */
export function processTreeCpuMs(pid: number, exclude = /meilisearch/): number {
  let total = 0;
  const visit = (p: number) => {
    try {
      const cmdline = readFileSync(`/proc/${p}/cmdline`, 'utf8');
      if (exclude.test(cmdline)) return;
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
      total += ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
      for (const task of readdirSync(`/proc/${p}/task`)) {
        const children = readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim();
        for (const child of children ? children.split(' ') : []) visit(Number(child));
      }
    } catch {
      // the process ended meanwhile
    }
  };
  visit(pid);
  return total;
}
/** USER_HZ: 100 on every Linux we run on. */
const CLOCK_TICKS = 100;
