/**
 * Relevance of search on the demo data: the test set of tests/search/relevance-set.ts (queries people
 * type, with the roles that must come in the first five) asked of /recherche with Meilisearch, then of
 * the same app without it (the PostgreSQL fallback). In process, on an in-memory PGlite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Meilisearch } from 'meilisearch';
import { openDb } from '../../../db/client';
import { buildApp } from '../../../server/app';
import type { AppConfig } from '../../../server/config';
import { createSearchService } from '../../../server/search/service';
import { ensureIndexes } from '../../../server/search/settings';
import { SEARCH_INDEXES } from '../../../server/search-sources';
import {
  RELEVANCE_SET,
  type RelevanceQuery,
  type RelevanceScore,
  scoreRelevance,
} from '../../../tests/search/relevance-set';
import { testConfig } from '../../../tests/support/app';
import { loadDemo } from '../../demo';
import { median } from '../types';

export interface RelevanceFigures {
  meili: RelevanceScore;
  fallback: RelevanceScore;
  /** Share of the set where both put an expected role in the first five. */
  bothTop5: number;
  /** Median time of one query through the app (ms), in process. */
  meiliMs: number;
  fallbackMs: number;
}

function config(dataDir: string, indexPrefix: string): AppConfig {
  return testConfig({
    dataDir,
    meiliIndexPrefix: indexPrefix,
    rateLimit: { max: 1_000_000, windowMs: 60_000 },
  });
}

async function ask(app: FastifyInstance, set: RelevanceQuery[], degraded: boolean) {
  const results: { query: RelevanceQuery; codes: (string | null)[] }[] = [];
  const times: number[] = [];
  for (const query of set) {
    const started = performance.now();
    const response = await app.inject({
      url: `/recherche?q=${encodeURIComponent(query.q)}`,
      headers: { accept: 'application/json' },
    });
    times.push(performance.now() - started);
    const body = response.json() as { hits: { roleCode: string | null }[]; degraded: boolean };
    if (body.degraded !== degraded)
      throw new Error(`"${query.q}": degraded ${body.degraded}, expected ${degraded}`);
    results.push({ query, codes: body.hits.map((h) => h.roleCode) });
  }
  return { results, ms: median(times) };
}

export async function measureRelevance(meili: { url: string; masterKey: string }): Promise<RelevanceFigures> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mosaique-bench-relevance-'));
  const prefix = 'relevance_';
  const handle = await openDb({});
  let app: FastifyInstance | undefined;
  let fallbackApp: FastifyInstance | undefined;
  try {
    await handle.migrate();
    await loadDemo(handle.db, { publicUrl: 'http://mosaique.test' });
    const search = createSearchService({ url: meili.url, masterKey: meili.masterKey, indexPrefix: prefix });
    app = await buildApp(config(dataDir, prefix), { db: handle.db, search });
    await ensureIndexes(search, SEARCH_INDEXES);
    const drained = await app.searchIndexer.drain();
    if (drained.failed) throw new Error(`indexing the demo failed for ${drained.failed} records`);
    fallbackApp = await buildApp(config(dataDir, prefix), {
      db: handle.db,
      search: createSearchService({ indexPrefix: prefix }),
    });
    // One round to warm up caches and the JIT, then the measured one.
    await ask(app, RELEVANCE_SET.slice(0, 10), false);
    await ask(fallbackApp, RELEVANCE_SET.slice(0, 10), true);
    const withMeili = await ask(app, RELEVANCE_SET, false);
    const withFallback = await ask(fallbackApp, RELEVANCE_SET, true);
    const inTop5 = (codes: (string | null)[], q: RelevanceQuery) =>
      codes.slice(0, 5).some((c) => c !== null && q.expect.includes(c));
    const both = RELEVANCE_SET.filter(
      (q, i) => inTop5(withMeili.results[i].codes, q) && inTop5(withFallback.results[i].codes, q),
    ).length;
    return {
      meili: scoreRelevance(withMeili.results),
      fallback: scoreRelevance(withFallback.results),
      bothTop5: both / RELEVANCE_SET.length,
      meiliMs: withMeili.ms,
      fallbackMs: withFallback.ms,
    };
  } finally {
    await fallbackApp?.close();
    await app?.close();
    await handle.close();
    const client = new Meilisearch({ host: meili.url, apiKey: meili.masterKey });
    for (const index of (await client.getIndexes({ limit: 100 })).results)
      if (index.uid.startsWith(prefix)) await client.deleteIndex(index.uid).waitTask({ timeout: 60_000 });
    rmSync(dataDir, { recursive: true, force: true });
  }
}
