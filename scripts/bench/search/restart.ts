/**
 * Time from killing the embedded Meilisearch (SIGKILL) to `/healthz` saying `"search": "ok"` again, on
 * the server started as `npm start` does (its own process, Meilisearch embedded and supervised:
 * server/search/meili-supervisor.ts). One kill per server start, so that each measures a first crash (the
 * supervisor waits longer after a restarted process dies again within a minute).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, stopServer } from '../server';

export interface RestartFigures {
  /** Kill → "ok" again, per run (ms). */
  okMs: number[];
  /** Kill → "restarting" first seen, per run (ms). */
  restartingMs: number[];
}

/** The first descendant of `pid` whose command line matches `pattern` (Linux /proc). */
function findDescendant(pid: number, pattern: RegExp): number | undefined {
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift() as number;
    try {
      if (p !== pid && pattern.test(readFileSync(`/proc/${p}/cmdline`, 'utf8'))) return p;
      for (const task of readdirSync(`/proc/${p}/task`)) {
        const children = readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim();
        if (children) queue.push(...children.split(' ').map(Number));
      }
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

async function searchHealth(base: string): Promise<string> {
  try {
    const response = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2_000) });
    return ((await response.json()) as { search?: string }).search ?? 'none';
  } catch {
    return 'unreachable';
  }
}

export async function measureRestart(runs = 3): Promise<RestartFigures> {
  const figures: RestartFigures = { okMs: [], restartingMs: [] };
  for (let run = 0; run < runs; run++) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mosaique-bench-restart-'));
    const server = await startServer({ DATA_DIR: dataDir });
    try {
      let meili: number | undefined;
      for (let i = 0; i < 100 && !meili; i++) {
        meili = findDescendant(server.child.pid ?? 0, /meilisearch/);
        if (!meili) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      if (!meili) throw new Error('no embedded Meilisearch under the server');
      if ((await searchHealth(server.base)) !== 'ok') throw new Error('search is not "ok" before the kill');
      const killed = performance.now();
      process.kill(meili, 'SIGKILL');
      let restarting: number | undefined;
      let seenDown = false;
      for (;;) {
        const health = await searchHealth(server.base);
        const now = performance.now() - killed;
        if (health === 'restarting') restarting ??= now;
        if (health !== 'ok') seenDown = true;
        else if (seenDown) {
          figures.okMs.push(now);
          figures.restartingMs.push(restarting ?? Number.NaN);
          break;
        }
        if (now > 120_000) throw new Error('search did not come back within 120 s');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    } finally {
      await stopServer(server.child);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return figures;
}
