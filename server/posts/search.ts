/**
 * /postes search: open shared posts in Meilisearch (the `<prefix>posts` index the outbox indexer fills),
 * PostgreSQL full text when Meilisearch is unreachable (`degraded: true`), like /recherche.
 * Filters: role, département, distance from a commune, start date from. Odd values are dropped.
 */
import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Db, rawRows } from '../../db/client';
import { searchText } from '../common/route-schemas';
import { distanceKm } from '../places';
import { pickRole, type RoleMatch } from '../roles/picker';
import { toTsQuery } from '../search/fallback';
import { markSearchDown } from '../search/query';
import type { SearchService } from '../search/service';
import { findCommune, type Place } from '../vocabulary/lookups';
import { dayNumber, type PostDocument } from './documents';
import { payLabel, payOf } from './pay';
import { postsIndexName } from './search-index';

export const POSTS_PAGE_SIZE = 20;

export interface PostParams {
  q: string;
  role?: string;
  /** What the role picker shows: the chosen role or the text typed (`metier`). */
  roleText?: string;
  /** The text typed stood for several roles or none: no role filter, these instead. */
  roleCandidates?: RoleMatch[];
  departement?: string;
  near?: string;
  km: number;
  /** YYYY-MM-DD: posts starting on or after this day. */
  from?: string;
  page: number;
}

export interface PostHit {
  id: number;
  url: string;
  title: string;
  excerpt: string;
  roleCode: string;
  roleLabel: string;
  communeNames: string[];
  departements: string[];
  geName: string | null;
  payLabel: string | null;
  startDate: string;
  distanceKm: number | null;
}

export interface PostSearchResult {
  hits: PostHit[];
  total: number;
  page: number;
  pages: number;
  degraded: boolean;
  near?: Place;
  nearUnknown: boolean;
}

/** The /postes query string, read leniently: an odd value is dropped (its default), never an error. */
export const postQuery = z
  .object({
    q: searchText,
    // The role picker sends the code (`role`) and the text (`metier`): server/roles/picker.ts.
    role: searchText,
    metier: searchText.optional(),
    departement: searchText,
    pres: searchText,
    km: searchText,
    debut: searchText,
    page: searchText,
  })
  .transform((raw): PostParams => {
    const picked = pickRole({ code: raw.role, text: raw.metier });
    return {
      q: raw.q,
      role: picked.code ?? undefined,
      roleText: picked.text || undefined,
      roleCandidates: picked.code === null && picked.text ? picked.candidates : undefined,
      departement: /^(\d{2}|2A|2B|97\d)$/.test(raw.departement) ? raw.departement : undefined,
      near: raw.pres || undefined,
      km: /^\d{1,4}$/.test(raw.km) ? Math.min(500, Math.max(1, Number(raw.km))) : 30,
      from:
        /^\d{4}-\d{2}-\d{2}$/.test(raw.debut) && !Number.isNaN(dayNumber(raw.debut)) ? raw.debut : undefined,
      page: /^\d{1,4}$/.test(raw.page) ? Math.min(500, Math.max(1, Number(raw.page))) : 1,
    };
  });

export function parsePostParams(query: unknown): PostParams {
  return postQuery.parse(query && typeof query === 'object' ? query : {});
}

export function postQueryString(params: PostParams, page = params.page): string {
  const out = new URLSearchParams();
  if (params.q) out.set('q', params.q);
  if (params.role) out.set('role', params.role);
  if (params.departement) out.set('departement', params.departement);
  if (params.near) out.set('pres', params.near);
  if (params.near && params.km !== 30) out.set('km', String(params.km));
  if (params.from) out.set('debut', params.from);
  if (page !== 1) out.set('page', String(page));
  return out.toString();
}

const excerpt = (text: string, words = 30) => {
  const parts = text.split(/\s+/).filter(Boolean);
  return parts.length > words ? `${parts.slice(0, words).join(' ')}…` : parts.join(' ');
};

const round = (km: number) => Math.round(km * 10) / 10;

