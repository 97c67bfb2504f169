/**
 * Matchmaking sessions as events (issue 17): public registration pages, the facilitator's registrations,
 * follow-ups, satisfaction and series, the participants' profiles and forms. See docs/events.md.
 */
import type { RouteApp } from '../common/route-schemas';
import facilitatorEventRoutes from './facilitator-routes';
import participantEventRoutes from './participant-routes';
import publicEventRoutes from './public-routes';

export default async function eventRoutes(app: RouteApp) {
  await app.register(publicEventRoutes);
  await app.register(facilitatorEventRoutes);
  await app.register(participantEventRoutes);
}
