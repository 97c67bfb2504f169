/** The background job's entry point for alert digests (server/jobs.ts). */
import type { FastifyInstance } from 'fastify';
import { sendDueDigests } from './service';

export function sendAlertDigests(app: FastifyInstance): Promise<number> {
  return sendDueDigests(app.db, app.searchEngine, {
    publicUrl: app.config.publicUrl,
    secret: app.config.sessionSecret,
  });
}