export async function searchPosts(
  db: Db,
  search: SearchService,
  params: PostParams,
): Promise<PostSearchResult> {
  const near = params.near ? findCommune(params.near).place : undefined;
  const base = { page: params.page, near, nearUnknown: Boolean(params.near && !near) };
  const pages = (total: number) => Math.max(1, Math.ceil(total / POSTS_PAGE_SIZE));
  const client = search.client;
  if (client) {
    try {
      const q = JSON.stringify;
      const filter = ['open = true'];
      if (params.role) filter.push(`roleCode = ${q(params.role)}`);
      if (params.departement) filter.push(`departements = ${q(params.departement)}`);
      if (params.from) filter.push(`startDay >= ${dayNumber(params.from)}`);
      if (near) filter.push(`_geoRadius(${near.lat}, ${near.lon}, ${params.km * 1000})`);
      const response = await client.index<PostDocument>(postsIndexName(search)).search(params.q, {
        filter,
        sort: params.q ? undefined : ['date:desc'],
        page: params.page,
        hitsPerPage: POSTS_PAGE_SIZE,
      });
      const total = response.totalHits ?? response.hits.length;
      return {
        ...base,
        hits: response.hits.map((d) => ({
          id: d.recordId,
          url: `/postes/${d.recordId}`,
          title: d.title,
          excerpt: excerpt(d.description),
          roleCode: d.roleCode,
          roleLabel: d.roleLabel,
          communeNames: d.communeNames,
          departements: d.departements,
          geName: d.geName,
          payLabel: d.payLabel ?? null,
          startDate: d.startDate,
          distanceKm: near ? round(distanceKm(near, { lat: d._geo.lat, lon: d._geo.lng })) : null,
        })),
        total,
        pages: pages(total),
        degraded: false,
      };
    } catch (err) {
      // A missing index (nothing indexed yet) is not an outage; anything else leaves Meilisearch alone a while.
      if ((err as { cause?: { code?: string } }).cause?.code !== 'index_not_found') markSearchDown(search);
    }
  }
  const { hits, total } = await fallbackPosts(db, params, near);
  return { ...base, hits, total, pages: pages(total), degraded: true };
}

interface Row {
  id: number;
  title: string;
  description: string;
  role_code: string;
  role_label: string;
  commune_names: string[];
  departements: string[];
  ge_name: string | null;
  pay_min_cents: number | null;
  pay_max_cents: number | null;
  pay_unit: string | null;
  start_date: string | Date;
  distance: number | null;
  total: number;
}

async function fallbackPosts(db: Db, params: PostParams, near?: Place) {
  const tsq = toTsQuery(params.q);
  const query = sql`to_tsquery('french'::regconfig, ${tsq ?? ''})`;
  const distance = near
    ? sql`(2 * 6371 * asin(least(1, sqrt(power(sin(radians(p.lat - ${near.lat}) / 2), 2) + cos(radians(${near.lat})) * cos(radians(p.lat)) * power(sin(radians(p.lon - ${near.lon}) / 2), 2)))))`
    : sql`null::float8`;
  const conds: SQL[] = [sql`p.status = 'open'`];
  if (tsq) conds.push(sql`p.search_vector @@ ${query}`);
  if (params.role) conds.push(sql`p.role_code = ${params.role}`);
  if (params.departement) conds.push(sql`${params.departement} = any(p.departements)`);
  if (params.from) conds.push(sql`p.start_date >= ${params.from}::date`);
  if (near) conds.push(sql`${distance} <= ${params.km}`);
  const rank = tsq ? sql`ts_rank(p.search_vector, ${query}) desc,` : sql``;
  // Raw SQL: full-text rank, haversine distance and a window count in one statement.
  const rows = await rawRows<Row>(
    db,
    sql`select p.id, p.title, p.description, p.role_code, p.role_label, p.commune_names, p.departements,
          p.ge_name, p.pay_min_cents, p.pay_max_cents, p.pay_unit, p.start_date, ${distance} as distance, count(*) over ()::int as total
        from shared_posts p where ${sql.join(conds, sql` and `)}
        order by ${rank} p.created_at desc, p.id desc
        limit ${POSTS_PAGE_SIZE} offset ${(params.page - 1) * POSTS_PAGE_SIZE}`,
  );
  const hits = rows.map(
    (r): PostHit => ({
      id: Number(r.id),
      url: `/postes/${r.id}`,
      title: r.title,
      excerpt: excerpt(r.description),
      roleCode: r.role_code,
      roleLabel: r.role_label,
      communeNames: r.commune_names,
      departements: r.departements,
      geName: r.ge_name,
      payLabel: payLabel(
        payOf({
          payMinCents: r.pay_min_cents === null ? null : Number(r.pay_min_cents),
          payMaxCents: r.pay_max_cents === null ? null : Number(r.pay_max_cents),
          payUnit: r.pay_unit,
        }),
      ),
      startDate:
        r.start_date instanceof Date
          ? r.start_date.toISOString().slice(0, 10)
          : String(r.start_date).slice(0, 10),
      distanceKm: r.distance === null ? null : round(Number(r.distance)),
    }),
  );
  return { hits, total: rows.length ? Number(rows[0].total) : 0 };
}
