/**
 * `app.matcher`: the web process's matcher pool (server/compositions/matcher-pool.ts), so that matching runs started
 * by the background job or by "Recalculer" never block the event loop. The worker starts at the first run
 * and is terminated when the app closes (tests, and `npm start` on SIGINT/SIGTERM).
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createMatcherPool, type MatcherPool } from './matcher-pool';

declare module 'fastify' {
  interface FastifyInstance {
    matcher: MatcherPool;
  }
}

export default fp(
  async (app: FastifyInstance) => {
    const pool = createMatcherPool();
    app.decorate('matcher', pool);
    app.addHook('onClose', async () => pool.close());
  },
  { name: 'matcher' },
);
