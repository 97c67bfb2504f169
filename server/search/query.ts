/**
 * One search over needs and offers: Meilisearch first; PostgreSQL full text when Meilisearch is
 * unreachable (`degraded: true`). After a failure Meilisearch is left alone for a few seconds so that an
 * outage costs each request nothing.
 */
import type { Db } from '../../db/client';
import { distanceKm } from '../places';
import { searchText } from '../roles';
import { findCommune, type Place } from '../vocabulary/lookups';
import type { SearchDocument } from './documents';
import { buildFacets, type Facets } from './facets';
import { fallbackSearch } from './fallback';
import { hitFromDocument, type SearchHit } from './hits';
import { MeiliQueryError } from './meili-http';
import { PAGE_SIZE, type SearchParams } from './params';
import type { SearchService } from './service';
import { indexName } from './settings';

/** The part of Meilisearch's search answer (page mode, with facets and crops) that the page reads. */
interface MeiliSearchResponse {
  hits: (SearchDocument & { _formatted?: { description?: string } })[];
  totalHits?: number;
  facetDistribution?: Record<string, Record<string, number>>;
}

export interface Viewer {
  /** Organizations whose drafts and withdrawn records the viewer may also find. */
  organizationIds: number[];
}

export interface SearchResult {
  hits: SearchHit[];
  total: number;
  page: number;
  pages: number;
  facets: Facets | null;
  degraded: boolean;
  near?: Place;
  /** The commune typed in "près de" matched nothing: the distance filter is ignored. */
  nearUnknown: boolean;
  ms: number;
}

const COOL_DOWN_MS = 5_000;
/** Consecutive timeouts before a cool-down: one slow answer under load must not send 5 s of traffic to PostgreSQL. */
const TIMEOUTS_BEFORE_COOL_DOWN = 3;
const downUntil = new WeakMap<SearchService, number>();
const timeouts = new WeakMap<SearchService, number>();

export function markSearchDown(search: SearchService) {
  downUntil.set(search, Date.now() + COOL_DOWN_MS);
}

/** Meilisearch answers again (the supervisor restarted it): the next query goes to it, not to PostgreSQL. */
export function markSearchUp(search: SearchService) {
  downUntil.delete(search);
  timeouts.set(search, 0);
}

/**
 * After a failed Meilisearch query: a refused or broken connection means it is down (cool down now);
 * a timeout cools down only when it repeats; an API error (a bad query) is this request's alone.
 */
function noteFailure(search: SearchService, err: unknown) {
  if (!(err instanceof MeiliQueryError) || err.failure === 'api') return;
  if (err.failure === 'timeout') {
    const count = (timeouts.get(search) ?? 0) + 1;
    timeouts.set(search, count);
    if (count < TIMEOUTS_BEFORE_COOL_DOWN) return;
  }
  timeouts.set(search, 0);
  markSearchDown(search);
}

export function meiliFilters(params: SearchParams, viewer: Viewer, near?: Place): string[] {
  const q = JSON.stringify;
  const ids = viewer.organizationIds.filter((id) => Number.isInteger(id));
  const filters = [ids.length ? `(public = true OR organizationId IN [${ids.join(', ')}])` : 'public = true'];
  if (params.kind) filters.push(`recordKind = ${q(params.kind)}`);
  if (params.role) filters.push(`roleCode = ${q(params.role)}`);
  if (params.departement) filters.push(`departements = ${q(params.departement)}`);
  if (params.orgKind) filters.push(`organizationKind = ${q(params.orgKind)}`);
  if (params.offerKind) filters.push(`offerKind = ${q(params.offerKind)}`);
  if (params.day) filters.push(`days = ${q(params.day)}`);
  if (params.hours) filters.push(`hoursBand = ${q(params.hours)}`);
  if (params.since !== undefined) filters.push(`date > ${Math.floor(params.since)}`);
  if (params.until !== undefined) filters.push(`date <= ${Math.floor(params.until)}`);
  if (near) filters.push(`_geoRadius(${near.lat}, ${near.lon}, ${params.km * 1000})`);
  return filters;
}

/**
 * The document fields a hit shows (hits.ts), and `_geo` for the distance. The description comes cropped
 * in `_formatted` only: asking for every field ('*') sent each description twice, the full one unused.
 */
const HIT_ATTRIBUTES = [
  'recordKind',
  'recordId',
  'title',
  'organizationName',
  'organizationKind',
  'communeName',
  'departements',
  'roleCode',
  'roleLabel',
  'hoursHundredths',
  'slotsNeeded',
  'offerKind',
  'tenderDeadline',
  'status',
  'public',
  '_geo',
];

const FACET_ATTRIBUTES = [
  'recordKind',
  'roleCode',
  'departements',
  'organizationKind',
  'offerKind',
  'days',
  'hoursBand',
];

/**
 * The query as the index's documents are written: searchWords ("Conseillère en insertion" →
 * "conseiller insertion"). A trailing space stays: Meilisearch then takes the last word whole rather than
 * as a prefix still being typed.
 */
export function meiliQueryText(q: string): string {
  const text = searchText(q);
  return text && /\s$/.test(q) ? `${text} ` : text;
}

/** The body of the search request to Meilisearch (the benchmark sends the same body raw, as its baseline). */
export function meiliQueryBody(params: SearchParams, viewer: Viewer, near?: Place) {
  const sort =
    params.sort === 'date'
      ? ['date:desc']
      : params.sort === 'distance' && near
        ? [`_geoPoint(${near.lat}, ${near.lon}):asc`]
        : undefined;
  return {
    q: meiliQueryText(params.q),
    filter: meiliFilters(params, viewer, near),
    sort,
    page: params.page,
    hitsPerPage: PAGE_SIZE,
    facets: FACET_ATTRIBUTES,
    attributesToRetrieve: HIT_ATTRIBUTES,
    attributesToCrop: ['description'],
    cropLength: 30,
  };
}

export async function searchRecords(
  db: Db,
  search: SearchService,
  params: SearchParams,
  viewer: Viewer,
): Promise<SearchResult> {
  const started = performance.now();
  const near = params.near ? findCommune(params.near).place : undefined;
  const nearUnknown = Boolean(params.near && !near);
  const http = search.http;
  if (http && (downUntil.get(search) ?? 0) < Date.now()) {
    try {
      const response = await http.post<MeiliSearchResponse>(
        `/indexes/${indexName(search)}/search`,
        meiliQueryBody(params, viewer, near),
      );
      const hits = response.hits.map((doc) =>
        hitFromDocument(
          doc,
          near ? distanceKm(near, { lat: doc._geo.lat, lon: doc._geo.lng }) : undefined,
          doc._formatted?.description ?? '',
        ),
      );
      const total = response.totalHits ?? hits.length;
      timeouts.set(search, 0);
      return {
        hits,
        total,
        page: params.page,
        pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
        facets: buildFacets(response.facetDistribution ?? {}, params),
        degraded: false,
        near,
        nearUnknown,
        ms: performance.now() - started,
      };
    } catch (err) {
      // A Meilisearch that is down or slow, an index not created yet: this answer comes from PostgreSQL.
      noteFailure(search, err);
    }
  }
  const { hits, total } = await fallbackSearch(db, params, viewer, near);
  return {
    hits,
    total,
    page: params.page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    facets: null,
    degraded: true,
    near,
    nearUnknown,
    ms: performance.now() - started,
  };
}
