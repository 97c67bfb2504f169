import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/meili-global-setup.ts', 'tests/support/db-global-setup.ts'],
    setupFiles: ['tests/support/setup.ts'],
    // One worker per core. Test files share their worker process (isolate: false): the app's modules are
    // imported once per worker rather than once per file, and each worker keeps one PGlite that every
    // file leases emptied (tests/support/db.ts). Isolation between files is the database's and the
    // Meilisearch index prefix's: module state (caches, counters) carries over from file to file.
    pool: 'forks',
    isolate: false,
    maxWorkers: os.availableParallelism(),
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
