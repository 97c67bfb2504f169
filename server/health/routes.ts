import type { FastifyInstance } from 'fastify';
import { ping } from '../../db/client';

/**
 * GET /healthz: 200 while the database answers; search is "ok", "degraded" (fallback in use) or
 * "restarting" (the embedded Meilisearch died and is being started again; fallback in use meanwhile).
 */
export default async function healthRoutes(app: FastifyInstance) {
  app.get('/healthz', { config: { access: 'public' } }, async (_request, reply) => {
    const search = await app.searchEngine.health();
    try {
      await ping(app.db);
    } catch {
      return reply.code(503).send({ db: 'down', search });
    }
    return { db: 'ok', search };
  });
}
