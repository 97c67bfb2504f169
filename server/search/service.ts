/**
 * The Meilisearch side of search. Meilisearch is a derived index: when it is absent or down, search
 * pages answer from PostgreSQL and /healthz reports `search: "degraded"`.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Meilisearch } from 'meilisearch';
import { createIndexer, type Indexer } from './indexer';
import { createMeiliHttp, type MeiliHttp } from './meili-http';

export interface SearchService {
  /** null when no Meilisearch is configured (the app then always uses the PostgreSQL fallback). */
  client: Meilisearch | null;
  /** The search page's queries (meili-http.ts): lighter than the client's fetch; null like `client`. */
  http: MeiliHttp | null;
  /** Prefix of every index name, so several test files or apps can share one Meilisearch. */
  indexPrefix: string;
  health(): Promise<'ok' | 'degraded'>;
}

export function createSearchService(options: {
  url?: string;
  masterKey?: string;
  indexPrefix: string;
}): SearchService {
  const client = options.url
    ? new Meilisearch({ host: options.url, apiKey: options.masterKey, timeout: 2_000 })
    : null;
  return {
    client,
    http: options.url
      ? createMeiliHttp({ url: options.url, apiKey: options.masterKey, timeoutMs: 2_000 })
      : null,
    indexPrefix: options.indexPrefix,
    async health() {
      if (!client) return 'degraded';
      try {
        const health = await client.health();
        return health.status === 'available' ? 'ok' : 'degraded';
      } catch {
        return 'degraded';
      }
    },
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    searchEngine: SearchService;
    /** Drains the search outbox into Meilisearch (the background job calls it; tests too). */
    searchIndexer: Indexer;
  }
}

export default fp(
  async (app: FastifyInstance, opts: { search: SearchService }) => {
    app.decorate('searchEngine', opts.search);
    app.decorate('searchIndexer', createIndexer(app.db, opts.search));
  },
  { name: 'search', dependencies: ['db'] },
);
