/**
 * Who may see and change a session's 1:1 meetings. Facilitator pages: the sessions' own check
 * (`assertFacilitatesSession` of server/matchmaking: a facilitator whose territories meet the session's
 * départements, or an admin), re-exported here. Participant pages: a member (owner or editor) of an
 * invited organization, acting for that organization only. Anyone else gets a 404: a session is private.
 */
import type { CurrentPerson } from '../accounts/session';
import { NotFound } from '../common/errors';
import type { InvitedOrganization, SessionRow } from './board';

export { assertFacilitatesSession } from '../matchmaking/permissions';

type Person = Pick<CurrentPerson, 'isAdmin' | 'territories' | 'memberships'>;

/** The invited organizations the person acts for; throws a 404 when there is none. */
export function assertParticipates(
  person: Person,
  invitedOfPerson: InvitedOrganization[],
): InvitedOrganization[] {
  const mine = new Set(person.memberships.map((m) => m.organizationId));
  const acting = invitedOfPerson.filter((o) => mine.has(o.id));
  if (!acting.length) throw new NotFound('Cette rencontre n’existe pas.');
  return acting;
}

/**
 * Requests are open while the session is planned and has not ended; afterwards (held, cancelled, past) the
 * pages are read only. Returns the French reason when closed.
 */
export function requestsClosedReason(
  session: Pick<SessionRow, 'status' | 'endsAt'>,
  now = new Date(),
): string | null {
  if (session.status === 'cancelled')
    return 'Cette rencontre est annulée : les demandes de rendez-vous sont closes.';
  if (session.status === 'held' || session.endsAt.getTime() <= now.getTime())
    return 'Cette rencontre a eu lieu : les demandes de rendez-vous sont closes.';
  return null;
}
