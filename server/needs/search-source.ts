/**
 * A need as the records index holds it (server/search/documents.ts), rebuilt from PostgreSQL by the search
 * indexer through `needSearchSource`, which server/search-sources.ts hands to it.
 */
import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { needColumns, needs, organizations } from '../../db/schema';
import { roleToken, SEARCH_WORDS_VERSION, searchText } from '../roles';
import { epochSeconds, ORGANIZATION_FIELDS, type SearchDocument } from '../search/documents';
import { RECORDS_INDEX } from '../search/settings';
import { documentId, type SearchSource } from '../search/sources';
import { hoursBand, slotDays } from '../vocabulary/week';

export async function loadNeedDocuments(db: DbOrTx, ids: number[]): Promise<SearchDocument[]> {
  if (!ids.length) return [];
  const rows = await db
    .select({ need: needColumns, ...ORGANIZATION_FIELDS })
    .from(needs)
    .innerJoin(organizations, eq(organizations.id, needs.organizationId))
    .where(inArray(needs.id, ids));
  return rows.map(
    ({ need: n, ...o }): SearchDocument => ({
      id: documentId('need', n.id),
      recordKind: 'need',
      recordId: n.id,
      title: n.title,
      description: n.description,
      roleCode: n.roleCode,
      roleLabel: n.roleLabel,
      offerKind: null,
      offerKindLabel: null,
      organizationId: n.organizationId,
      organizationName: o.organizationName,
      organizationKind: o.organizationKind,
      departements: [n.departement],
      communeName: n.communeName,
      days: slotDays(n.allowedSlots),
      hoursBand: hoursBand(n.hoursHundredths),
      hoursHundredths: n.hoursHundredths,
      slotsNeeded: n.slotsNeeded,
      allowedSlots: n.allowedSlots,
      startDate: n.startDate,
      tenderDeadline: null,
      partnerKinds: [],
      status: n.status,
      public: n.status === 'published' && o.organizationStatus === 'validated',
      _geo: { lat: n.lat, lng: n.lon },
      date: epochSeconds(n.publishedAt ?? n.updatedAt),
      version: n.version,
      search: {
        title: searchText(n.title),
        code: roleToken(n.roleCode),
        role: searchText(n.roleLabel),
        kind: '',
        text: searchText(n.description),
        organization: searchText(o.organizationName),
        place: searchText(n.communeName),
      },
      searchWordsVersion: SEARCH_WORDS_VERSION,
    }),
  );
}

export const needSearchSource: SearchSource = {
  kind: 'need',
  index: RECORDS_INDEX,
  table: needs,
  load: loadNeedDocuments,
};
