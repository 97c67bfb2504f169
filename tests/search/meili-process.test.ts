import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Meilisearch } from 'meilisearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../../server/search/free-port';
import { findMeiliBinary, startEmbeddedMeili, waitForMeili } from '../../server/search/meili-process';
import { deleteIndexesWithPrefix, startDisposableMeili, testMeili } from '../support/meili';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** True while the process exists and is not a zombie (in a container nobody may reap it). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

async function health(url: string): Promise<string> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
    return ((await res.json()) as { status: string }).status;
  } catch {
    return 'unreachable';
  }
}

const tmpDirs: string[] = [];
async function tmpDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mosaique-meili-test-'));
  tmpDirs.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(tmpDirs.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

describe('startEmbeddedMeili', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await tmpDir();
  });

  it('finds the binary of the optional package', () => {
    expect(findMeiliBinary()).toMatch(/meilisearch-linux-amd64\/meilisearch$/);
  });

  it('starts on a loopback port with a master key, and is gone after stop()', async () => {
    const meili = await startEmbeddedMeili({ dataDir });
    expect(meili.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(isRunning(meili.pid)).toBe(true);
    expect(await health(meili.url)).toBe('available');

    const client = new Meilisearch({ host: meili.url, apiKey: meili.masterKey });
    expect((await client.getVersion()).pkgVersion).toBe('1.21.0');
    const anonymous = await fetch(`${meili.url}/indexes`);
    expect(anonymous.status).toBe(401);

    await meili.stop();
    expect(isRunning(meili.pid)).toBe(false);
    expect(await health(meili.url)).toBe('unreachable');
    await meili.stop(); // a second stop is harmless
  });

  it('copies the binary into the data dir with its run bit, and keeps the key private', async () => {
    const source = findMeiliBinary() as string;
    const copy = await fs.stat(path.join(dataDir, 'bin', 'meilisearch'));
    expect(copy.mode & 0o777).toBe(0o755);
    expect(copy.size).toBe((await fs.stat(source)).size);
    const keyFile = path.join(dataDir, 'meili-master-key');
    expect((await fs.stat(keyFile)).mode & 0o777).toBe(0o600);
    expect((await fs.readFile(keyFile, 'utf8')).trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(await fs.readdir(path.join(dataDir, 'bin'))).toEqual(['meilisearch']); // no temporary left
  });

  it('reuses the key file and the copied binary on a second start in the same dir', async () => {
    const keyFile = path.join(dataDir, 'meili-master-key');
    const keyBefore = await fs.readFile(keyFile, 'utf8');
    const binaryBefore = await fs.stat(path.join(dataDir, 'bin', 'meilisearch'));

    const meili = await startEmbeddedMeili({ dataDir });
    try {
      expect(meili.masterKey).toBe(keyBefore.trim());
      expect(await fs.readFile(keyFile, 'utf8')).toBe(keyBefore);
      const binaryAfter = await fs.stat(path.join(dataDir, 'bin', 'meilisearch'));
      expect(binaryAfter.ino).toBe(binaryBefore.ino);
      expect(binaryAfter.mtimeMs).toBe(binaryBefore.mtimeMs);
    } finally {
      await meili.stop();
    }
  });

  it('fails fast with Meilisearch’s own error when it exits during start-up', async () => {
    const blocker = createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)),
    );
    try {
      const started = Date.now();
      await expect(startEmbeddedMeili({ dataDir, port })).rejects.toThrow(
        /exited during start-up .*Address already in use/,
      );
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      blocker.close();
    }
  });

  it.skipIf(spawnSync('setpriv', ['--pdeathsig', 'KILL', '--', 'true']).status !== 0)(
    'does not outlive a parent killed with SIGKILL',
    async () => {
      const dir = await tmpDir();
      const script = path.join(dir, 'parent.mts');
      await fs.writeFile(
        script,
        `import { startEmbeddedMeili } from ${JSON.stringify(path.join(root, 'server/search/meili-process'))};\n` +
          `const meili = await startEmbeddedMeili({ dataDir: ${JSON.stringify(path.join(dir, 'data'))} });\n` +
          'console.log(JSON.stringify({ pid: meili.pid }));\n' +
          'setInterval(() => {}, 1000);\n',
      );
      const parent = spawn(process.execPath, ['--import', 'tsx', script], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: parent.stdout }).once('line', resolve);
        parent.once('exit', (code) => reject(new Error(`parent exited early (${code})`)));
      });
      const { pid } = JSON.parse(line) as { pid: number };
      expect(isRunning(pid)).toBe(true);
      parent.kill('SIGKILL');
      expect(await waitUntil(() => !isRunning(pid), 5_000)).toBe(true);
    },
  );
});

