/**
 * Search from PostgreSQL while Meilisearch is unreachable: the stored `search_vector` columns (the search
 * words of mosaique_search_words, the SQL twin of server/roles/search-words.ts, with their GIN indexes),
 * the query through the same searchWords and expanded with the same synonyms as Meilisearch (a title of the
 * vocabulary finds its roles' records), the typed word as a prefix; the same visibility rules and filters,
 * distance by the haversine formula. No typo tolerance and no facet counts: the page says so.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Db, rawRows } from '../../db/client';
import type { OfferKind } from '../../db/schema/offers';
import { searchWords } from '../roles';
import type { Place } from '../vocabulary/lookups';
import { OFFER_KIND_SHORT } from '../vocabulary/offers';
import { DAYS, hoursLabel } from '../vocabulary/week';
import { excerptOf, type SearchHit } from './hits';
import { PAGE_SIZE, type SearchParams } from './params';
import type { Viewer } from './query';
import { buildSynonyms, typedSynonyms } from './settings';

/** Meilisearch takes the first ten words of a query. */
const MAX_QUERY_WORDS = 10;
/** Meilisearch looks synonyms up for runs of one to three words. */
const MAX_SYNONYM_WORDS = 3;

const phrase = (text: string) => {
  const list = text.split(' ');
  return list.length > 1 ? `(${list.join(' <-> ')})` : list[0];
};

/**
 * "femme de ménage belfor" → "(femme | k1304 | k2204) & (menage | k2204 | k1304) & (belfor:*)": the
 * query's search words, each with its synonyms and those of every run of two or three words it belongs
 * to ("femme menage" → the roles of "Femme de ménage"); a multi-word synonym is a phrase. Like
 * Meilisearch, only the last word is a prefix (the one being typed). Safe for to_tsquery: search words
 * are a-z and 0-9 only.
 */
export function searchWordsTsQuery(q: string): string | null {
  const synonyms = buildSynonyms();
  const terms = searchWords(q).slice(0, MAX_QUERY_WORDS);
  if (!terms.length) return null;
  const alternatives = terms.map(() => new Set<string>());
  for (let start = 0; start < terms.length; start++) {
    for (let size = 1; size <= MAX_SYNONYM_WORDS && start + size <= terms.length; size++) {
      const found = synonyms[terms.slice(start, start + size).join(' ')];
      if (!found) continue;
      for (let i = start; i < start + size; i++) for (const alt of found) alternatives[i].add(phrase(alt));
    }
  }
  const last = terms.length - 1;
  return terms
    .map((term, i) => {
      const self = i === last && term.length >= 3 ? `${term}:*` : term;
      alternatives[i].delete(term);
      return `(${[self, ...alternatives[i]].join(' | ')})`;
    })
    .join(' & ');
}

let typed: Record<string, string[]> | undefined;
const typedWords = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/**
 * For text searched as typed with the `french` configuration (the shared posts' fallback,
 * server/posts/search.ts): "compta belfor" → "(compta | comptabilité | comptable) & (belfor:*)", safe for
 * to_tsquery (letters and digits only); only the last word is a prefix; one-letter words of multi-word
 * synonyms (the d of "chantier d'insertion") are left out.
 */
export function toTsQuery(q: string): string | null {
  typed ??= typedSynonyms();
  const terms = typedWords(q).slice(0, 12);
  if (!terms.length) return null;
  const group = (term: string, last: boolean) => {
    const self = last && term.length >= 3 ? `${term}:*` : term;
    const alternatives = (typed?.[term] ?? [])
      .map((phrase) => typedWords(phrase).filter((w) => w.length > 1))
      .filter((list) => list.length)
      .map((list) => (list.length > 1 ? `(${list.join(' & ')})` : list[0]));
    return `(${[self, ...alternatives].join(' | ')})`;
  };
  return terms.map((term, i) => group(term, i === terms.length - 1)).join(' & ');
}

const HOUR_BANDS: Record<string, [number, number]> = {
  'moins de 7 h': [0, 699],
  '7 à 14 h': [700, 1399],
  '14 à 21 h': [1400, 2099],
  '21 à 28 h': [2100, 2799],
  '28 h et plus': [2800, 100_000],
};

