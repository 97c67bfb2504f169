/**
 * Who may see and change a need. Members (owner or editor) of its organization manage it; anyone reads it
 * once it is public (published, or taken into a composition, by a validated organization).
 * A need a person may not know about answers 404, never 403.
 */
import type { CurrentPerson } from '../accounts/session';
import { Forbidden, NotFound } from '../common/errors';
import type { NeedWithOrganization } from './service';

type Person = Pick<CurrentPerson, 'memberships' | 'isAdmin'> | null;

export function isMemberOf(person: Person, organizationId: number): boolean {
  return Boolean(person?.memberships.some((m) => m.organizationId === organizationId));
}

export function isPublicNeed(need: Pick<NeedWithOrganization, 'status' | 'organizationStatus'>): boolean {
  return (
    need.organizationStatus === 'validated' &&
    (need.status === 'published' || need.status === 'in_composition' || need.status === 'filled')
  );
}

export function canViewNeed(person: Person, need: NeedWithOrganization): boolean {
  return isPublicNeed(need) || isMemberOf(person, need.organizationId) || Boolean(person?.isAdmin);
}

export function canEditNeed(person: Person, need: Pick<NeedWithOrganization, 'organizationId'>): boolean {
  return isMemberOf(person, need.organizationId);
}

/**
 * What would complete a need (its suggestions) is for its own structure, which alone can make the change;
 * facilitators see those of their sessions' needs on the session page.
 */
export function canSeeSuggestions(
  person: Person,
  need: Pick<NeedWithOrganization, 'organizationId'>,
): boolean {
  return canEditNeed(person, need);
}

/** Throws NotFound for a need the person cannot see, Forbidden for one they see but may not change. */
export function assertCanEditNeed(
  person: Person,
  need: NeedWithOrganization | undefined,
): NeedWithOrganization {
  if (!need || !canViewNeed(person, need)) throw new NotFound('Ce besoin n’existe pas ou n’est pas public.');
  if (!canEditNeed(person, need))
    throw new Forbidden('Seuls les membres de la structure peuvent modifier ce besoin.');
  return need;
}

export function assertCanViewNeed(
  person: Person,
  need: NeedWithOrganization | undefined,
): NeedWithOrganization {
  if (!need || !canViewNeed(person, need)) throw new NotFound('Ce besoin n’existe pas ou n’est pas public.');
  return need;
}
