/**
 * The process (server/main.ts is its entry from the sources, scripts/start.mjs from the build): read the
 * config, open the database (PGlite in DATA_DIR by default, which open-early.ts has started opening and
 * migrating in its own thread), start Meilisearch from the installed binary unless MEILI_URL is given,
 * build the app meanwhile, load the demo into an empty embedded database, listen, and close everything
 * cleanly on SIGINT/SIGTERM. Start-up failures print one line and exit 1.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Meilisearch } from 'meilisearch';
import { type DbHandle, openDb, refreshPlannerStatistics } from '../db/client';
import { collectWhenIdle, exposedGc } from '../db/idle-gc';
import { INSTALL_CACHE_DIR } from '../db/pglite-open';
import type { RemotePglite } from '../db/pglite-remote';
import { SESSION_SECRET_NAME, sharedSecret } from './common/secrets';
import { type AppConfig, loadConfig } from './config';
import { embeddedDbDir } from './data-dir';
import { configurePlaces, loadPlaces } from './places';
import { prepareRoleSearch } from './roles';
import { waitForMeili } from './search/meili-process';
import { type SupervisedMeili, superviseEmbeddedMeili } from './search/meili-supervisor';
import { createSearchService } from './search/service';
import { ensureIndexes, indexesExist } from './search/settings';
import { SEARCH_INDEXES } from './search-sources';

class StartError extends Error {}

/** How long after listening the warm-up (commune index, planner statistics) runs. */
const WARM_UP_DELAY_MS = 3_000;

/** postgres://user:secret@host/db → postgres://user:***@host/db, for messages. */
function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

interface StartedSearch {
  meili?: SupervisedMeili;
  url?: string;
  masterKey?: string;
}

/** An outside Meilisearch (MEILI_URL) must answer; the embedded one may fail (search then uses SQL). */
async function startSearch(env: ReturnType<typeof loadConfig>): Promise<StartedSearch> {
  if (env.meili) {
    try {
      await waitForMeili(env.meili.url, env.meili.masterKey, 5_000);
    } catch (err) {
      throw new StartError(`search: ${(err as Error).message}`);
    }
    return { url: env.meili.url, masterKey: env.meili.masterKey };
  }
  try {
    // Supervised: restarted with backoff if it dies (server/search/meili-supervisor.ts).
    const meili = await superviseEmbeddedMeili({
      dataDir: env.dataDir,
      log: (message) => console.warn(`search: ${message}`),
      output: (line) => {
        if (/ERROR|panicked/.test(line)) console.warn(`meilisearch: ${line}`);
      },
    });
    return { meili, url: meili.url, masterKey: meili.masterKey };
  } catch (err) {
    console.warn(
      `search: Meilisearch not started (${(err as Error).message}); search answers from PostgreSQL.`,
    );
    return {};
  }
}

/** What open-early.ts started before this module loaded: the embedded database being opened, or why it could not. */
export type EarlyDb = { dir: string; opening: RemotePglite } | { error: unknown } | null;

/** Milliseconds since the process started (performance's time origin), for the start-up log. */
const sinceProcessStart = () => Math.round(performance.now());

