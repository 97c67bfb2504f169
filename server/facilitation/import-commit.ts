/**
 * Writes need drafts to the database, all or nothing, idempotently: re-importing the same file creates
 * nothing twice. A structure is found by SIRET, else by its normalised name and commune among the
 * structures of its département, or as the facilitator chose per row in the preview (see
 * import-structures.ts); a new one is created as a pending, not-yet-claimed organization
 * (`claimed: false`, kind "autre entreprise de l'ESS" until someone claims it and says). A need is
 * skipped when its structure already has a need with the same fingerprint: role, hours, half-days,
 * allowed half-days, commune and start ("dès que possible" matches any start, since its date is the
 * import day). Identical rows count: two identical needs in the file make two needs, once.
 * Imported needs are drafts: the structure or the facilitator publishes them.
 *
 * Set-based: a few queries load the structures and the existing needs of the whole batch, then needs
 * and their search outbox rows go in multi-row inserts of INSERT_CHUNK rows (needs' `insertNeeds`) (a 5,000-row file is about
 * 25 statements instead of 15,000; docs/benchmarks.md, "Import").
 */
import { inArray } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { needs } from '../../db/schema';
import type { NeedDraft } from '../imports';
import { insertNeeds } from '../needs/service';
import { chunks, resolveOrganizations, type StructureChoice } from './import-structures';

export interface CommitResult {
  organizationsCreated: number;
  organizationsFound: number;
  needsCreated: number;
  needsSkipped: number;
  /** The structures created, and the existing ones the needs were linked to (for the summary's links). */
  structures: { created: { id: number; name: string }[]; linked: { id: number; name: string }[] };
}

export interface CommitOptions {
  createdBy?: number | null;
  /** The preview's choice of structure per row (absent: the default, see import-structures.ts). */
  structureChoices?: ReadonlyMap<number, StructureChoice>;
  /** Called after each chunk of needs written (and once at the start), for a progress page. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Last statements of the transaction, given the counts: the import page ends its task there, so that
   * the import and its recorded end are committed together or not at all. Throwing rolls back.
   */
  beforeCommit?: (tx: Tx, result: CommitResult) => Promise<void>;
}

type ExistingNeed = Pick<
  typeof needs.$inferSelect,
  | 'organizationId'
  | 'roleCode'
  | 'hoursHundredths'
  | 'slotsNeeded'
  | 'allowedSlots'
  | 'communeCode'
  | 'startDate'
>;

function needKey(need: Omit<ExistingNeed, 'startDate'>): string {
  return [
    need.organizationId,
    need.roleCode,
    need.hoursHundredths,
    need.slotsNeeded,
    [...need.allowedSlots].sort().join(','),
    need.communeCode,
  ].join('|');
}

export async function commitDrafts(
  db: Db,
  drafts: readonly NeedDraft[],
  options: CommitOptions = {},
): Promise<CommitResult> {
  options.onProgress?.(0, drafts.length);
  return db.transaction(async (tx) => {
    const organizationsOf = await resolveOrganizations(tx, drafts, options.structureChoices);
    const unmatched = await existingNeedsByKey(tx, [...new Set(organizationsOf.byIndex)]);
    const toInsert: ReturnType<typeof needValues>[] = [];
    let needsSkipped = 0;
    for (const [index, draft] of drafts.entries()) {
      const organizationId = organizationsOf.byIndex[index];
      if (organizationId === undefined) throw new Error(`row ${draft.row}: structure not resolved`);
      const values = needValues(draft, organizationId, options.createdBy ?? null);
      // Existing needs are matched one to one: each can absorb one identical row of the file.
      const candidates = unmatched.get(needKey(values)) ?? [];
      const match = candidates.findIndex((start) => draft.startAsap || start === values.startDate);
      if (match >= 0) {
        candidates.splice(match, 1);
        needsSkipped++;
      } else {
        toInsert.push(values);
      }
    }
    let written = 0;
    for (const chunk of chunks(toInsert)) {
      await insertNeeds(tx, chunk);
      written += chunk.length;
      options.onProgress?.(needsSkipped + written, drafts.length);
    }
    options.onProgress?.(drafts.length, drafts.length);
    const result: CommitResult = {
      organizationsCreated: organizationsOf.created.length,
      organizationsFound: organizationsOf.linked.length,
      needsCreated: toInsert.length,
      needsSkipped,
      structures: { created: organizationsOf.created, linked: organizationsOf.linked },
    };
    await options.beforeCommit?.(tx, result);
    return result;
  });
}

/** Start dates of the existing needs of those organizations, by need key (one entry per need). */
async function existingNeedsByKey(tx: Tx, organizationIds: number[]): Promise<Map<string, string[]>> {
  const byKey = new Map<string, string[]>();
  for (const chunk of chunks(organizationIds, 5000)) {
    const rows = await tx
      .select({
        organizationId: needs.organizationId,
        roleCode: needs.roleCode,
        hoursHundredths: needs.hoursHundredths,
        slotsNeeded: needs.slotsNeeded,
        allowedSlots: needs.allowedSlots,
        communeCode: needs.communeCode,
        startDate: needs.startDate,
      })
      .from(needs)
      .where(inArray(needs.organizationId, chunk));
    for (const row of rows) {
      const key = needKey(row);
      const starts = byKey.get(key);
      if (starts) starts.push(row.startDate);
      else byKey.set(key, [row.startDate]);
    }
  }
  return byKey;
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
