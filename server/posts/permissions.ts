/**
 * Who may do what with a shared post. The post itself is public while open; everything else belongs to
 * the members of the composition's organizations (and, for candidates, of the GE carrying the job).
 */
import type { CurrentPerson } from '../accounts/session';
import { Forbidden, NotFound } from '../common/errors';
import { isInvolved } from '../compositions/permissions';

type Person = CurrentPerson | null;
interface Involved {
  organizationIds: number[];
}

/** Opening the post: an owner of one of the composition's organizations. Outsiders get a 404. */
export function assertCanOpenPost(person: Person, c: Involved | undefined): void {
  if (!c || !isInvolved(person, c)) throw new NotFound('Cette composition n’existe pas.');
  const owner = person?.memberships.some(
    (m) => m.role === 'owner' && c.organizationIds.includes(m.organizationId),
  );
  if (!owner)
    throw new Forbidden('Seuls les responsables des structures de la composition peuvent ouvrir le poste.');
}

/**
 * Reading candidates and changing their status: members of the composition's organizations, of the GE
 * when it is on the platform, and admins.
 */
export function canSeeCandidates(person: Person, c: Involved, geOrganizationId: number | null): boolean {
  if (isInvolved(person, c) || person?.isAdmin) return true;
  return geOrganizationId !== null && isInvolved(person, { organizationIds: [geOrganizationId] });
}

export function assertCanSeeCandidates(person: Person, c: Involved | undefined, geId: number | null): void {
  if (!c || !canSeeCandidates(person, c, geId)) throw new NotFound('Cette composition n’existe pas.');
}

/** Closing the post (filled or abandoned): members of the composition's organizations. */
export function assertCanClosePost(person: Person, c: Involved): void {
  if (!isInvolved(person, c))
    throw new Forbidden('Seules les structures de la composition peuvent clore ce poste.');
}
