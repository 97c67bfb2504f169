/** Who may see and change a cooperation offer: like needs, members manage, anyone reads it once public. */
import type { CurrentPerson } from '../accounts/session';
import { Forbidden, NotFound } from '../common/errors';
import { isMemberOf } from '../needs/permissions';
import type { OfferWithOrganization } from './service';

type Person = Pick<CurrentPerson, 'memberships' | 'isAdmin'> | null;

export function isPublicOffer(offer: Pick<OfferWithOrganization, 'status' | 'organizationStatus'>): boolean {
  return (
    offer.organizationStatus === 'validated' && (offer.status === 'published' || offer.status === 'closed')
  );
}

export function canViewOffer(person: Person, offer: OfferWithOrganization): boolean {
  return isPublicOffer(offer) || isMemberOf(person, offer.organizationId) || Boolean(person?.isAdmin);
}

export function canEditOffer(person: Person, offer: Pick<OfferWithOrganization, 'organizationId'>): boolean {
  return isMemberOf(person, offer.organizationId);
}

export function assertCanViewOffer(person: Person, offer: OfferWithOrganization | undefined) {
  if (!offer || !canViewOffer(person, offer))
    throw new NotFound('Cette offre n’existe pas ou n’est pas publique.');
  return offer;
}

export function assertCanEditOffer(person: Person, offer: OfferWithOrganization | undefined) {
  const visible = assertCanViewOffer(person, offer);
  if (!canEditOffer(person, visible))
    throw new Forbidden('Seuls les membres de la structure peuvent modifier cette offre.');
  return visible;
}
