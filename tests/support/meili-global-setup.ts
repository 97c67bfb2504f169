/**
 * vitest globalSetup: one Meilisearch for the whole run. With MEILI_URL (and MEILI_MASTER_KEY) the
 * tests use that server; otherwise one embedded Meilisearch is started in a fresh temporary directory
 * and stopped (and the directory removed) at the end. Test files reach it through `testMeili()` in
 * tests/support/meili.ts, each with its own index prefix.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedMeili, waitForMeili } from '../../server/search/meili-process';

declare module 'vitest' {
  export interface ProvidedContext {
    meili: { url: string; masterKey: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const remoteUrl = process.env.MEILI_URL;
  if (remoteUrl) {
    const masterKey = process.env.MEILI_MASTER_KEY ?? '';
    await waitForMeili(remoteUrl, masterKey || undefined, 10_000);
    project.provide('meili', { url: remoteUrl.replace(/\/+$/, ''), masterKey });
    return async () => {};
  }

  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'mosaique-test-meili-'));
  const lines: string[] = [];
  try {
    const meili = await startEmbeddedMeili({
      dataDir,
      log: (line) => {
        lines.push(line);
        if (lines.length > 50) lines.shift();
      },
    });
    project.provide('meili', { url: meili.url, masterKey: meili.masterKey });
    return async () => {
      await meili.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    };
  } catch (err) {
    await fs.rm(dataDir, { recursive: true, force: true });
    throw new Error(
      `tests need Meilisearch: ${(err as Error).message}\n` +
        'Set MEILI_URL and MEILI_MASTER_KEY to use a running server instead.',
    );
  }
}
