/**
 * Server start-up: time from launching the server the way `npm start` does (`node scripts/start.mjs`, the
 * build in dist/ made beforehand) to the first 200 on /healthz, on a warm install, median of 5 runs, in
 * three situations: a fresh DATA_DIR with the demo loaded, a fresh DATA_DIR without the demo
 * (MOSAIQUE_DEMO=0), and a second start on a data directory that already holds the demo. Then the
 * resident memory (VmRSS) of the server process and of its Meilisearch child at rest. Baselines, run the
 * same way: plain node starting a bare Fastify server that answers /healthz (what the targets compare
 * with), and the former one, tsx starting a trivial node:http server (what `npm start` ran before the build).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { freeLoopbackPort } from '../../../server/search/free-port';
import { buildOnce, START_ARGS, START_COMMAND, START_ENV, START_SCRIPT } from '../server';
import { memory } from '../startup/proc';
import { type BenchSection, fmt, median } from '../types';

const RUNS = 5;
const START_TIMEOUT_MS = 120_000;
/** Time left to the server after its first 200 before memory is first read; then read until it stops falling. */
const SETTLE_MS = 3_000;
const TSX = path.resolve('node_modules/.bin/tsx');

interface Start {
  ms: number;
  /** What the server logs: when each step of its start ended, since its process started; the demo's loading. */
  phases: Record<string, number> | null;
  demoMs: number | null;
  serverRssMb: number | null;
  meiliRssMb: number | null;
}

class StartFailed extends Error {}

/** The environment of a plain `npm start`: no outside database or search, quiet logs. */
function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(DATABASE_URL|MEILI_|MOSAIQUE_|DATA_DIR|PORT|HOST|SESSION_SECRET|SMTP_URL)/.test(k)) env[k] = v;
  }
  return { ...env, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...extra };
}

// --- one start --------------------------------------------------------------------------------------

async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  const timer = setTimeout(() => {
    // Not stopped after 15 s: kill the whole group (server and Meilisearch).
    if (child.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }, 15_000);
  await exited;
  clearTimeout(timer);
}

/** RSS once it stops falling (less than 2 MB over a second), at most 20 s after the first read. */
async function settledMemory(pid: number, script: string): Promise<ReturnType<typeof memory>> {
  let last = memory(pid, script);
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; ) {
    await new Promise((r) => setTimeout(r, 1_000));
    const now = memory(pid, script);
    if ((now.serverRssMb ?? 0) > (last.serverRssMb ?? 0) - 2) return now;
    last = now;
  }
  return last;
}

