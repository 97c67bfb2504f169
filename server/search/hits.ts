/** A search hit as pages and the JSON API show it: public fields only, never a person's contact details. */

import type { OfferKind } from '../../db/schema/offers';
import { OFFER_KIND_SHORT } from '../vocabulary/offers';
import { hoursLabel } from '../vocabulary/week';
import type { SearchDocument } from './documents';

export interface SearchHit {
  kind: 'need' | 'offer';
  id: number;
  url: string;
  title: string;
  excerpt: string;
  organizationName: string;
  organizationKind: string;
  communeName: string;
  departements: string[];
  roleCode: string | null;
  roleLabel: string | null;
  hours: string | null;
  slotsNeeded: number | null;
  offerKind: string | null;
  offerKindLabel: string | null;
  tenderDeadline: string | null;
  status: string;
  public: boolean;
  distanceKm: number | null;
}

export function excerptOf(text: string, words = 30): string {
  const parts = text.split(/\s+/).filter(Boolean);
  return parts.length > words ? `${parts.slice(0, words).join(' ')}…` : parts.join(' ');
}

export function hitFromDocument(doc: SearchDocument, distance?: number, cropped?: string): SearchHit {
  return {
    kind: doc.recordKind,
    id: doc.recordId,
    url: `/${doc.recordKind === 'need' ? 'besoins' : 'offres'}/${doc.recordId}`,
    title: doc.title,
    excerpt: cropped ?? excerptOf(doc.description),
    organizationName: doc.organizationName,
    organizationKind: doc.organizationKind,
    communeName: doc.communeName,
    departements: doc.departements,
    roleCode: doc.roleCode,
    roleLabel: doc.roleLabel,
    hours: doc.hoursHundredths ? hoursLabel(doc.hoursHundredths) : null,
    slotsNeeded: doc.slotsNeeded,
    offerKind: doc.offerKind,
    offerKindLabel: doc.offerKind ? OFFER_KIND_SHORT[doc.offerKind as OfferKind] : null,
    tenderDeadline: doc.tenderDeadline,
    status: doc.status,
    public: doc.public,
    distanceKm: distance === undefined ? null : Math.round(distance * 10) / 10,
  };
}
