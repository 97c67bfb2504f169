/**
 * The Meilisearch side of search. Meilisearch is a derived index: when it is absent or down, search
 * pages answer from PostgreSQL and /healthz reports `search: "degraded"` (`"restarting"` while the
 * supervisor of an embedded Meilisearch brings it back, meili-supervisor.ts).
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Meilisearch } from 'meilisearch';
import { ReadCache } from '../../db/read-cache';
import { createIndexer, type Indexer } from './indexer';
import { createMeiliHttp, type MeiliHttp } from './meili-http';
import type { SupervisedMeili } from './meili-supervisor';
import { markSearchUp } from './query';
import type { SearchSource } from './sources';

export type SearchHealth = 'ok' | 'degraded' | 'restarting';

export interface SearchService {
  /** null when no Meilisearch is configured (the app then always uses the PostgreSQL fallback). */
  client: Meilisearch | null;
  /** The search page's queries (meili-http.ts): lighter than the client's fetch; null like `client`. */
  http: MeiliHttp | null;
  /** Prefix of every index name, so several test files or apps can share one Meilisearch. */
  indexPrefix: string;
  health(): Promise<SearchHealth>;
}

export function createSearchService(options: {
  url?: string;
  masterKey?: string;
  indexPrefix: string;
  /** The embedded Meilisearch's supervisor, when this process runs it. */
  embedded?: Pick<SupervisedMeili, 'state' | 'onRestarted'>;
}): SearchService {
  const client = options.url
    ? new Meilisearch({ host: options.url, apiKey: options.masterKey, timeout: 2_000 })
    : null;
  const service: SearchService = {
    client,
    http: options.url
      ? createMeiliHttp({ url: options.url, apiKey: options.masterKey, timeoutMs: 2_000 })
      : null,
    indexPrefix: options.indexPrefix,
    async health() {
      if (!client) return 'degraded';
      if (options.embedded?.state() === 'restarting') return 'restarting';
      try {
        const health = await client.health();
        return health.status === 'available' ? 'ok' : 'degraded';
      } catch {
        return 'degraded';
      }
    },
  };
  options.embedded?.onRestarted(() => markSearchUp(service));
  return service;
}

declare module 'fastify' {
  interface FastifyInstance {
    searchEngine: SearchService;
    /** Drains the search outbox into Meilisearch (the background job calls it; tests too). */
    searchIndexer: Indexer;
    /** Search answers, dropped at each change of the index (`SEARCH_INDEX_CHANGED`). */
    searchResults: ReadCache;
  }
}

/** The search results cache's tag: the indexer signals it after each change Meilisearch applied. */
export const SEARCH_INDEX_CHANGED = 'signal:search-index';

/** `sources`: what each kind of record becomes in which index (server/search-sources.ts). */
export default fp(
  async (app: FastifyInstance, opts: { search: SearchService; sources: readonly SearchSource[] }) => {
    app.decorate('searchEngine', opts.search);
    // Search answers kept while the index does not change: on, as the read cache, only with embedded
    // PGlite, where this process's indexer is the only one writing to the index (db/read-cache.ts).
    // A few hundred answers at most: each holds a page of hits and the facets.
    const results = new ReadCache({ enabled: app.readCache.enabled, maxEntries: 300 });
    app.decorate('searchResults', results);
    app.decorate(
      'searchIndexer',
      createIndexer(app.db, opts.search, opts.sources, {
        onApplied: () => results.changed(SEARCH_INDEX_CHANGED),
      }),
    );
  },
  { name: 'search', dependencies: ['db'] },
);