const distanceSql = (lat: SQL, lon: SQL, near: Place) =>
  sql`(2 * 6371 * asin(least(1, sqrt(power(sin(radians(${lat} - ${near.lat}) / 2), 2) + cos(radians(${near.lat})) * cos(radians(${lat})) * power(sin(radians(${lon} - ${near.lon}) / 2), 2)))))`;

interface Row {
  kind: 'need' | 'offer';
  id: number;
  title: string;
  description: string;
  role_code: string | null;
  role_label: string | null;
  offer_kind: string | null;
  organization_name: string;
  organization_kind: string;
  commune_name: string;
  departements: string[];
  hours_hundredths: number | null;
  slots_needed: number | null;
  tender_deadline: string | null;
  status: string;
  public: boolean;
  distance: number | null;
  total: number;
}

/** postgres.js answers a date column as a Date, PGlite as a string. */
function isoDay(value: unknown): string | null {
  if (!value) return null;
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
}

export async function fallbackSearch(db: Db, params: SearchParams, viewer: Viewer, near?: Place) {
  const tsq = searchWordsTsQuery(params.q);
  const ids = viewer.organizationIds.filter((id) => Number.isInteger(id));
  const visible = (status: SQL, org: SQL) =>
    ids.length
      ? sql`((${status} = 'published' and o.status = 'validated') or ${org} in (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )}))`
      : sql`(${status} = 'published' and o.status = 'validated')`;

  const needConds: SQL[] = [visible(sql`n.status`, sql`n.organization_id`)];
  if (params.role) needConds.push(sql`n.role_code = ${params.role}`);
  if (params.departement) needConds.push(sql`n.departement = ${params.departement}`);
  if (params.orgKind) needConds.push(sql`o.kind = ${params.orgKind}`);
  if (params.day) {
    const key = DAYS.find((d) => d.label.toLowerCase() === params.day)?.key ?? 'none';
    needConds.push(sql`n.allowed_slots && array[${`${key}-am`}, ${`${key}-pm`}]::text[]`);
  }
  if (params.hours && HOUR_BANDS[params.hours]) {
    const [lo, hi] = HOUR_BANDS[params.hours];
    needConds.push(sql`n.hours_hundredths between ${lo} and ${hi}`);
  }
  if (params.since !== undefined)
    needConds.push(sql`coalesce(n.published_at, n.updated_at) > to_timestamp(${params.since})`);
  if (params.until !== undefined)
    needConds.push(sql`coalesce(n.published_at, n.updated_at) < to_timestamp(${params.until + 1})`);
  const needDistance = near ? distanceSql(sql`n.lat`, sql`n.lon`, near) : sql`null::float8`;
  if (near) needConds.push(sql`${needDistance} <= ${params.km}`);

  const offerConds: SQL[] = [visible(sql`f.status`, sql`f.organization_id`)];
  if (params.departement) offerConds.push(sql`${params.departement} = any(f.departements)`);
  if (params.orgKind) offerConds.push(sql`o.kind = ${params.orgKind}`);
  if (params.offerKind) offerConds.push(sql`f.kind = ${params.offerKind}`);
  if (params.since !== undefined)
    offerConds.push(sql`coalesce(f.published_at, f.updated_at) > to_timestamp(${params.since})`);
  if (params.until !== undefined)
    offerConds.push(sql`coalesce(f.published_at, f.updated_at) < to_timestamp(${params.until + 1})`);
  const offerDistance = near ? distanceSql(sql`o.lat`, sql`o.lon`, near) : sql`null::float8`;
  if (near) offerConds.push(sql`${offerDistance} <= ${params.km}`);

  const wantNeeds = params.kind !== 'offer' && !params.offerKind;
  const wantOffers = params.kind !== 'need' && !params.role && !params.day && !params.hours;
  // The text match runs first, alone, in materialized CTEs: one GIN index scan each, whatever the
  // planner believes. PGlite runs no autovacuum, so without fresh statistics it once chose to repeat the
  // index scan for every organization (minutes on 50,000 records).
  const query = sql`to_tsquery('simple'::regconfig, ${tsq ?? ''})`;
  const withText = tsq
    ? sql`with text_needs as materialized (
          select id, ts_rank(search_vector, ${query}) as rank from needs where search_vector @@ ${query}),
        text_offers as materialized (
          select id, ts_rank(search_vector, ${query}) as rank from offers where search_vector @@ ${query}) `
    : sql``;
  const needFrom = tsq
    ? sql`text_needs t join needs n on n.id = t.id join organizations o on o.id = n.organization_id`
    : sql`needs n join organizations o on o.id = n.organization_id`;
  const offerFrom = tsq
    ? sql`text_offers t join offers f on f.id = t.id join organizations o on o.id = f.organization_id`
    : sql`offers f join organizations o on o.id = f.organization_id`;
  const rank = tsq ? sql`t.rank` : sql`0::float4`;

  const parts: SQL[] = [];
  if (wantNeeds)
    parts.push(sql`select 'need' as kind, n.id, n.title, n.description, n.role_code, n.role_label, null::text as offer_kind,
        o.name as organization_name, o.kind as organization_kind, n.commune_name, array[n.departement] as departements,
        n.hours_hundredths, n.slots_needed, null::date as tender_deadline, n.status,
        (n.status = 'published' and o.status = 'validated') as public, ${needDistance} as distance,
        coalesce(n.published_at, n.updated_at) as date,
        ${rank} as rank
      from ${needFrom}
      where ${sql.join(needConds, sql` and `)}`);
  if (wantOffers)
    parts.push(sql`select 'offer' as kind, f.id, f.title, f.description, null::text as role_code, null::text as role_label,
        f.kind as offer_kind, o.name as organization_name, o.kind as organization_kind, o.commune_name,
        f.departements, null::int as hours_hundredths, null::int as slots_needed, f.tender_deadline, f.status,
        (f.status = 'published' and o.status = 'validated') as public, ${offerDistance} as distance,
        coalesce(f.published_at, f.updated_at) as date,
        ${rank} as rank
      from ${offerFrom}
      where ${sql.join(offerConds, sql` and `)}`);
  if (!parts.length) return { hits: [] as SearchHit[], total: 0 };

  const order =
    params.sort === 'date'
      ? sql`date desc, id desc`
      : params.sort === 'distance' && near
        ? sql`distance asc, id desc`
        : sql`rank desc, date desc, id desc`;
  const offset = (params.page - 1) * PAGE_SIZE;
  // Raw SQL: a union of two full-text queries with a window count is beyond drizzle's builder.
  const rows = await rawRows<Row>(
    db,
    sql`${withText}select *, count(*) over ()::int as total from (${sql.join(parts, sql` union all `)}) as matches
        order by ${order} limit ${PAGE_SIZE} offset ${offset}`,
  );
  const hits = rows.map(
    (r): SearchHit => ({
      kind: r.kind,
      id: Number(r.id),
      url: `/${r.kind === 'need' ? 'besoins' : 'offres'}/${r.id}`,
      title: r.title,
      excerpt: excerptOf(r.description),
      organizationName: r.organization_name,
      organizationKind: r.organization_kind,
      communeName: r.commune_name,
      departements: r.departements,
      roleCode: r.role_code,
      roleLabel: r.role_label,
      hours: r.hours_hundredths ? hoursLabel(Number(r.hours_hundredths)) : null,
      slotsNeeded: r.slots_needed === null ? null : Number(r.slots_needed),
      offerKind: r.offer_kind,
      offerKindLabel: r.offer_kind ? OFFER_KIND_SHORT[r.offer_kind as OfferKind] : null,
      tenderDeadline: isoDay(r.tender_deadline),
      status: r.status,
      public: Boolean(r.public),
      distanceKm: r.distance === null ? null : Math.round(Number(r.distance) * 10) / 10,
    }),
  );
  let total = rows.length ? Number(rows[0].total) : 0;
  if (!rows.length && offset > 0) {
    const [count] = await rawRows<{ n: number }>(
      db,
      sql`${withText}select count(*)::int as n from (${sql.join(parts, sql` union all `)}) as matches`,
    );
    total = Number(count?.n ?? 0);
  }
  return { hits, total };
}
