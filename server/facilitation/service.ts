/**
 * What a facilitator sees of their territories: counts of published needs by role and by département,
 * offers, compositions, and the structures of the territory (validated, pending, not yet claimed).
 * `departements` null means every département (an admin). Database work only, no HTTP.
 */
import { and, asc, count, countDistinct, desc, eq, inArray, or, type SQL, sql, sum } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client';
import { compositionNeeds, compositions, memberships, needs, offers, organizations } from '../../db/schema';
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

function structureState(row: { status: string; claimed: boolean; owned: boolean }): StructureState {
  if (!row.claimed && !row.owned) return 'unclaimed';
  if (row.status === 'validated') return 'validated';
  if (row.status === 'rejected') return 'rejected';
  return 'pending';
}

export async function territoryOverview(db: DbOrTx, departements: string[] | null) {
  const visibleNeed = and(
    inArray(needs.status, [...TERRITORY_NEED_STATUSES]),
    inScope(needs.departement, departements),
  );
  const [byRole, byDepartement, offerCount, compositionCounts, structures] = await Promise.all([
    db
      .select({
        roleCode: needs.roleCode,
        roleLabel: needs.roleLabel,
        needs: count(),
        hoursHundredths: sum(needs.hoursHundredths).mapWith(Number),
      })
      .from(needs)
      .where(visibleNeed)
      .groupBy(needs.roleCode, needs.roleLabel)
      .orderBy(desc(count()), frenchOrder(needs.roleLabel)),
    db
      .select({
        departement: needs.departement,
        needs: count(),
        hoursHundredths: sum(needs.hoursHundredths).mapWith(Number),
      })
      .from(needs)
      .where(visibleNeed)
      .groupBy(needs.departement)
      .orderBy(asc(needs.departement)),
    db
      .select({ offers: count() })
      .from(offers)
      .where(
        and(
          eq(offers.status, 'published'),
          departements === null
            ? undefined
            : sql`${offers.departements} && ${sql.param(departements)}::text[]`,
        ),
      ),
    db
      .select({ status: compositions.status, compositions: countDistinct(compositions.id) })
      .from(compositions)
      .innerJoin(compositionNeeds, eq(compositionNeeds.compositionId, compositions.id))
      .innerJoin(needs, eq(needs.id, compositionNeeds.needId))
      .where(
        and(inArray(compositions.status, ['proposed', 'accepted']), inScope(needs.departement, departements)),
      )
      .groupBy(compositions.status),
    territoryStructures(db, departements),
  ]);
  const compositionsByStatus = Object.fromEntries(compositionCounts.map((c) => [c.status, c.compositions]));
  const structureCounts = { validated: 0, pending: 0, unclaimed: 0, rejected: 0 };
  for (const s of structures) structureCounts[s.state]++;
  return {
    byRole,
    byDepartement,
    totalNeeds: byDepartement.reduce((total, d) => total + d.needs, 0),
    offers: offerCount[0]?.offers ?? 0,
    compositions: {
      proposed: compositionsByStatus.proposed ?? 0,
      accepted: compositionsByStatus.accepted ?? 0,
    },
    structureCounts,
    structures,
  };
}

export async function territoryStructures(db: DbOrTx, departements: string[] | null, state?: StructureState) {
  const rows = await db
    .select({
      id: organizations.id,
      name: organizations.name,
      siret: organizations.siret,
      kind: organizations.kind,
      communeName: organizations.communeName,
      departement: organizations.departement,
      status: organizations.status,
      claimed: organizations.claimed,
      owned: hasOwner,
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
    .where(inScope(organizations.departement, departements))
    .orderBy(asc(organizations.departement), frenchOrder(organizations.name));
  const structures = rows.map((row) => ({ ...row, state: structureState(row) }));
  return state ? structures.filter((s) => s.state === state) : structures;
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
    .orderBy(asc(needs.departement), frenchOrder(needs.roleLabel), asc(needs.id))
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
      owned: hasOwner,
    })
    .from(organizations)
    .where(eq(organizations.id, id));
  return row ? { ...row, state: structureState(row) } : undefined;
}
