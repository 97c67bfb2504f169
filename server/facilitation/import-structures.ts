/**
 * The structures of an import, found or created in bulk: one query for the SIRETs of the batch, one for
 * the structures without SIRET in its départements, then multi-row inserts (organizations' service) for
 * the ones not found. A structure is found by SIRET; without a SIRET, by its name (case, accents and
 * punctuation aside, as the preview page compares them) among the structures of the same département
 * that have no SIRET.
 */
import { and, asc, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client';
import { organizations } from '../../db/schema';
import { type NeedDraft, structureKey } from '../imports';
import { insertOrganizations } from '../organizations/service';

/** Kind given to the structures an import creates (DESIGN: "other ESS company"). */
export const IMPORTED_ORGANIZATION_KIND = 'ESS';

/** Rows per multi-row insert: well under PostgreSQL's 65,535 bind parameters, small enough to stream. */
export const INSERT_CHUNK = 500;

export function chunks<T>(items: readonly T[], size = INSERT_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Finds the organization of each structure key (the first draft of each group describes it), creating
 * the missing ones as pending, not-yet-claimed structures placed at their first need's commune.
 */
export async function resolveOrganizations(
  tx: Tx,
  groups: ReadonlyMap<string, NeedDraft>,
): Promise<{ ids: Map<string, number>; found: number; created: number }> {
  const known = await findExistingStructures(tx, [...groups.values()]);
  const ids = new Map<string, number>();
  for (const key of groups.keys()) {
    const id = known.get(key);
    if (id !== undefined) ids.set(key, id);
  }
  const found = ids.size;
  const missing = [...groups].filter(([key]) => !ids.has(key));
  for (const chunk of chunks(missing)) {
    const created = await insertOrganizations(
      tx,
      chunk.map(([, draft]) => organizationValues(draft)),
    );
    // Ids come in the order given: the keys are not all unique columns (names), so position is the link.
    for (const [index, id] of created.entries()) ids.set(chunk[index][0], id);
  }
  return { ids, found, created: missing.length };
}

/**
 * The known structures of those drafts by structure key (for names: every structure without SIRET of
 * their départements; look the drafts' keys up in it). The preview marks "déjà connue" with it too.
 */
export async function findExistingStructures(
  tx: DbOrTx,
  drafts: readonly NeedDraft[],
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const sirets = [...new Set(drafts.flatMap((d) => (d.structure.siret ? [d.structure.siret] : [])))];
  for (const chunk of chunks(sirets, 5000)) {
    const rows = await tx
      .select({ id: organizations.id, siret: organizations.siret })
      .from(organizations)
      .where(inArray(organizations.siret, chunk));
    for (const row of rows) if (row.siret) ids.set(row.siret, row.id);
  }
  const departements = [...new Set(drafts.filter((d) => !d.structure.siret).map((d) => d.departement ?? ''))];
  if (departements.length) {
    // All the structures without SIRET of those départements (a few hundred at most per département):
    // names are compared after normalisation in code, which SQL's lower() cannot do for accents.
    const rows = await tx
      .select({ id: organizations.id, name: organizations.name, departement: organizations.departement })
      .from(organizations)
      .where(and(isNull(organizations.siret), inArray(organizations.departement, departements)))
      .orderBy(asc(organizations.id));
    for (const row of rows) {
      const key = structureKey({
        structure: { name: row.name, siret: null, communeCode: null },
        departement: row.departement,
      });
      if (!ids.has(key)) ids.set(key, row.id);
    }
  }
  return ids;
}

function organizationValues(draft: NeedDraft) {
  return {
    name: draft.structure.name,
    siret: draft.structure.siret,
    kind: IMPORTED_ORGANIZATION_KIND as typeof organizations.$inferInsert.kind,
    communeCode: draft.communeCode ?? '',
    communeName: draft.communeName ?? '',
    departement: draft.departement ?? '',
    lat: draft.lat ?? 0,
    lon: draft.lon ?? 0,
    coordsApproximate: draft.approximateLocation,
    status: 'pending' as const,
    claimed: false,
  };
}
