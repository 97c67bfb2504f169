/**
 * The row-by-row commit as it was before the batched one (git b9966ca, server/imports/commit.ts), kept
 * for the import benchmark's baseline only: nothing in the app calls it.
 *
 * Writes need drafts to the database, all or nothing, idempotently: re-importing the same file creates
 * nothing twice. A structure is found by SIRET, else (no SIRET) by its name, case aside, in the same
 * département; one not found is created as a pending, not-yet-claimed organization (`claimed: false`,
 * kind "autre entreprise de l'ESS" until someone claims it and says). A need is skipped when its
 * structure already has a need with the same fingerprint: role, hours, half-days, allowed half-days,
 * commune and start ("dès que possible" matches any start, since its date is the import day). Identical
 * rows count: two identical needs in the file make two needs, once.
 * Imported needs are drafts: the structure or the facilitator publishes them.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client';
import { needs, organizations } from '../../../db/schema';
import { normalizeText } from '../../../server/imports/text';
import type { NeedDraft } from '../../../server/imports/types';
import { enqueueReindex } from '../../../server/search/outbox';

/** Kind given to the structures an import creates (DESIGN: "other ESS company"). */
const IMPORTED_ORGANIZATION_KIND = 'ESS';

interface CommitResult {
  organizationsCreated: number;
  organizationsFound: number;
  needsCreated: number;
  needsSkipped: number;
}

type ExistingNeed = Pick<
  typeof needs.$inferSelect,
  'roleCode' | 'hoursHundredths' | 'slotsNeeded' | 'allowedSlots' | 'communeCode' | 'startDate'
>;

function structureKey(draft: NeedDraft): string {
  return draft.structure.siret ?? `nom:${normalizeText(draft.structure.name)}:${draft.departement}`;
}

function needKey(need: Omit<ExistingNeed, 'startDate'>): string {
  return [
    need.roleCode,
    need.hoursHundredths,
    need.slotsNeeded,
    [...need.allowedSlots].sort().join(','),
    need.communeCode,
  ].join('|');
}

export async function commitDraftsRowByRow(
  db: Db,
  drafts: readonly NeedDraft[],
  options: { createdBy?: number | null } = {},
): Promise<CommitResult> {
  const result: CommitResult = {
    organizationsCreated: 0,
    organizationsFound: 0,
    needsCreated: 0,
    needsSkipped: 0,
  };
  const byStructure = new Map<string, NeedDraft[]>();
  for (const draft of drafts) {
    const key = structureKey(draft);
    byStructure.set(key, [...(byStructure.get(key) ?? []), draft]);
  }
  await db.transaction(async (tx) => {
    for (const group of byStructure.values()) {
      const organizationId = await findOrCreateOrganization(tx, group[0], result);
      const existing = await tx
        .select({
          roleCode: needs.roleCode,
          hoursHundredths: needs.hoursHundredths,
          slotsNeeded: needs.slotsNeeded,
          allowedSlots: needs.allowedSlots,
          communeCode: needs.communeCode,
          startDate: needs.startDate,
        })
        .from(needs)
        .where(eq(needs.organizationId, organizationId));
      const unmatched = [...existing];
      for (const draft of group) {
        const values = needValues(draft, organizationId, options.createdBy ?? null);
        const key = needKey(values);
        const match = unmatched.findIndex(
          (need) => needKey(need) === key && (draft.startAsap || need.startDate === values.startDate),
        );
        if (match >= 0) {
          unmatched.splice(match, 1);
          result.needsSkipped++;
          continue;
        }
        const [row] = await tx.insert(needs).values(values).returning({ id: needs.id });
        await enqueueReindex(tx, 'need', row.id);
        result.needsCreated++;
      }
    }
  });
  return result;
}

async function findOrCreateOrganization(tx: Tx, draft: NeedDraft, result: CommitResult): Promise<number> {
  const { name, siret } = draft.structure;
  const [found] = siret
    ? await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.siret, siret))
    : await tx
        .select({ id: organizations.id })
        .from(organizations)
        .where(
          and(
            isNull(organizations.siret),
            eq(organizations.departement, draft.departement ?? ''),
            // unaccent is an extension; lower() and the JS-side normalisation of the name suffice for
            // names written the same way twice, which is what a re-import is.
            sql`lower(${organizations.name}) = ${name.toLowerCase()}`,
          ),
        )
        .limit(1);
  if (found) {
    result.organizationsFound++;
    return found.id;
  }
  const [created] = await tx
    .insert(organizations)
    .values({
      name,
      siret,
      kind: IMPORTED_ORGANIZATION_KIND,
      communeCode: draft.communeCode ?? '',
      communeName: draft.communeName ?? '',
      departement: draft.departement ?? '',
      lat: draft.lat ?? 0,
      lon: draft.lon ?? 0,
      coordsApproximate: draft.approximateLocation,
      status: 'pending',
      claimed: false,
    })
    .returning({ id: organizations.id });
  result.organizationsCreated++;
  return created.id;
}

function needValues(draft: NeedDraft, organizationId: number, createdBy: number | null) {
  if (!draft.role || !draft.start || !draft.communeCode || draft.lat === null || draft.lon === null) {
    throw new Error(`row ${draft.row}: an invalid draft cannot be committed`);
  }
  return {
    organizationId,
    createdBy,
    roleCode: draft.role.code,
    roleLabel: draft.role.label,
    title: draft.title,
    description: draft.description ?? '',
    hoursHundredths: draft.hoursHundredths,
    slotsNeeded: draft.slotsNeeded,
    allowedSlots: [...draft.allowedSlots],
    communeCode: draft.communeCode,
    communeName: draft.communeName ?? '',
    departement: draft.departement ?? '',
    lat: draft.lat,
    lon: draft.lon,
    coordsApproximate: draft.approximateLocation,
    maxTravelKm: Math.round(draft.maxTravelKm ?? 30),
    startDate: draft.start,
    status: 'draft' as const,
  };
}
