/** 1:1 meetings of a matchmaking session: the facilitator's pages and the participants' pages. */
import type { FastifyInstance } from 'fastify';
import facilitatorMeetingRoutes from './facilitator-routes';
import participantMeetingRoutes from './participant-routes';

export default async function meetingRoutes(app: FastifyInstance) {
  await facilitatorMeetingRoutes(app);
  await participantMeetingRoutes(app);
}
