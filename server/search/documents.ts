/**
 * Search documents, always rebuilt from PostgreSQL (the source of truth): the indexer and the reindex
 * script both call `loadDocuments`. A document holds no person's contact details, only what a record's
 * public page shows, plus the fields search filters on (`public`, `organizationId`).
 */
import { asc, eq, gt, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import {
  needColumns,
  needs,
  offerColumns,
  offers,
  organizations,
  type SearchRecordKind,
} from '../../db/schema';
import { hoursBand, slotDays } from '../needs/week';
import { OFFER_KIND_LABELS } from '../offers/labels';
import { loadPostDocuments, type PostDocument, postVersions } from '../posts/documents';
import { roleToken, SEARCH_WORDS_VERSION, searchText } from '../roles';

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

export const documentId = (kind: SearchRecordKind, id: number) => `${kind}-${id}`;

const seconds = (d: Date | null) => (d ? Math.floor(d.getTime() / 1000) : 0);

const ORG = {
  organizationName: organizations.name,
  organizationKind: organizations.kind,
  organizationStatus: organizations.status,
  organizationCommune: organizations.communeName,
  organizationLat: organizations.lat,
  organizationLon: organizations.lon,
};

export async function loadNeedDocuments(db: DbOrTx, ids: number[] | { afterId: number; limit: number }) {
  const rows = await db
    .select({ need: needColumns, ...ORG })
    .from(needs)
    .innerJoin(organizations, eq(organizations.id, needs.organizationId))
    .where(Array.isArray(ids) ? inArray(needs.id, ids) : gt(needs.id, ids.afterId))
    .orderBy(asc(needs.id))
    .limit(Array.isArray(ids) ? ids.length : ids.limit);
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
      date: seconds(n.publishedAt ?? n.updatedAt),
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

export async function loadOfferDocuments(db: DbOrTx, ids: number[] | { afterId: number; limit: number }) {
  const rows = await db
    .select({ offer: offerColumns, ...ORG })
    .from(offers)
    .innerJoin(organizations, eq(organizations.id, offers.organizationId))
    .where(Array.isArray(ids) ? inArray(offers.id, ids) : gt(offers.id, ids.afterId))
    .orderBy(asc(offers.id))
    .limit(Array.isArray(ids) ? ids.length : ids.limit);
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
      date: seconds(f.publishedAt ?? f.updatedAt),
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

/** Any document the indexer sends: records (needs, offers) and shared posts (their own index). */
export type IndexedDocument = SearchDocument | PostDocument;

export function loadDocuments(db: DbOrTx, kind: SearchRecordKind, ids: number[]): Promise<IndexedDocument[]> {
  if (!ids.length) return Promise.resolve([]);
  if (kind === 'post') return loadPostDocuments(db, ids);
  return kind === 'need' ? loadNeedDocuments(db, ids) : loadOfferDocuments(db, ids);
}

/** Current versions of records, to notice a change that raced with an indexing batch. */
export async function currentVersions(db: DbOrTx, kind: SearchRecordKind, ids: number[]) {
  if (kind === 'post') return postVersions(db, ids);
  const table = kind === 'need' ? needs : offers;
  if (!ids.length) return new Map<number, number>();
  const rows = await db
    .select({ id: table.id, version: table.version })
    .from(table)
    .where(inArray(table.id, ids));
  return new Map(rows.map((r) => [r.id, r.version]));
}
