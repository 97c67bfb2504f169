/**
 * The Meilisearch side of search. Meilisearch is a derived index: when it is absent or down, search
 * pages answer from PostgreSQL and /healthz reports `search: "degraded"` (`"restarting"` while the
 * supervisor of an embedded Meilisearch brings it back, meili-supervisor.ts).
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Meilisearch } from 'meilisearch';
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
  }
}

/** `sources`: what each kind of record becomes in which index (server/search-sources.ts). */
export default fp(
  async (app: FastifyInstance, opts: { search: SearchService; sources: readonly SearchSource[] }) => {
    app.decorate('searchEngine', opts.search);
    app.decorate('searchIndexer', createIndexer(app.db, opts.search, opts.sources));
  },
  { name: 'search', dependencies: ['db'] },
);
