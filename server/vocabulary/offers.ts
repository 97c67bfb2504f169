/** French labels of cooperation offers: their kinds (search facets, session sheets) and statuses. */
import type { OfferKind, OfferStatus } from '../../db/schema/offers';

export const OFFER_KIND_LABELS: Record<OfferKind, string> = {
  gme: 'Cotraitance en GME (groupement momentané d’entreprises)',
  pooling: 'Mutualisation d’une fonction',
  staff_lending: 'Mise à disposition de personnel',
  joint_purchasing: 'Achats groupés',
  shared_premises: 'Locaux partagés',
  other: 'Autre coopération',
};

export const OFFER_KIND_SHORT: Record<OfferKind, string> = {
  gme: 'Cotraitance (GME)',
  pooling: 'Mutualisation',
  staff_lending: 'Mise à disposition',
  joint_purchasing: 'Achats groupés',
  shared_premises: 'Locaux partagés',
  other: 'Autre',
};

export const OFFER_STATUS_LABELS: Record<OfferStatus, string> = {
  draft: 'Brouillon',
  published: 'Publiée',
  closed: 'Close',
  withdrawn: 'Retirée',
};
