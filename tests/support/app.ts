/**
 * A real app for a test file: its own database (PGlite or a fresh PostgreSQL database), the shared real
 * Meilisearch with an index prefix of its own, a temp DATA_DIR for mail files.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app';
import type { AppConfig } from '../../server/config';
import { createSearchService, type SearchService } from '../../server/search/service';
import { createTestDb, type TestDb } from './db';
import { testMeili } from './meili';

export interface TestApp {
  app: FastifyInstance;
  db: TestDb['db'];
  handle: TestDb;
  config: AppConfig;
  search: SearchService;
  close(): Promise<void>;
}

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: mkdtempSync(path.join(os.tmpdir(), 'mosaique-test-')),
    meiliIndexPrefix: '',
    sessionSecret: 'test-secret-test-secret-test-secret-0123456789',
    mailFrom: 'Mosaïque <test@mosaique.invalid>',
    publicUrl: 'http://mosaique.test',
    demo: false,
    logLevel: 'silent',
    trustProxy: false,
    // Light argon2 cost: the suite hashes hundreds of passwords; production keeps the library defaults.
    passwordHashing: { memoryCost: 1024, timeCost: 2 },
    rateLimit: { max: 10, windowMs: 60_000 },
    invitationLimit: { max: 20, windowMs: 3_600_000 },
    ...overrides,
  };
}

export async function createTestApp(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  const handle = await createTestDb();
  const meili = testMeili();
  const config = testConfig({ meiliIndexPrefix: meili.indexPrefix, ...overrides });
  const search = createSearchService({
    url: meili.url,
    masterKey: meili.masterKey,
    indexPrefix: config.meiliIndexPrefix,
  });
  const app = await buildApp(config, { db: handle.db, search, readCache: handle.readCache });
  await app.ready();
  return {
    app,
    db: handle.db,
    handle,
    config,
    search,
    async close() {
      await app.close();
      await handle.destroy();
      rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}
