/**
 * Meilisearch for test files. `testMeili()` gives the run's shared Meilisearch (see
 * meili-global-setup.ts) with an index prefix of this file's own; `startDisposableMeili()` starts a
 * separate instance that a test may crash and restart (outage tests).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Meilisearch } from 'meilisearch';
import { expect, inject } from 'vitest';
import { type EmbeddedMeili, startEmbeddedMeili } from '../../server/search/meili-process';

export interface TestMeili {
  url: string;
  masterKey: string;
  /** Unique to this test file, e.g. `t3f9a1c2e_`: create only indexes whose names start with it. */
  indexPrefix: string;
}

let current: (TestMeili & { file: string | undefined }) | undefined;

/**
 * The shared Meilisearch; the prefix is drawn once per test file. Test files share their worker's
 * modules (isolate: false), so the prefix is remembered with the file it belongs to.
 */
export function testMeili(): TestMeili {
  const file = expect.getState().testPath;
  if (!current || current.file !== file) {
    const { url, masterKey } = inject('meili');
    current = { file, url, masterKey, indexPrefix: `t${randomBytes(4).toString('hex')}_` };
  }
  const { file: _file, ...meili } = current;
  return meili;
}

/** Deletes every index whose name starts with `prefix` (use in afterAll) and waits until they are gone. */
export async function deleteIndexesWithPrefix(prefix: string, meili: TestMeili = testMeili()): Promise<void> {
  if (!prefix) throw new Error('deleteIndexesWithPrefix: refusing an empty prefix');
  const client = new Meilisearch({ host: meili.url, apiKey: meili.masterKey });
  const doomed: string[] = [];
  const limit = 100;
  for (let offset = 0; ; offset += limit) {
    const page = await client.getIndexes({ offset, limit });
    for (const index of page.results) if (index.uid.startsWith(prefix)) doomed.push(index.uid);
    if (offset + limit >= page.total) break;
  }
  await Promise.all(doomed.map((uid) => client.deleteIndex(uid).waitTask({ timeout: 30_000 })));
}

export interface DisposableMeili {
  url: string;
  masterKey: string;
  /** SIGKILL, as a crash would; the data directory stays. */
  kill(): Promise<void>;
  /** Starts it again on the same data, port and key (after kill() or stop()). */
  restart(): Promise<void>;
  /** Stops it and removes its data directory. */
  stop(): Promise<void>;
}

/** A Meilisearch of the test's own, in its own temporary directory, that the test may kill and restart. */
export async function startDisposableMeili(): Promise<DisposableMeili> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'mosaique-disposable-meili-'));
  let instance: EmbeddedMeili | undefined;
  try {
    instance = await startEmbeddedMeili({ dataDir });
  } catch (err) {
    await fs.rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  const port = Number(new URL(instance.url).port);
  const { url, masterKey } = instance;
  return {
    url,
    masterKey,
    async kill() {
      await instance?.kill();
    },
    async restart() {
      await instance?.stop();
      instance = undefined;
      // The port was just released; give a stray socket a moment rather than failing at once.
      for (let attempt = 1; ; attempt++) {
        try {
          instance = await startEmbeddedMeili({ dataDir, port });
          return;
        } catch (err) {
          if (attempt >= 20 || !/address already in use/i.test((err as Error).message)) throw err;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
    },
    async stop() {
      await instance?.stop();
      instance = undefined;
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
