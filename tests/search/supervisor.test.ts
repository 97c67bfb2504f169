/**
 * The embedded Meilisearch is killed under a running app: the supervisor logs it and starts it again,
 * /healthz says "restarting" meanwhile, search answers from PostgreSQL and leaves it as soon as
 * Meilisearch answers, and a record written while it was down is found once the outbox has drained.
 */
import fs from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import {
  restartDelay,
  type SupervisedMeili,
  superviseEmbeddedMeili,
} from '../../server/search/meili-supervisor';
import { createSearchService } from '../../server/search/service';
import { ensureIndexes } from '../../server/search/settings';
import { SEARCH_INDEXES } from '../../server/search-sources';
import { testConfig } from '../support/app';
import { createTestDb, type TestDb } from '../support/db';
import { makeOrganization, makePerson } from '../support/factories';
import { addNeed } from './helpers';

let dataDir: string;
let meili: SupervisedMeili;
let handle: TestDb;
let app: FastifyInstance;
const lines: string[] = [];

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'mosaique-supervised-meili-'));
  meili = await superviseEmbeddedMeili({ dataDir, log: (line) => lines.push(line), backoffBaseMs: 200 });
  handle = await createTestDb();
  const search = createSearchService({
    url: meili.url,
    masterKey: meili.masterKey,
    indexPrefix: 'supervised_',
    embedded: meili,
  });
  app = await buildApp(testConfig(), { db: handle.db, search });
  await app.ready();
  expect(await ensureIndexes(search, SEARCH_INDEXES)).toBe(true);
}, 120_000);

afterAll(async () => {
  await app?.close();
  await handle?.destroy();
  await meili?.stop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const health = async () => (await app.inject({ url: '/healthz' })).json().search as string;
const search = async (q: string) =>
  (
    await app.inject({
      url: `/recherche?q=${encodeURIComponent(q)}`,
      headers: { accept: 'application/json' },
    })
  ).json();

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('a killed embedded Meilisearch', () => {
  it('is logged and restarted, /healthz says so, and search comes back with what was written meanwhile', async () => {
    const person = await makePerson(handle.db);
    const org = await makeOrganization(handle.db, { owner: person });
    await addNeed(handle.db, person.id, org.id, { title: 'Valoriste en ressourcerie' });
    // The need, and its structure's directory entry.
    expect((await app.searchIndexer.drain()).indexed).toBe(2);
    expect(await health()).toBe('ok');
    expect((await search('ressourcerie')).degraded).toBe(false);

    const pid = meili.pid() as number;
    process.kill(pid, 'SIGKILL');
    expect(
      await until('"restarting"', async () => ((await health()) === 'restarting' ? true : undefined)),
    ).toBe(true);
    expect(lines.some((l) => l.includes(`(pid ${pid}) exited unexpectedly (signal SIGKILL)`))).toBe(true);
    // The first process was not crash-looping: the first attempt waits the base delay.
    expect(lines.some((l) => l.includes(`restart attempt 1 in ${restartDelay(0, 200)} ms`))).toBe(true);

    // Written while Meilisearch is down: the fallback finds it at once, the outbox keeps it for later.
    await addNeed(handle.db, person.id, org.id, { title: 'Agent·e de tri au réemploi' });
    const meanwhile = await search('réemploi');
    expect(meanwhile.degraded).toBe(true);
    expect(meanwhile.total).toBe(2);

    await until('"ok"', async () => ((await health()) === 'ok' ? true : undefined));
    expect(meili.pid()).not.toBe(pid);
    expect(alive(pid)).toBe(false);
    expect(lines.some((l) => /restarted \(pid \d+\)/.test(l))).toBe(true);
    // Out of the fallback at once, without waiting for its cool-down.
    expect((await search('ressourcerie')).degraded).toBe(false);

    // The need, and its structure's directory entry.
    expect((await app.searchIndexer.drain()).indexed).toBe(2);
    const after = await search('réemploi');
    expect(after.degraded).toBe(false);
    expect(after.hits.map((h: { title: string }) => h.title).sort()).toEqual([
      'Agent·e de tri au réemploi',
      'Valoriste en ressourcerie',
    ]);
  }, 120_000);

  it('keeps trying with a growing delay while it cannot start, and starts once it can', async () => {
    const port = Number(new URL(meili.url).port);
    const pid = meili.pid() as number;
    const before = lines.length;
    process.kill(pid, 'SIGKILL');
    await until('the exit', async () => (meili.state() === 'restarting' ? true : undefined));
    // Someone else takes the port in the meantime (and hangs up on every connection, our health checks'
    // included): every attempt fails until it is free again.
    const squatter = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      squatter.once('error', reject);
      squatter.listen(port, '127.0.0.1', () => resolve());
    });
    await until(
      'three failed attempts',
      async () =>
        lines.slice(before).filter((l) => l.includes('restart failed')).length >= 3 ? true : undefined,
      30_000,
    ).catch((err) => {
      throw new Error(`${err.message}:\n${lines.slice(before).join('\n')}`);
    });
    expect(await health()).toBe('restarting');
    const delays = lines
      .slice(before)
      .map((l) => /restart attempt \d+ in (\d+) ms/.exec(l)?.[1])
      .filter(Boolean)
      .map(Number);
    // A restarted process that died within a minute: a failed attempt already, the delays go on growing.
    expect(delays.slice(0, 3)).toEqual([restartDelay(1, 200), restartDelay(2, 200), restartDelay(3, 200)]);
    await new Promise<void>((resolve) => squatter.close(() => resolve()));
    await until('"ok"', async () => ((await health()) === 'ok' ? true : undefined));
  }, 120_000);

  it('is not restarted once stopped', async () => {
    const pid = meili.pid() as number;
    await meili.stop();
    expect(meili.state()).toBe('stopped');
    expect(alive(pid)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(meili.pid()).toBeUndefined();
  });
});

it('waits twice as long after each failed attempt, up to a cap', () => {
  expect([0, 1, 2, 3].map((n) => restartDelay(n))).toEqual([500, 1_000, 2_000, 4_000]);
  expect(restartDelay(20)).toBe(30_000);
});
