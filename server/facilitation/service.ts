/**
 * What a facilitator sees of their territories: counts of published needs by role and by département,
 * offers, compositions, and the structures of the territory (validated, pending, not yet claimed).
 * `departements` null means every département (an admin). Database work only, no HTTP.
 */
import { and, asc, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { type DbOrTx, rawRows } from '../../db/client';
import type { ReadCache } from '../../db/read-cache';
import {
  compositionNeeds,
  compositions,
  memberships,
  needs,
  offers,
  organizations,
  territoryFiguresCache,
} from '../../db/schema';
import { frenchOrder } from '../common/french';

/** Needs a facilitator counts and lists: visible to partners. Drafts stay private to their structure. */
export const TERRITORY_NEED_STATUSES = ['published', 'in_composition'] as const;

export type StructureState = 'validated' | 'pending' | 'unclaimed' | 'rejected';
export const STRUCTURE_STATE_LABELS: Record<StructureState, string> = {
  validated: 'Validée',
  pending: 'En attente de validation',
  unclaimed: 'Non revendiquée',
  rejected: 'Refusée',
};

const inScope = (column: AnyPgColumn, departements: string[] | null): SQL | undefined =>
  departements === null ? undefined : inArray(column, departements);

/** An organization nobody has claimed: created by an import and still without an owner. */
const hasOwner = sql<boolean>`exists (select 1 from ${memberships} where ${memberships.organizationId} = ${organizations.id} and ${memberships.role} = 'owner')`;

/** How long the territory figures may lag behind the data (the page says so). */
export const TERRITORY_FIGURES_MAX_AGE_S = 60;

export interface TerritoryFigures {
  byRole: { roleCode: string; roleLabel: string; needs: number; hoursHundredths: number }[];
  byDepartement: { departement: string; needs: number; hoursHundredths: number }[];
  totalNeeds: number;
  offers: number;
  compositions: { proposed: number; accepted: number };
  structureCounts: Record<StructureState, number>;
  structureTotal: number;
}

/**
 * `/animation`: the territory's figures (from the shared cache, at most a minute old) and the first
 * `limit` structures, paginated in SQL. Two statements when the figures are fresh, three otherwise.
 */
export async function territoryOverview(
  cache: ReadCache,
  db: DbOrTx,
  departements: string[] | null,
  limit = 50,
) {
  const scope = departements === null ? '*' : [...departements].sort().join(',');
  // Also kept in the read cache (PGlite, db/read-cache.ts) until a table they read changes; the figures
  // at most until their row of territory_figures_cache is a minute old, as without it.
  const [figures, structures] = await Promise.all([
    cache.read(
      `territory-figures:${scope}`,
      [territoryFiguresCache, needs, organizations, memberships, compositions, compositionNeeds, offers],
      () => cachedTerritoryFigures(db, departements),
      {
        ttlMs: (f) => f.computedAt.getTime() + TERRITORY_FIGURES_MAX_AGE_S * 1000 - Date.now(),
      },
    ),
    cache.read(`territory-structures:${scope}:${limit}`, [organizations, needs, memberships], () =>
      territoryStructures(db, departements, undefined, limit),
    ),
  ]);
  return { ...figures, structures };
}

/**
 * The figures from `territory_figures_cache`, recomputed and stored in one statement when older than
 * TERRITORY_FIGURES_MAX_AGE_S. Two instances recomputing at once both write the same figures (the upsert
 * keeps the last): no lock is needed for a cache whose rows are replaceable.
 */
export async function cachedTerritoryFigures(
  db: DbOrTx,
  departements: string[] | null,
): Promise<TerritoryFigures & { computedAt: Date }> {
  const scope = departements === null ? '*' : [...departements].sort().join(',');
  const [hit] = await rawRows<{ figures: unknown; computed_at: Date | string }>(
    db,
    sql`select ${territoryFiguresCache.figures} as figures, ${territoryFiguresCache.computedAt} as computed_at
        from ${territoryFiguresCache} where ${territoryFiguresCache.scope} = ${scope}
          and ${territoryFiguresCache.computedAt} > now() - make_interval(secs => ${TERRITORY_FIGURES_MAX_AGE_S})`,
  );
  const row =
    hit ??
    (
      await rawRows<{ figures: unknown; computed_at: Date | string }>(
        db,
        sql`insert into ${territoryFiguresCache} (scope, figures, computed_at)
            select ${scope}, (${territoryFiguresQuery(departements)}), now()
            on conflict (scope) do update set figures = excluded.figures, computed_at = excluded.computed_at
            returning figures, computed_at`,
      )
    )[0];
  const figures = (
    typeof row.figures === 'string' ? JSON.parse(row.figures) : row.figures
  ) as TerritoryFigures;
  return { ...figures, computedAt: new Date(row.computed_at) };
}

/** Every figure of the territory as one jsonb value, from one statement (was five queries and a full list). */
export function territoryFiguresQuery(departements: string[] | null): SQL {
  const scoped = (column: SQL) =>
    departements === null ? sql`true` : sql`${column} = any(${sql.param(departements)}::text[])`;
  const visible = sql`n.status in ('published', 'in_composition') and ${scoped(sql`n.departement`)}`;
  const offersScope =
    departements === null ? sql`true` : sql`o.departements && ${sql.param(departements)}::text[]`;
  return sql`
    with visible as (select n.role_code, n.role_label, n.departement, n.hours_hundredths from ${needs} n where ${visible}),
    by_role as (select role_code, role_label, count(*)::int as needs, coalesce(sum(hours_hundredths), 0)::bigint as hours
                from visible group by role_code, role_label),
    by_dep as (select departement, count(*)::int as needs, coalesce(sum(hours_hundredths), 0)::bigint as hours
               from visible group by departement),
    structs as (select ${structureStateSql} as state from ${organizations} where ${scoped(sql`${organizations.departement}`)}),
    comps as (select c.status from ${compositions} c where c.status in ('proposed', 'accepted') and exists (
                select 1 from ${compositionNeeds} cn join ${needs} n on n.id = cn.need_id
                where cn.composition_id = c.id and ${scoped(sql`n.departement`)}))
    select jsonb_build_object(
      'byRole', coalesce((select jsonb_agg(jsonb_build_object('roleCode', role_code, 'roleLabel', role_label,
                  'needs', needs, 'hoursHundredths', hours) order by needs desc, role_label collate "und-x-icu") from by_role), '[]'::jsonb),
      'byDepartement', coalesce((select jsonb_agg(jsonb_build_object('departement', departement, 'needs', needs,
                  'hoursHundredths', hours) order by departement) from by_dep), '[]'::jsonb),
      'totalNeeds', (select count(*)::int from visible),
      'offers', (select count(*)::int from ${offers} o where o.status = 'published' and ${offersScope}),
      'compositions', (select jsonb_build_object('proposed', count(*) filter (where status = 'proposed'),
                  'accepted', count(*) filter (where status = 'accepted')) from comps),
      'structureCounts', (select jsonb_build_object('validated', count(*) filter (where state = 'validated'),
                  'pending', count(*) filter (where state = 'pending'), 'unclaimed', count(*) filter (where state = 'unclaimed'),
                  'rejected', count(*) filter (where state = 'rejected')) from structs),
      'structureTotal', (select count(*)::int from structs))`;
}

/** `structureState` in SQL, so that a filtered list is filtered and paginated by the database. */
const structureStateSql = sql<StructureState>`case
  when not ${organizations.claimed} and not ${hasOwner} then 'unclaimed'
  when ${organizations.status} = 'validated' then 'validated'
  when ${organizations.status} = 'rejected' then 'rejected'
  else 'pending' end`;

export async function territoryStructures(
  db: DbOrTx,
  departements: string[] | null,
  state?: StructureState,
  limit?: number,
) {
  const query = db
    .select({
      id: organizations.id,
      name: organizations.name,
      siret: organizations.siret,
      kind: organizations.kind,
      communeName: organizations.communeName,
      departement: organizations.departement,
      status: organizations.status,
      claimed: organizations.claimed,
      state: structureStateSql,
      draftNeeds:
        sql<number>`(select count(*) from ${needs} where ${needs.organizationId} = ${organizations.id} and ${needs.status} = 'draft')`.mapWith(
          Number,
        ),
      publishedNeeds:
        sql<number>`(select count(*) from ${needs} where ${needs.organizationId} = ${organizations.id} and ${needs.status} in ('published', 'in_composition'))`.mapWith(
          Number,
        ),
    })
    .from(organizations)
    .where(
      and(
        inScope(organizations.departement, departements),
        state ? sql`${structureStateSql} = ${state}` : undefined,
      ),
    )
    .orderBy(asc(organizations.departement), frenchOrder(organizations.name), asc(organizations.id));
  return limit === undefined ? query : query.limit(limit);
}

/**
 * The needs of the territory a facilitator sees: published or in a composition, and the drafts they
 * created themselves by importing a diagnosis (`createdBy` = them), marked "brouillon" in the page:
 * they wrote those rows. Other drafts stay private to their structure, imported by someone else or not.
 */
export async function territoryNeeds(
  db: DbOrTx,
  departements: string[] | null,
  viewerId: number,
  limit = 500,
) {
  return db
    .select({
      id: needs.id,
      title: needs.title,
      roleCode: needs.roleCode,
      roleLabel: needs.roleLabel,
      hoursHundredths: needs.hoursHundredths,
      communeName: needs.communeName,
      departement: needs.departement,
      status: needs.status,
      startDate: needs.startDate,
      organizationId: organizations.id,
      organizationName: organizations.name,
    })
    .from(needs)
    .innerJoin(organizations, eq(organizations.id, needs.organizationId))
    .where(
      and(
        or(
          inArray(needs.status, [...TERRITORY_NEED_STATUSES]),
          and(eq(needs.status, 'draft'), eq(needs.createdBy, viewerId)),
        ),
        inScope(needs.departement, departements),
      ),
    )
    .orderBy(asc(needs.departement), asc(needs.roleLabel), asc(needs.id))
    .limit(limit);
}

/** One structure with what the claim form needs, or undefined. */
export async function findStructure(db: DbOrTx, id: number) {
  const [row] = await db
    .select({
      id: organizations.id,
      name: organizations.name,
      departement: organizations.departement,
      status: organizations.status,
      claimed: organizations.claimed,
      state: structureStateSql,
    })
    .from(organizations)
    .where(eq(organizations.id, id));
  return row;
}
