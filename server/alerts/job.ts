/** The background job's entry point for alert digests (server/jobs.ts), one instance at a time. */
import type { FastifyInstance } from 'fastify';
import { tryWithLock } from '../../db/locks';
import { sendDueDigests } from './service';

/** Digests queued; 0 when another instance is sending them right now. */
export async function sendAlertDigests(app: FastifyInstance): Promise<number> {
  const outcome = await tryWithLock(app.db, 'alert-digests', () =>
    sendDueDigests(app.db, app.searchEngine, {
      publicUrl: app.config.publicUrl,
      secret: app.config.sessionSecret,
    }),
  );
  return outcome.ran ? outcome.value : 0;
}
