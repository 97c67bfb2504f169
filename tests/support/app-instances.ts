/**
 * Several app instances over one database, as several servers behind a load balancer: each a
 * `buildApp` of its own with its own DATA_DIR (and so nothing shared but the database, the search
 * engine and the session secret, as in production). PGlite cannot be opened by two processes, so this
 * is how "no state outside the database" is checked on both drivers; tests on real processes
 * (DATABASE_URL) start `server/main.ts` instead.
 */
import { rmSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app';
import type { AppConfig } from '../../server/config';
import { createSearchService } from '../../server/search/service';
import { testConfig } from './app';
import { Browser } from './browser';
import { createTestDb, type TestDb } from './db';
import { testMeili } from './meili';

export interface TestInstances {
  apps: FastifyInstance[];
  configs: AppConfig[];
  db: TestDb['db'];
  close(): Promise<void>;
}

export async function createTestInstances(
  count: number,
  overrides: Partial<AppConfig> = {},
): Promise<TestInstances> {
  const handle = await createTestDb();
  const meili = testMeili();
  const apps: FastifyInstance[] = [];
  const configs: AppConfig[] = [];
  for (let i = 0; i < count; i++) {
    const config = testConfig({ meiliIndexPrefix: meili.indexPrefix, ...overrides });
    const search = createSearchService({
      url: meili.url,
      masterKey: meili.masterKey,
      indexPrefix: config.meiliIndexPrefix,
    });
    const app = await buildApp(config, { db: handle.db, search, readCache: handle.readCache });
    await app.ready();
    apps.push(app);
    configs.push(config);
  }
  return {
    apps,
    configs,
    db: handle.db,
    async close() {
      for (const app of apps) await app.close();
      await handle.destroy();
      for (const config of configs) rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}

/** The same person (same cookies, same CSRF token) sending their next requests to another instance. */
export function sameBrowserOn(browser: Browser, app: FastifyInstance): Browser {
  const moved = new Browser(app);
  moved.cookies = browser.cookies;
  moved.csrfToken = browser.csrfToken;
  return moved;
}
