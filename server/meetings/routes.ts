/** 1:1 meetings of a matchmaking session: the facilitator's pages and the participants' pages. */
import type { RouteApp } from '../common/route-schemas';
import facilitatorMeetingRoutes from './facilitator-routes';
import participantMeetingRoutes from './participant-routes';

export default async function meetingRoutes(app: RouteApp) {
  await facilitatorMeetingRoutes(app);
  await participantMeetingRoutes(app);
}
