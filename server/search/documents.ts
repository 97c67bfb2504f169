/**
 * The documents of the records index (`<prefix>records`: needs and cooperation offers in one index, one
 * ranking, one pagination, facets across both). Each kind's capability builds its documents from
 * PostgreSQL, the source of truth (server/needs/search-source.ts, server/offers/search-source.ts). A
 * document holds no person's contact details, only what a record's public page shows, plus the fields
 * search filters on (`public`, `organizationId`).
 */
import { organizations } from '../../db/schema';

/**
 * What Meilisearch searches: the record's words after searchWords (server/roles/search-words.ts), the
 * normalization the query goes through too, so that "Conseiller·ère" and "conseillère" meet. The fields
 * shown (title, description…) keep the text as written and are not searched.
 */
export interface SearchWords {
  title: string;
  /** The role's token (`k2204`): vocabulary synonyms point to it ("femme de ménage" → k2204). */
  code: string;
  role: string;
  kind: string;
  text: string;
  organization: string;
  place: string;
}

export interface SearchDocument {
  id: string;
  recordKind: 'need' | 'offer';
  recordId: number;
  title: string;
  description: string;
  roleCode: string | null;
  roleLabel: string | null;
  offerKind: string | null;
  offerKindLabel: string | null;
  organizationId: number;
  organizationName: string;
  organizationKind: string;
  departements: string[];
  communeName: string;
  days: string[];
  hoursBand: string | null;
  hoursHundredths: number | null;
  slotsNeeded: number | null;
  allowedSlots: string[];
  startDate: string | null;
  tenderDeadline: string | null;
  partnerKinds: string[];
  status: string;
  /** Published by a validated organization: what visitors may find. */
  public: boolean;
  _geo: { lat: number; lng: number };
  /** Seconds since the epoch: publication, or last change for drafts. Sort "date". */
  date: number;
  version: number;
  search: SearchWords;
  /** SEARCH_WORDS_VERSION the words were made with: the indexer re-sends documents of an older one. */
  searchWordsVersion: number;
}

/** Seconds since the epoch, for a document's `date`. */
export const epochSeconds = (d: Date | null) => (d ? Math.floor(d.getTime() / 1000) : 0);

/** The organization's fields a record's document shows, to select beside the record. */
export const ORGANIZATION_FIELDS = {
  organizationName: organizations.name,
  organizationKind: organizations.kind,
  organizationStatus: organizations.status,
  organizationCommune: organizations.communeName,
  organizationLat: organizations.lat,
  organizationLon: organizations.lon,
};
