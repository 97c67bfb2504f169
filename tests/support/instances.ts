/**
 * Real app processes, started the way `npm start` does (`node scripts/start.mjs`: the build in dist/,
 * made by the first of them when missing or stale), each with its own PORT and DATA_DIR, all on one
 * PostgreSQL database (or each on its own embedded PGlite) and one Meilisearch: what a deployment of
 * several instances looks like. Used by tests/deployment/ and by `npm run bench -- instances`; it imports nothing
 * from vitest.
 *
 * ```ts
 * const db = await createEmptyDatabase(process.env.DATABASE_URL);
 * const cluster = await startInstances(2, { databaseUrl: db.url, meili, env: { TRUST_PROXY: 'true' } });
 * await fetch(`${cluster.instances[1].baseUrl}/healthz`);
 * await cluster.stop();
 * await db.drop();
 * ```
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { freeLoopbackPort } from '../../server/search/free-port';

const START_SCRIPT = path.resolve('scripts/start.mjs');
const START_TIMEOUT_MS = 120_000;

export interface InstanceOptions {
  /** Absent: the instance's own embedded PGlite in its DATA_DIR. */
  databaseUrl?: string;
  meili: { url: string; masterKey?: string; indexPrefix: string };
  /** More environment (TRUST_PROXY, MOSAIQUE_DEMO, SMTP_URL…); the rest of the environment is dropped. */
  env?: Record<string, string>;
}

export interface Instance {
  baseUrl: string;
  port: number;
  dataDir: string;
  pid: number;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** SIGTERM (graceful shutdown) and wait for the exit; SIGKILL after 15 s. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash or an OOM kill would. */
  kill(): Promise<void>;
}

export interface Cluster {
  instances: Instance[];
  stop(): Promise<void>;
}

/** Only what the app reads from the environment is passed on, so the caller's own settings never leak in. */
function environment(options: InstanceOptions, port: number, dataDir: string): NodeJS.ProcessEnv {
  const inherited: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      !/^(DATABASE_URL|MEILI_|MOSAIQUE_|DATA_DIR|PORT|HOST|SESSION_SECRET|SMTP_URL|TRUST_PROXY|PUBLIC_URL|VITEST)/.test(
        key,
      )
    )
      inherited[key] = value;
  }
  return {
    ...inherited,
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    MEILI_URL: options.meili.url,
    MEILI_INDEX_PREFIX: options.meili.indexPrefix,
    ...(options.meili.masterKey ? { MEILI_MASTER_KEY: options.meili.masterKey } : {}),
    MOSAIQUE_DEMO: '0',
    LOG_LEVEL: 'warn',
    ...options.env,
  };
}

async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts one instance and resolves once its /healthz answers 200; throws with its last lines if it exits. */
export async function startInstance(options: InstanceOptions): Promise<Instance> {
  const port = await freeLoopbackPort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mosaique-instance-'));
  const child = spawn(process.execPath, [START_SCRIPT], {
    env: environment(options, port, dataDir),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // a group of its own: a stuck instance is killed with its children
  });
  const lines: string[] = [];
  child.stdout?.on('data', (d) => lines.push(String(d)));
  child.stderr?.on('data', (d) => lines.push(String(d)));
  const output = () => lines.join('');
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const exited = exitOf(child);
  const instance: Instance = {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    pid: child.pid ?? 0,
    output,
    async stop() {
      // The server shuts down gracefully on SIGTERM.
      child.kill('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
      rmSync(dataDir, { recursive: true, force: true });
    },
    async kill() {
      killGroup('SIGKILL');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };

  const started = Date.now();
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  for (;;) {
    if (gone) {
      rmSync(dataDir, { recursive: true, force: true });
      throw new Error(
        `instance on port ${port} exited: ${output().trim().split('\n').slice(-3).join(' | ')}`,
      );
    }
    if (Date.now() - started > START_TIMEOUT_MS) {
      await instance.kill();
      throw new Error(`instance on port ${port}: no 200 on /healthz within ${START_TIMEOUT_MS / 1000} s`);
    }
    if (await healthy(instance.baseUrl)) return instance;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts `count` instances at the same moment (not one after the other) on the same database. */
export async function startInstances(count: number, options: InstanceOptions): Promise<Cluster> {
  const results = await Promise.allSettled(Array.from({ length: count }, () => startInstance(options)));
  const instances = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  const stop = async () => {
    await Promise.all(instances.map((i) => i.stop()));
  };
  if (failed) {
    await stop();
    throw failed.reason;
  }
  return { instances, stop };
}

export interface TemporaryDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database on the server of `serverUrl` (no migrations: the instances apply them). */
export async function createEmptyDatabase(serverUrl: string): Promise<TemporaryDatabase> {
  const name = `mosaique_instances_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}