async function main(early: EarlyDb) {
  // When each step of the start was done: logged once listening, read by the start-up benchmark.
  const phases: [string, number][] = [['entry', sinceProcessStart()]];
  const env = loadConfig();
  mkdirSync(env.dataDir, { recursive: true });
  const dbDir = embeddedDbDir(env.dataDir);
  // open-early.ts read the same environment, so this is the directory it opened; were it another, that
  // PGlite is closed and this one opened.
  let opening: RemotePglite | undefined;
  if (early && 'error' in early) {
    throw new StartError(`database: cannot open ${dbDir}: ${(early.error as Error).message}`);
  } else if (early && (env.databaseUrl || early.dir !== dbDir)) {
    early.opening.close().catch(() => {});
  } else if (early) {
    opening = early.opening;
  }

  // Meilisearch starts (a child process, or an outside server to wait for) while the database opens.
  const searchStarting = startSearch(env).then(async (started) => {
    const search = createSearchService({
      url: started.url,
      masterKey: started.masterKey,
      indexPrefix: env.meiliIndexPrefix,
      embedded: started.meili,
    });
    // A client of its own with a longer time-out than the pages' 2 s: a Meilisearch that has just
    // started, on a machine busy starting everything else, may take longer to create an index.
    const settingsClient = started.url
      ? new Meilisearch({ host: started.url, apiKey: started.masterKey, timeout: 30_000 })
      : null;
    const settingsSearch = { ...search, client: settingsClient };
    // Index settings are applied by code, idempotently (the indexer also does it on its first batch),
    // after listening: when every index exists (every start but the first), in the warm-up, since
    // comparing the vocabulary's synonyms with Meilisearch's is ~0.2 s of CPU on the web thread; when
    // one is missing, at once. Until an index exists, a search of it answers from PostgreSQL (query.ts).
    const checkSettings = () =>
      ensureIndexes(settingsSearch, SEARCH_INDEXES, (l) => console.log(`search: ${l}`));
    const indexesMissing = async () => !(await indexesExist(settingsSearch, SEARCH_INDEXES));
    return { ...started, search, checkSettings, indexesMissing };
  });
  searchStarting.catch(() => {}); // awaited below; not an unhandled rejection meanwhile

  // The app's modules (Fastify, its plugins, every capability's routes, the demo) load while PGlite opens
  // in its thread and Meilisearch starts, rather than before main() runs.
  const modules = Promise.all([import('./app'), import('./jobs'), import('../scripts/demo')]).then(
    (loaded) => {
      phases.push(['modules', sinceProcessStart()]);
      return loaded;
    },
  );
  modules.catch(() => {}); // awaited below

  const failedDatabase = async (err: unknown) => {
    await searchStarting.then((s) => s.meili?.stop()).catch(() => {});
    const where = env.databaseUrl ? redact(env.databaseUrl) : dbDir;
    return new StartError(`database: cannot open ${where}: ${(err as Error).message}`);
  };
  let handle: DbHandle;
  try {
    // PGlite: at once, while it opens in its thread (queries wait for it); the app is built meanwhile.
    handle = await openDb(
      env.databaseUrl ? { databaseUrl: env.databaseUrl } : { pgliteDir: dbDir, opening, beforeOpen: true },
    );
  } catch (err) {
    throw await failedDatabase(err);
  }
  // Migrations run under a lock shared by every instance of the database (db/locks.ts). Every instance
  // signs cookies with the same secret: SESSION_SECRET, or the one kept in the database (taken from
  // DATA_DIR/session-secret when upgrading from a version that kept it there).
  const databaseReady = (async () => {
    await handle.migrate();
    const secret =
      env.sessionSecret ??
      (await sharedSecret(handle.db, SESSION_SECRET_NAME, {
        legacyFile: path.join(env.dataDir, 'session-secret'),
      }));
    phases.push(['database', sinceProcessStart()]);
    return secret;
  })();
  databaseReady.catch(() => {}); // awaited below, once the app is built

  let search_: Awaited<typeof searchStarting>;
  try {
    search_ = await searchStarting;
  } catch (err) {
    await handle.close();
    throw err;
  }
  const { meili, url: meiliUrl, search, checkSettings, indexesMissing } = search_;

  // The commune index is built once per install from the installed packages and cached beside the PGlite
  // snapshot (it depends on the packages only, so every data directory shares it: a new one starts
  // without building it). It is loaded right after listening (a lookup before then loads it itself).
  configurePlaces({ cacheFile: path.join(INSTALL_CACHE_DIR, 'places.json') });

  const [{ buildApp }, { JOBS, startBackgroundJobs }, { DEMO_ACCOUNTS, DEMO_PASSWORD, loadDemoIfEmpty }] =
    await modules;
  // Built while PGlite opens and the migrations are checked: the session secret, which the database
  // keeps, is only read when a cookie is signed (common/security.ts), and it is set before listening.
  const config: AppConfig = { ...env, sessionSecret: env.sessionSecret ?? '' };
  const app = await buildApp(config, { db: handle.db, search, readCache: handle.readCache });
  phases.push(['app', sinceProcessStart()]);
  try {
    config.sessionSecret = await databaseReady;
  } catch (err) {
    await app.close().catch(() => {});
    await handle.close().catch(() => {});
    throw await failedDatabase(err);
  }

  let demoLoaded = false;
  if (config.demo) {
    const t0 = Date.now();
    demoLoaded = await loadDemoIfEmpty(handle.db, { publicUrl: config.publicUrl });
    if (demoLoaded) console.log(`demo data loaded in ${Date.now() - t0} ms`);
  }
  // Loading the demo grows PGlite's WebAssembly memory, which never shrinks: reopening the data
  // directory (once, on the start that loaded it; the app keeps the same `db`) begins again from the
  // module's minimum.
  if (demoLoaded && handle.reopen) await handle.reopen();
  // PGlite has no autovacuum: statistics fresh from the start, then hourly (server/jobs.ts). Right after
  // loading the demo before listening; otherwise the last run's statistics are there, refreshed shortly
  // after the server listens rather than before (a second start waits for nothing).
  const refreshStatistics = handle.driver === 'pglite' ? () => refreshPlannerStatistics(handle.db) : null;
  if (refreshStatistics && demoLoaded) await refreshStatistics();
  // A full collection once requests stop for a while, and after a matching run, here and in PGlite's
  // thread (db/idle-gc.ts).
  const gc = exposedGc();
  const idle = collectWhenIdle(
    gc &&
      (() => {
        gc();
        handle.collectGarbage?.();
      }),
  );
  app.server.on('request', () => idle.touch());
  const stopJobs = startBackgroundJobs(app, JOBS, { afterHeavyRun: () => idle.touch() });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`\n${signal}: stopping…`);
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    await stopJobs();
    idle.stop();
    await app.close().catch(() => {});
    await meili?.stop().catch(() => {});
    await handle.close().catch(() => {});
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  phases.push(['listening', sinceProcessStart()]);
  // One write, so that whoever reads the output finds the details with the "ready" line.
  const lines = [
    `Mosaïque is ready on ${config.publicUrl} (${sinceProcessStart()} ms)`,
    // Each step as it ended, since the process started (modules: the app's, loaded while the database opens).
    `  start-up: ${phases.map(([step, ms]) => `${step} ${ms} ms`).join(', ')}`,
    `  database: ${handle.driver === 'pglite' ? `PGlite in ${dbDir}` : redact(config.databaseUrl ?? '')}`,
    `  search:   ${meiliUrl ? `Meilisearch at ${meiliUrl}${meili ? ' (embedded)' : ''}` : 'PostgreSQL fallback only'}`,
  ];
  if (demoLoaded || (config.demo && handle.driver === 'pglite')) {
    lines.push(`  demo accounts (password "${DEMO_PASSWORD}"):`);
    for (const account of DEMO_ACCOUNTS) lines.push(`    ${account.email.padEnd(28)} ${account.role}`);
  }
  console.log(lines.join('\n'));
  // Warm-up that no request waits for: a few seconds after listening, not at once, where it would hold
  // the first requests (the commune index and the index settings' check are ~0.2 s of CPU each on this
  // thread, ANALYZE holds PGlite's one connection for ~0.1 s). The commune index is loaded now so that a
  // visitor's first lookup is fast. Missing indexes are looked for and created at once (after the
  // requests already waiting), not before listening: until then their searches answer from PostgreSQL.
  let settingsChecked = false;
  setImmediate(() => {
    indexesMissing()
      .then((missing) => {
        settingsChecked = missing;
        return missing ? checkSettings() : undefined;
      })
      .catch((err) => console.warn(`search: index settings not checked: ${(err as Error).message}`));
  });
  setTimeout(() => {
    loadPlaces();
    prepareRoleSearch();
    if (!settingsChecked) void checkSettings();
    if (refreshStatistics && !demoLoaded)
      refreshStatistics().catch((err) => console.warn(`database: analyze failed: ${(err as Error).message}`));
  }, WARM_UP_DELAY_MS).unref();
}

/** Starts the server; a start-up failure prints one line and exits 1. */
export function serve(early: EarlyDb): Promise<void> {
  return main(early).catch((err) => {
    const message = err instanceof Error ? err.message : String(err);
    console.error(`Mosaïque could not start: ${message.split('\n')[0]}`);
    process.exit(1);
  });
}
