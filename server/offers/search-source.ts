/**
 * A cooperation offer as the records index holds it (server/search/documents.ts), rebuilt from PostgreSQL
 * by the search indexer through `offerSearchSource`, which server/search-sources.ts hands to it.
 */
import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { offerColumns, offers, organizations } from '../../db/schema';
import { SEARCH_WORDS_VERSION, searchText } from '../roles';
import { epochSeconds, ORGANIZATION_FIELDS, type SearchDocument } from '../search/documents';
import { RECORDS_INDEX } from '../search/settings';
import { documentId, type SearchSource } from '../search/sources';
import { OFFER_KIND_LABELS } from '../vocabulary/offers';

export async function loadOfferDocuments(db: DbOrTx, ids: number[]): Promise<SearchDocument[]> {
  if (!ids.length) return [];
  const rows = await db
    .select({ offer: offerColumns, ...ORGANIZATION_FIELDS })
    .from(offers)
    .innerJoin(organizations, eq(organizations.id, offers.organizationId))
    .where(inArray(offers.id, ids));
  return rows.map(
    ({ offer: f, ...o }): SearchDocument => ({
      id: documentId('offer', f.id),
      recordKind: 'offer',
      recordId: f.id,
      title: f.title,
      description: f.description,
      roleCode: null,
      roleLabel: null,
      offerKind: f.kind,
      offerKindLabel: OFFER_KIND_LABELS[f.kind],
      organizationId: f.organizationId,
      organizationName: o.organizationName,
      organizationKind: o.organizationKind,
      departements: f.departements,
      communeName: o.organizationCommune,
      days: [],
      hoursBand: null,
      hoursHundredths: null,
      slotsNeeded: null,
      allowedSlots: [],
      startDate: null,
      tenderDeadline: f.tenderDeadline,
      partnerKinds: f.partnerKinds,
      status: f.status,
      public: f.status === 'published' && o.organizationStatus === 'validated',
      _geo: { lat: o.organizationLat, lng: o.organizationLon },
      date: epochSeconds(f.publishedAt ?? f.updatedAt),
      version: f.version,
      search: {
        title: searchText(f.title),
        code: '',
        role: '',
        kind: searchText(OFFER_KIND_LABELS[f.kind]),
        text: searchText(f.description),
        organization: searchText(o.organizationName),
        place: searchText(o.organizationCommune),
      },
      searchWordsVersion: SEARCH_WORDS_VERSION,
    }),
  );
}

export const offerSearchSource: SearchSource = {
  kind: 'offer',
  index: RECORDS_INDEX,
  table: offers,
  load: loadOfferDocuments,
};
