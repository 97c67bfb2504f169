/**
 * Who may see and run a matchmaking session. A facilitator acts on a session whose territory meets
 * theirs (an admin on every one); anyone else, including a facilitator of another territory, gets a 404
 * so that sessions of other territories are not even known to exist. Participants (members of an
 * invited organization) read their sessions on the /rencontres pages.
 */
import type { CurrentPerson } from '../accounts/session';
import { NotFound } from '../common/errors';

interface SessionTerritory {
  departements: string[];
}

export function canFacilitateSession(person: CurrentPerson, session: SessionTerritory): boolean {
  return person.isAdmin || session.departements.some((d) => person.territories.includes(d));
}

/** The session, or a 404 for whoever does not facilitate its territory (or when it does not exist). */
export function assertFacilitatesSession<S extends SessionTerritory>(
  person: CurrentPerson,
  session: S | undefined,
): S {
  if (!session || !canFacilitateSession(person, session)) throw new NotFound();
  return session;
}

/** An organization may be invited when it is on the session's territory. */
export function canInviteOrganization(session: SessionTerritory, organization: { departement: string }) {
  return session.departements.includes(organization.departement);
}

/** The person's organizations among those invited: empty means the session is not theirs to see. */
export function participantOrganizations(person: CurrentPerson, invitedIds: number[]): number[] {
  return person.memberships.map((m) => m.organizationId).filter((id) => invitedIds.includes(id));
}