describe('waitForMeili', () => {
  it('resolves for a reachable Meilisearch and a valid key', async () => {
    const { url, masterKey } = testMeili();
    await expect(waitForMeili(url, masterKey, 5_000)).resolves.toBeUndefined();
  });

  it('rejects quickly, in one line, for a closed port', async () => {
    const port = await freeLoopbackPort(); // free, so nothing listens there
    const started = Date.now();
    const error = await waitForMeili(`http://127.0.0.1:${port}`, 'some-key', 1_000).catch((e: Error) => e);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(
      `Meilisearch at http://127.0.0.1:${port} is unreachable (connection refused) after 1000 ms`,
    );
  });

  it('rejects at once, in one line, for a wrong key or a missing key', async () => {
    const { url } = testMeili();
    const started = Date.now();
    await expect(waitForMeili(url, 'not-the-master-key', 5_000)).rejects.toThrow(
      `Meilisearch at ${url} rejected MEILI_MASTER_KEY (invalid_api_key)`,
    );
    await expect(waitForMeili(url, undefined, 5_000)).rejects.toThrow(
      `Meilisearch at ${url} requires a key: set MEILI_MASTER_KEY (missing_authorization_header)`,
    );
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('rejects a malformed URL', async () => {
    await expect(waitForMeili('not a url', 'k', 1_000)).rejects.toThrow('MEILI_URL is not a valid URL');
  });
});

describe('test support', () => {
  it('gives each test file an index prefix and deletes only that prefix’s indexes', async () => {
    const meili = testMeili();
    expect(meili.indexPrefix).toMatch(/^t[0-9a-f]{8}_$/);
    expect(testMeili().indexPrefix).toBe(meili.indexPrefix);
    const client = new Meilisearch({ host: meili.url, apiKey: meili.masterKey });
    const other = `${meili.indexPrefix}other_${Date.now()}`;
    await client.createIndex(`${meili.indexPrefix}a`).waitTask();
    await client.createIndex(`${meili.indexPrefix}b`).waitTask();
    await client.createIndex(other).waitTask();
    try {
      await deleteIndexesWithPrefix(`${meili.indexPrefix}a`);
      await deleteIndexesWithPrefix(`${meili.indexPrefix}b`);
      const uids = (await client.getIndexes({ limit: 1000 })).results.map((index) => index.uid);
      expect(uids).toContain(other);
      expect(
        uids.filter((uid) => uid === `${meili.indexPrefix}a` || uid === `${meili.indexPrefix}b`),
      ).toEqual([]);
    } finally {
      await deleteIndexesWithPrefix(meili.indexPrefix);
    }
    const left = (await client.getIndexes({ limit: 1000 })).results.map((index) => index.uid);
    expect(left.filter((uid) => uid.startsWith(meili.indexPrefix))).toEqual([]);
  });

  it('startDisposableMeili can be killed and restarted on the same address, key and data', async () => {
    const meili = await startDisposableMeili();
    try {
      const client = new Meilisearch({ host: meili.url, apiKey: meili.masterKey });
      await client.createIndex('kept').waitTask();
      await meili.kill();
      expect(await health(meili.url)).toBe('unreachable');
      await meili.restart();
      expect(await health(meili.url)).toBe('available');
      expect((await client.getIndexes()).results.map((index) => index.uid)).toEqual(['kept']);
    } finally {
      await meili.stop();
    }
    expect(await health(meili.url)).toBe('unreachable');
  });
});
