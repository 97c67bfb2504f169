/**
 * The import commit as it was before it wrote in short transactions (git 6728f85,
 * server/facilitation/import-commit.ts), kept for the import benchmark's baseline only: the same reads
 * and multi-row inserts of 500 rows, all in one transaction, which on PGlite holds the only connection
 * for the whole commit. Nothing in the app calls it.
 */
import type { Db } from '../../../db/client';
import { needs } from '../../../db/schema';
import { existingNeedsByKey, needKey, needValues } from '../../../server/facilitation/import-commit';
import { chunks, INSERT_CHUNK, planStructures } from '../../../server/facilitation/import-structures';
import type { NeedDraft } from '../../../server/imports';
import { reindexNeeds } from '../../../server/needs/service';
import { insertOrganizations } from '../../../server/organizations/service';

export async function commitDraftsInOneTransaction(db: Db, drafts: readonly NeedDraft[]) {
  return db.transaction(async (tx) => {
    const plan = await planStructures(tx, drafts);
    for (const chunk of chunks([...plan.toCreate.values()], INSERT_CHUNK)) {
      const rows = chunk.map((group) => {
        const draft = drafts[group[0]];
        return {
          name: draft.structure.name,
          siret: draft.structure.siret,
          kind: 'ESS' as const,
          communeCode: draft.communeCode ?? '',
          communeName: draft.communeName ?? '',
          departement: draft.departement ?? '',
          lat: draft.lat ?? 0,
          lon: draft.lon ?? 0,
          coordsApproximate: draft.approximateLocation,
          status: 'pending' as const,
          claimed: false,
        };
      });
      const ids = await insertOrganizations(tx, rows);
      for (const [position, id] of ids.entries())
        for (const index of chunk[position]) plan.byIndex[index] = id;
    }
    const organizationIds = [...new Set(plan.byIndex as number[])];
    const unmatched = await existingNeedsByKey(tx, organizationIds);
    const toInsert: ReturnType<typeof needValues>[] = [];
    for (const [index, draft] of drafts.entries()) {
      const values = needValues(draft, plan.byIndex[index] as number, null);
      const candidates = unmatched.get(needKey(values)) ?? [];
      const match = candidates.findIndex((start) => draft.startAsap || start === values.startDate);
      if (match >= 0) candidates.splice(match, 1);
      else toInsert.push(values);
    }
    for (const chunk of chunks(toInsert, INSERT_CHUNK)) {
      const inserted = await tx.insert(needs).values(chunk).returning({ id: needs.id });
      await reindexNeeds(
        tx,
        inserted.map((row) => row.id),
      );
    }
    return { needsCreated: toInsert.length };
  });
}
