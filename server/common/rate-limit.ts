/**
 * Rate limits counted in the database, so that every instance sharing it counts the same hits: a store
 * for @fastify/rate-limit (one bucket per route and client address; the address is X-Forwarded-For's
 * behind TRUST_PROXY) and `countHit` for limits of our own (an organization's invitations).
 *
 * A bucket is one row, counted by one atomic upsert: the window starts at the first hit and a hit after
 * its end starts a new one. Times are the database's, the one clock every instance shares. Rows whose
 * window ended are purged by the purge job.
 */
import { lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { rateLimitHits } from '../../db/schema';

export interface Hit {
  /** Hits in the current window, this one included. */
  hits: number;
  /** Milliseconds until the window ends. */
  ttlMs: number;
}

export async function countHit(db: Db, key: string, windowMs: number): Promise<Hit> {
  const windowEnd = sql`now() + make_interval(secs => ${windowMs / 1000})`;
  const expired = sql`${rateLimitHits.resetsAt} <= now()`;
  const [row] = await db
    .insert(rateLimitHits)
    .values({ key, hits: 1, resetsAt: windowEnd })
    .onConflictDoUpdate({
      target: rateLimitHits.key,
      set: {
        hits: sql`case when ${expired} then 1 else ${rateLimitHits.hits} + 1 end`,
        resetsAt: sql`case when ${expired} then excluded.resets_at else ${rateLimitHits.resetsAt} end`,
      },
    })
    .returning({
      hits: rateLimitHits.hits,
      ttlMs: sql<number>`greatest(0, extract(epoch from ${rateLimitHits.resetsAt} - now()) * 1000)::float8`,
    });
  return { hits: row.hits, ttlMs: Number(row.ttlMs) };
}

export async function purgeRateLimits(db: Db): Promise<number> {
  const gone = await db
    .delete(rateLimitHits)
    .where(lte(rateLimitHits.resetsAt, sql`now()`))
    .returning({ key: rateLimitHits.key });
  return gone.length;
}

type Callback = (err: Error | null, result?: { current: number; ttl: number }) => void;
interface RouteInfo {
  routeInfo?: { method?: string | string[]; url?: string };
}

/**
 * A store class for @fastify/rate-limit (`store` option) over `db`. The plugin makes one child per
 * rate-limited route; a child prefixes its keys with the route, so a route's limit is its own.
 */
export function databaseRateLimitStore(db: Db) {
  return class DatabaseRateLimitStore {
    constructor(
      _options?: unknown,
      private readonly prefix = 'global',
    ) {}

    incr(key: string, callback: Callback, timeWindow: number): void {
      countHit(db, `${this.prefix}|${key}`, timeWindow).then(
        (hit) => callback(null, { current: hit.hits, ttl: hit.ttlMs }),
        (err: Error) => callback(err),
      );
    }

    // The plugin passes the route's merged rate-limit options, the route under `routeInfo` (its typings
    // say the route options themselves).
    child(options: object) {
      const route = (options as RouteInfo).routeInfo;
      const method = [route?.method ?? ''].flat().join(',');
      return new DatabaseRateLimitStore(undefined, `${method} ${route?.url ?? ''}`);
    }
  };
}
