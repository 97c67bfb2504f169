/**
 * The directory's search: Meilisearch's structures index first; when it is unreachable, PostgreSQL
 * (`degraded: true`): the listed structures of the filters' kind and département are loaded with the
 * same loader as the index's documents and filtered here. A directory counts hundreds to a few thousand
 * structures, so that stays a few milliseconds; the notice tells people search is reduced.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { organizations } from '../../db/schema';
import { kindLabel } from '../common/labels';
import { departementName, distanceKm } from '../places';
import { searchText } from '../roles';
import type { SearchService } from '../search/service';
import { findCommune, type Place } from '../vocabulary/lookups';
import { loadStructureDocuments, type StructureDocument } from './documents';
import type { DirectoryParams } from './schemas';
import { structuresIndexName } from './search-source';

export const DIRECTORY_PAGE_SIZE = 20;

export interface StructureHit {
  id: number;
  name: string;
  kindLabel: string;
  communeName: string;
  departement: string;
  activities: string[];
  keywords: string[];
  openNeeds: number;
  publicOffers: number;
  ges: { id: number; name: string }[];
  distanceKm: number | null;
}

export interface FacetValue {
  value: string;
  label: string;
  count: number;
}

export interface DirectoryResult {
  hits: StructureHit[];
  total: number;
  page: number;
  pages: number;
  facets: { kind: FacetValue[]; departement: FacetValue[]; activity: FacetValue[] };
  degraded: boolean;
  near?: Place;
  nearUnknown: boolean;
}

const FACETS = ['kind', 'departement', 'activities'] as const;

function toHit(d: StructureDocument, near?: Place): StructureHit {
  return {
    id: d.recordId,
    name: d.name,
    kindLabel: d.kindLabel,
    communeName: d.communeName,
    departement: d.departement,
    activities: d.activities,
    keywords: d.keywords,
    openNeeds: d.openNeeds,
    publicOffers: d.publicOffers,
    ges: d.ges,
    distanceKm: near ? Math.round(distanceKm(near, { lat: d._geo.lat, lon: d._geo.lng }) * 10) / 10 : null,
  };
}

function facetValues(counts: Record<string, number> | undefined, label: (v: string) => string): FacetValue[] {
  return Object.entries(counts ?? {})
    .map(([value, count]) => ({ value, label: label(value), count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'fr'));
}

const departementLabel = (code: string) => `${departementName(code) ?? code} (${code})`;

function buildFacets(distribution: Record<string, Record<string, number>> | undefined) {
  return {
    kind: facetValues(distribution?.kind, kindLabel),
    departement: facetValues(distribution?.departement, departementLabel),
    activity: facetValues(distribution?.activities, (v) => v),
  };
}

function meiliFilter(params: DirectoryParams, near?: Place): string[] {
  const q = JSON.stringify;
  const filters: string[] = [];
  if (params.kind) filters.push(`kind = ${q(params.kind)}`);
  if (params.departement) filters.push(`departement = ${q(params.departement)}`);
  if (params.activity) filters.push(`activities = ${q(params.activity)}`);
  if (near) filters.push(`_geoRadius(${near.lat}, ${near.lon}, ${params.km * 1000})`);
  return filters;
}

async function fromMeili(
  search: SearchService,
  params: DirectoryParams,
  near?: Place,
): Promise<Omit<DirectoryResult, 'degraded' | 'near' | 'nearUnknown'>> {
  if (!search.client) throw new Error('no Meilisearch');
  const answer = await search.client
    .index(structuresIndexName(search))
    .search<StructureDocument>(searchText(params.q), {
      filter: meiliFilter(params, near),
      facets: [...FACETS],
      page: params.page,
      hitsPerPage: DIRECTORY_PAGE_SIZE,
      sort: near ? [`_geoPoint(${near.lat}, ${near.lon}):asc`] : params.q ? undefined : ['name:asc'],
    });
  // Page mode (page, hitsPerPage) answers totalHits, which the union type does not narrow to.
  const total = (answer as { totalHits?: number }).totalHits ?? 0;
  return {
    hits: answer.hits.map((d) => toHit(d, near)),
    total,
    page: params.page,
    pages: Math.max(1, Math.ceil(total / DIRECTORY_PAGE_SIZE)),
    facets: buildFacets(answer.facetDistribution),
  };
}

/** PostgreSQL's answer: same documents, filtered and counted here (see the file's comment). */
async function fromPostgres(db: Db, params: DirectoryParams, near?: Place) {
  const rows = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(
      and(
        eq(organizations.status, 'validated'),
        sql`coalesce(${organizations.directoryListed}, ${organizations.kind} <> 'GE')`,
        params.kind ? eq(organizations.kind, params.kind) : undefined,
        params.departement ? eq(organizations.departement, params.departement) : undefined,
      ),
    );
  const words = searchText(params.q).split(' ').filter(Boolean);
  const docs = (
    await loadStructureDocuments(
      db,
      rows.map((r) => r.id),
    )
  ).filter((d) => {
    const text = ` ${Object.values(d.search).join(' ')} `;
    if (!words.every((w) => text.includes(` ${w}`))) return false;
    if (params.activity && !d.activities.includes(params.activity)) return false;
    return !near || distanceKm(near, { lat: d._geo.lat, lon: d._geo.lng }) <= params.km;
  });
  const distribution: Record<string, Record<string, number>> = { kind: {}, departement: {}, activities: {} };
  for (const d of docs) {
    distribution.kind[d.kind] = (distribution.kind[d.kind] ?? 0) + 1;
    distribution.departement[d.departement] = (distribution.departement[d.departement] ?? 0) + 1;
    for (const a of d.activities) distribution.activities[a] = (distribution.activities[a] ?? 0) + 1;
  }
  const hits = docs.map((d) => toHit(d, near));
  hits.sort((a, b) => (a.distanceKm ?? 0) - (b.distanceKm ?? 0) || a.name.localeCompare(b.name, 'fr'));
  const start = (params.page - 1) * DIRECTORY_PAGE_SIZE;
  return {
    hits: hits.slice(start, start + DIRECTORY_PAGE_SIZE),
    total: hits.length,
    page: params.page,
    pages: Math.max(1, Math.ceil(hits.length / DIRECTORY_PAGE_SIZE)),
    facets: buildFacets(distribution),
  };
}

export async function searchStructures(
  db: Db,
  search: SearchService,
  params: DirectoryParams,
): Promise<DirectoryResult> {
  const found = params.near ? findCommune(params.near) : undefined;
  const near = found?.place ?? found?.suggestions[0];
  const nearUnknown = Boolean(params.near) && !near;
  try {
    return { ...(await fromMeili(search, params, near)), degraded: false, near, nearUnknown };
  } catch {
    return { ...(await fromPostgres(db, params, near)), degraded: true, near, nearUnknown };
  }
}