/** Launches `node <script>` (`tsx <script>` for .ts; the app with npm start's flags) with the env, times the first 200 on /healthz, reads memory, stops it. */
async function timeStart(script: string, env: Record<string, string>, readMemory: boolean): Promise<Start> {
  const port = await freeLoopbackPort();
  const t0 = performance.now();
  // The app as `npm start` runs it (node's flags from package.json); a baseline with plain node or tsx.
  const app = script === START_SCRIPT;
  const args = app ? START_ARGS : [script];
  const command = script.endsWith('.ts') ? TSX : process.execPath;
  const child = spawn(command, args, {
    env: baseEnv({ ...(app ? START_ENV : {}), ...env, PORT: String(port) }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so that a stuck start can be killed with its children
  });
  const output: string[] = [];
  child.stdout?.on('data', (d) => output.push(String(d)));
  child.stderr?.on('data', (d) => output.push(String(d)));
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  try {
    const url = `http://127.0.0.1:${port}/healthz`;
    for (;;) {
      if (exited)
        throw new StartFailed(
          `exited before answering: ${output.join('').trim().split('\n').slice(-3).join(' | ')}`,
        );
      if (performance.now() - t0 > START_TIMEOUT_MS)
        throw new StartFailed(`no 200 on /healthz within ${START_TIMEOUT_MS / 1000} s`);
      if (await healthy(url)) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const ms = performance.now() - t0;
    const logged = () => {
      const text = output.join('');
      // "start-up: entry 210 ms, modules 430 ms, database 850 ms, app 1090 ms, listening 1100 ms"
      const line = /start-up: (.*)$/m.exec(text)?.[1];
      const phases = line
        ? Object.fromEntries([...line.matchAll(/(\w+) (\d+) ms/g)].map((m) => [m[1], Number(m[2])]))
        : null;
      const demo = /demo data loaded in (\d+) ms/.exec(text)?.[1];
      return { phases, demoMs: demo ? Number(demo) : null };
    };
    if (!readMemory || !child.pid) return { ms, ...logged(), serverRssMb: null, meiliRssMb: null };
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    return { ms, ...logged(), ...(await settledMemory(child.pid, script)) };
  } finally {
    await stop(child);
  }
}

const tempDir = (prefix: string) => mkdtempSync(path.join(os.tmpdir(), prefix));

interface Scenario {
  label: string;
  starts: Start[];
  error?: string;
}

async function scenario(label: string, once: (i: number) => Promise<Start>): Promise<Scenario> {
  const starts: Start[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      starts.push(await once(i));
      console.log(`  ${label} #${i + 1}: ${fmt(starts[i].ms, 0)} ms`);
    }
    return { label, starts };
  } catch (err) {
    console.log(`  ${label}: ${(err as Error).message}`);
    return { label, starts, error: (err as Error).message };
  }
}

const ms = (values: (number | null)[]) => {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? `${fmt(median(known), 0)} ms` : '–';
};

const mb = (values: (number | null)[]) => {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? `${fmt(median(known), 0)} MB` : '–';
};

export default async function startup(): Promise<BenchSection> {
  const dirs: string[] = [];
  const fresh = () => {
    const dir = tempDir('mosaique-bench-start-');
    dirs.push(dir);
    return dir;
  };

  // Baselines: a bare Fastify server on plain node, as the app now runs; the former floor of any start
  // through tsx, a trivial node:http server.
  const trivialDir = fresh();
  const trivial = path.join(trivialDir, 'trivial-server.ts');
  writeFileSync(
    trivial,
    "import { createServer } from 'node:http';\ncreateServer((_q, s) => { s.end('{}'); }).listen(Number(process.env.PORT), '127.0.0.1');\n",
  );
  const bareFastify = path.join(trivialDir, 'bare-fastify.mjs');
  const fastifyUrl = pathToFileURL(createRequire(import.meta.url).resolve('fastify')).href;
  writeFileSync(
    bareFastify,
    `import Fastify from ${JSON.stringify(fastifyUrl)};\nconst app = Fastify();\napp.get('/healthz', async () => ({ ok: true }));\nawait app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });\n`,
  );
  buildOnce();

  try {
    const scenarios = [
      await scenario('baseline: node + bare Fastify server', () => timeStart(bareFastify, {}, true)),
      await scenario('former baseline: tsx + trivial HTTP server', () => timeStart(trivial, {}, true)),
      await scenario('fresh DATA_DIR, demo loaded', () =>
        timeStart(START_SCRIPT, { DATA_DIR: fresh(), MOSAIQUE_DEMO: '1' }, true),
      ),
      await scenario('fresh DATA_DIR, no demo (MOSAIQUE_DEMO=0)', () =>
        timeStart(START_SCRIPT, { DATA_DIR: fresh(), MOSAIQUE_DEMO: '0' }, true),
      ),
    ];
    // Second start: one untimed first start loads the demo, then every timed start reuses that directory.
    const reused = fresh();
    const prepared = await timeStart(START_SCRIPT, { DATA_DIR: reused, MOSAIQUE_DEMO: '1' }, false)
      .then(() => null)
      .catch((err: Error) => err.message);
    scenarios.push(
      prepared
        ? { label: 'second start on the same DATA_DIR (demo already there)', starts: [], error: prepared }
        : await scenario('second start on the same DATA_DIR (demo already there)', () =>
            timeStart(START_SCRIPT, { DATA_DIR: reused, MOSAIQUE_DEMO: '1' }, true),
          ),
    );

    const medianOf = (s: Scenario) => (s.starts.length ? median(s.starts.map((x) => x.ms)) : Number.NaN);
    const [base, formerBase] = [medianOf(scenarios[0]), medianOf(scenarios[1])];
    const complete = (s: Scenario) => !(s.error && s.starts.length < RUNS);
    const rows = scenarios.map((s) => {
      if (!complete(s)) return `| ${s.label} | failed: ${s.error?.replaceAll('|', '/')} | | | | | | |`;
      const times = s.starts.map((x) => x.ms);
      return `| ${s.label} | ${fmt(median(times), 0)} ms | ${fmt(median(times) / base, 1)}× | ${fmt(median(times) / formerBase, 1)}× | ${fmt(Math.min(...times), 0)}–${fmt(Math.max(...times), 0)} ms | ${ms(s.starts.map((x) => x.demoMs))} | ${mb(s.starts.map((x) => x.serverRssMb))} | ${mb(s.starts.map((x) => x.meiliRssMb))} |`;
    });
    const steps = ['entry', 'modules', 'database', 'app', 'listening'];
    const phaseRows = scenarios
      .filter((s) => complete(s) && s.starts.some((x) => x.phases))
      .map(
        (s) =>
          `| ${s.label} | ${steps.map((step) => ms(s.starts.map((x) => x.phases?.[step] ?? null))).join(' | ')} |`,
      );
    const markdown = [
      `Time from spawning what \`npm start\` runs (\`${START_COMMAND}\`; dist/ built beforehand, so no start here builds) to the first 200 on \`/healthz\`, warm install, embedded PGlite and Meilisearch, median of ${RUNS} starts, and its ratio to the bare Fastify start on plain node (targets: a second start within 3×, a fresh one without the demo within 8×). The former baseline, tsx starting a node:http server, is what the ratios were taken against when \`npm start\` ran \`tsx server/main.ts\`. Memory is VmRSS from \`/proc/PID/status\`, first read ${SETTLE_MS / 1000} s after the first 200 and then every second until it stops falling (median over the starts). "Demo loading" is the server's own log line. "Server" is the node process (for the former baseline, tsx's own launcher process is not counted), "Meilisearch" its child.`,
      '',
      '| Start | Median to first 200 | ÷ bare Fastify | ÷ former baseline | Range | of which demo loading | Server RSS | Meilisearch RSS |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows,
      '',
      "Where the time goes: when each step of the start ended, in milliseconds since the server's process started, as the server logs it (\"start-up: …\" after \"ready\"; median over the starts). *entry*: server/serve.ts runs (node's own start, scripts/start.mjs's check of the build, the entry's imports, serve.ts's own imports); PGlite's thread was started by the entry before those imports; *modules*: the app's modules are loaded; *database*: PGlite is open in its thread, migrated, and the session secret read; *app*: Fastify's routes are built (once Meilisearch answers, and while the database step runs: either can end first); *listening*: the demo is loaded when it must be, and the server listens. PGlite opens on its own thread (db/pglite-worker.ts) and Meilisearch in its own process; the rest runs on the web thread.",
      '',
      `| Start | ${steps.join(' | ')} |`,
      `| --- | ${steps.map(() => '---:').join(' | ')} |`,
      ...phaseRows,
      '',
      'Command: `npx tsx scripts/bench/index.ts startup` (or `npm run bench -- startup`).',
    ].join('\n');
    return { key: 'startup', title: 'Server start-up', markdown };
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}
