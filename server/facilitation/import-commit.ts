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
 * Set-based, and in short transactions (docs/import.md, "Writing"): a few reads outside any transaction
 * find the structures and the existing needs of the whole batch, then structures, needs and their
 * search outbox rows go in multi-row inserts of ROWS_PER_TRANSACTION rows, one transaction each, in an
 * import batch (import-batches.ts) whose last transaction marks it done (and runs `beforeCommit`). On
 * the embedded database a transaction holds the only connection: a 5,000-row file in one transaction
 * made every request wait seconds (docs/benchmarks.md, "Import"). A failure undoes the batch.
 */
import { and, inArray } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../db/client';
import { needs } from '../../db/schema';
import type { NeedDraft } from '../imports';
import { insertNeeds } from '../needs/service';
import {
  beginBatch,
  finishBatch,
  inBatch,
  notInWritingBatch,
  sweepAbandoned,
  undoBatch,
} from './import-batches';
import { chunks, createStructures, planStructures, type StructureChoice } from './import-structures';

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
  /**
   * The upload imported, if any: a previous attempt at it that did not finish (its task was taken over,
   * its instance died) is undone first, whatever its batch's lease (import-batches.ts).
   */
  uploadId?: string;
  /** The preview's choice of structure per row (absent: the default, see import-structures.ts). */
  structureChoices?: ReadonlyMap<number, StructureChoice>;
  /** Called after each chunk of needs written (and once at the start), for a progress page. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Last statements of the import's last transaction, given the counts: the import page ends its task
   * there, so that the import and its recorded end are committed together or not at all. Throwing
   * rolls that transaction back and undoes the rest of the import.
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

export function needKey(need: Omit<ExistingNeed, 'startDate'>): string {
  return [
    need.organizationId,
    need.roleCode,
    need.hoursHundredths,
    need.slotsNeeded,
    [...need.allowedSlots].sort().join(','),
    need.communeCode,
  ].join('|');
}

/**
 * Rows written per transaction: each of the batch's transactions stays short (about 80 ms for 200
 * needs on PGlite, docs/benchmarks.md "Import"), so that other requests are served between two.
 */
export const ROWS_PER_TRANSACTION = 200;

export async function commitDrafts(
  db: Db,
  drafts: readonly NeedDraft[],
  options: CommitOptions = {},
): Promise<CommitResult> {
  options.onProgress?.(0, drafts.length);
  // Outside any transaction: the leftovers of a crashed import, then the reads that decide what to write.
  await sweepAbandoned(db, options.uploadId ?? null);
  const plan = await planStructures(db, drafts, options.structureChoices);
  const unmatched = await existingNeedsByKey(db, [...new Set(plan.byIndex.filter(isId))]);
  const toInsert: { index: number; values: ReturnType<typeof needValues> }[] = [];
  let needsSkipped = 0;
  for (const [index, draft] of drafts.entries()) {
    const organizationId = plan.byIndex[index];
    if (organizationId === undefined) throw new Error(`row ${draft.row}: structure not resolved`);
    // A structure still to create has no needs yet: its rows are all new.
    const values = needValues(draft, isId(organizationId) ? organizationId : 0, options.createdBy ?? null);
    // Existing needs are matched one to one: each can absorb one identical row of the file.
    const candidates = isId(organizationId) ? (unmatched.get(needKey(values)) ?? []) : [];
    const match = candidates.findIndex((start) => draft.startAsap || start === values.startDate);
    if (match >= 0) {
      candidates.splice(match, 1);
      needsSkipped++;
    } else {
      toInsert.push({ index, values });
    }
  }
  const batch = await beginBatch(db, options.uploadId ?? null);
  try {
    const created = await createStructures(db, batch, drafts, plan, ROWS_PER_TRANSACTION);
    let written = 0;
    for (const chunk of chunks(toInsert, ROWS_PER_TRANSACTION)) {
      const rows = chunk.map(({ index, values }) => ({
        ...values,
        organizationId: plan.byIndex[index] as number,
        importBatchId: batch,
      }));
      await inBatch(db, batch, (tx) => insertNeeds(tx, rows));
      written += chunk.length;
      options.onProgress?.(needsSkipped + written, drafts.length);
    }
    options.onProgress?.(drafts.length, drafts.length);
    const result: CommitResult = {
      organizationsCreated: created.length,
      organizationsFound: plan.linked.length,
      needsCreated: toInsert.length,
      needsSkipped,
      structures: { created, linked: plan.linked },
    };
    await inBatch(db, batch, async (tx) => {
      await finishBatch(tx, batch);
      await options.beforeCommit?.(tx, result);
    });
    return result;
  } catch (error) {
    // All or nothing: what the batch wrote goes. If this fails too, the next import undoes it once the
    // batch's lease has run out (sweepAbandoned).
    await undoBatch(db, batch).catch(() => {});
    throw error;
  }
}

const isId = (value: number | string | undefined): value is number => typeof value === 'number';

/** Start dates of the existing needs of those organizations, by need key (one entry per need). */
export async function existingNeedsByKey(
  db: DbOrTx,
  organizationIds: number[],
): Promise<Map<string, string[]>> {
  const byKey = new Map<string, string[]>();
  for (const chunk of chunks(organizationIds, 5000)) {
    const rows = await db
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
      // The needs of an import still writing are not there yet (it may fail and be undone).
      .where(and(inArray(needs.organizationId, chunk), notInWritingBatch(needs.importBatchId)));
    for (const row of rows) {
      const key = needKey(row);
      const starts = byKey.get(key);
      if (starts) starts.push(row.startDate);
      else byKey.set(key, [row.startDate]);
    }
  }
  return byKey;
}

export function needValues(draft: NeedDraft, organizationId: number, createdBy: number | null) {
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
