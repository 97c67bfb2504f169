/**
 * The searchable records' capabilities in one plugin, so that app.ts registers them with one line:
 * needs, cooperation offers, the search page, saved searches and alerts.
 */
import type { FastifyInstance } from 'fastify';
import alertRoutes from '../alerts/routes';
import needRoutes from '../needs/routes';
import offerRoutes from '../offers/routes';
import searchRoutes from './routes';

export default async function recordRoutes(app: FastifyInstance) {
  await app.register(needRoutes);
  await app.register(offerRoutes);
  await app.register(searchRoutes);
  await app.register(alertRoutes);
}
