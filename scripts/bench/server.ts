/** The server as the benchmarks run it: `tsx server/main.ts` in its own process, as `npm start` does. */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { freeLoopbackPort } from '../../server/search/free-port';

const TSX = path.resolve('node_modules/.bin/tsx');

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
  const port = await freeLoopbackPort();
  const child = spawn(TSX, ['server/main.ts'], {
    env: benchEnv({ ...extra, PORT: String(port) }),
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
