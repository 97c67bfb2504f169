/**
 * Who may see and decide on a composition: the members (owner or editor) of the organizations whose needs
 * it holds, and admins (read only). Anyone else gets a 404: they may not know it exists.
 */
import type { CurrentPerson } from '../accounts/session';
import { Forbidden, NotFound } from '../common/errors';

type Person = Pick<CurrentPerson, 'memberships' | 'isAdmin' | 'territories'> | null;
interface Involved {
  organizationIds: number[];
}

export function isInvolved(person: Person, c: Involved): boolean {
  return Boolean(person?.memberships.some((m) => c.organizationIds.includes(m.organizationId)));
}

export function canViewComposition(person: Person, c: Involved): boolean {
  return isInvolved(person, c) || Boolean(person?.isAdmin);
}

export function assertCanViewComposition<T extends Involved>(person: Person, c: T | undefined): T {
  if (!c || !canViewComposition(person, c)) throw new NotFound('Cette composition n’existe pas.');
  return c;
}

/** The organizations of the composition the person may answer for (owners and editors alike). */
export function organizationsDecidedBy(person: Person, c: Involved): number[] {
  return (person?.memberships ?? [])
    .filter((m) => c.organizationIds.includes(m.organizationId))
    .map((m) => m.organizationId);
}

export function assertCanDecide(person: Person, c: Involved): void {
  if (!organizationsDecidedBy(person, c).length)
    throw new Forbidden('Seules les structures concernées peuvent répondre à cette proposition.');
}

/** Running the matcher on demand: structure members, facilitators and admins. */
export function canRunMatching(person: Person): boolean {
  return Boolean(person && (person.memberships.length || person.territories.length || person.isAdmin));
}
