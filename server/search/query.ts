/**
 * One search over needs and offers: Meilisearch first; PostgreSQL full text when Meilisearch is
 * unreachable (`degraded: true`). After a failure Meilisearch is left alone for a few seconds so that an
 * outage costs each request nothing.
 */
import type { Db } from '../../db/client';
import { findCommune, type Place } from '../needs/lookups';
import { distanceKm } from '../places';
import type { SearchDocument } from './documents';
import { buildFacets, type Facets } from './facets';
import { fallbackSearch } from './fallback';
import { hitFromDocument, type SearchHit } from './hits';
import { PAGE_SIZE, type SearchParams } from './params';
import type { SearchService } from './service';
import { indexName } from './settings';

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

/**
 * After a failed Meilisearch query: a refused or broken connection means it is down (cool down now);
 * a timeout cools down only when it repeats; an API error (a bad query) is this request's alone.
 */
function noteFailure(search: SearchService, err: unknown) {
  const error = err as { name?: string; cause?: { name?: string; code?: string } };
  if (error.name !== 'MeilisearchRequestError') return;
  if (error.cause?.name === 'MeilisearchRequestTimeOutError') {
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

export async function searchRecords(
  db: Db,
  search: SearchService,
  params: SearchParams,
  viewer: Viewer,
): Promise<SearchResult> {
  const started = performance.now();
  const near = params.near ? findCommune(params.near).place : undefined;
  const nearUnknown = Boolean(params.near && !near);
  const client = search.client;
  if (client && (downUntil.get(search) ?? 0) < Date.now()) {
    try {
      const sort =
        params.sort === 'date'
          ? ['date:desc']
          : params.sort === 'distance' && near
            ? [`_geoPoint(${near.lat}, ${near.lon}):asc`]
            : undefined;
      const response = await client.index<SearchDocument>(indexName(search)).search(params.q, {
        filter: meiliFilters(params, viewer, near),
        sort,
        page: params.page,
        hitsPerPage: PAGE_SIZE,
        facets: [
          'recordKind',
          'roleCode',
          'departements',
          'organizationKind',
          'offerKind',
          'days',
          'hoursBand',
        ],
        attributesToRetrieve: ['*'],
        attributesToCrop: ['description'],
        cropLength: 30,
      });
      const hits = response.hits.map((doc) =>
        hitFromDocument(
          doc as SearchDocument,
          near ? distanceKm(near, { lat: doc._geo.lat, lon: doc._geo.lng }) : undefined,
          (doc as { _formatted?: { description?: string } })._formatted?.description,
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
