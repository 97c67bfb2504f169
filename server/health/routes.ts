import { z } from 'zod';
import { ping } from '../../db/client';
import type { RouteApp } from '../common/route-schemas';

/** The answer monitoring and outside checks read (README), serialized through this schema. */
const health = z.object({
  db: z.enum(['ok', 'down']),
  search: z.enum(['ok', 'degraded', 'restarting']),
});

/**
 * GET /healthz: 200 while the database answers; search is "ok", "degraded" (fallback in use) or
 * "restarting" (the embedded Meilisearch died and is being started again; fallback in use meanwhile).
 */
export default async function healthRoutes(app: RouteApp) {
  const schema = { response: { 200: health, 503: health } };
  app.get('/healthz', { config: { access: 'public' }, schema }, async (_request, reply) => {
    const search = await app.searchEngine.health();
    try {
      await ping(app.db);
    } catch {
      return reply.code(503).send({ db: 'down', search });
    }
    return { db: 'ok' as const, search };
  });
}
