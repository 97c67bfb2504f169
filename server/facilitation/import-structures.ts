/**
 * The structures of an import, found or created in bulk. A row's structure is found by SIRET; else the
 * candidates are the structures of its département (with or without SIRET) whose name is the same once
 * normalised (server/imports/structure-name.ts: case, accents, hyphens, "Régie"/"Regie", legal-form
 * words aside). The default choice is the SIRET match, else the candidate in the row's commune (never a
 * second copy of a structure already there); the facilitator may pick another candidate or "nouvelle
 * structure" per row in the preview. One query for the SIRETs of the batch, one for the structures of
 * its départements, then multi-row inserts (organizations' service) for the new ones.
 */
import { and, asc, inArray } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { organizations } from '../../db/schema';
import { type NeedDraft, structureKey } from '../imports';
import { normalizeStructureName } from '../imports/structure-name';
import { insertOrganizations } from '../organizations/service';
import { inBatch, notInWritingBatch } from './import-batches';

/** Kind given to the structures an import creates (DESIGN: "other ESS company"). */
export const IMPORTED_ORGANIZATION_KIND = 'ESS';

/** Rows per multi-row insert: well under PostgreSQL's 65,535 bind parameters, small enough to stream. */
export const INSERT_CHUNK = 500;

export function chunks<T>(items: readonly T[], size = INSERT_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface StructureCandidate {
  id: number;
  name: string;
  siret: string | null;
  communeName: string;
  sameCommune: boolean;
}

/** What the site knows of one structure key: the structures it may be, and the one chosen by default. */
export interface StructureMatch {
  candidates: StructureCandidate[];
  /** The SIRET match, else the same-name structure of the same commune; null: a new structure. */
  defaultId: number | null;
  /** Found by SIRET: no other choice (a second structure cannot have that SIRET). */
  bySiret: boolean;
}

/** A row's choice in the preview: an existing structure's id, or a new structure. */
export type StructureChoice = number | 'new';

/** A choice the preview did not offer for that row (a forged form, or structures changed meanwhile). */
export class InvalidStructureChoice extends Error {
  constructor(readonly row: number) {
    super(`row ${row}: structure choice not among its candidates`);
  }
}

const structureCommune = (draft: NeedDraft) => draft.structure.communeCode ?? draft.communeCode;

/** The candidates and default of each structure key (the first draft of each group describes it). */
export async function matchStructures(
  tx: DbOrTx,
  groups: ReadonlyMap<string, NeedDraft>,
): Promise<Map<string, StructureMatch>> {
  const drafts = [...groups.values()];
  const bySiret = new Map<string, StructureCandidate>();
  const sirets = [...new Set(drafts.flatMap((d) => (d.structure.siret ? [d.structure.siret] : [])))];
  for (const chunk of chunks(sirets, 5000)) {
    const rows = await tx
      .select({
        id: organizations.id,
        name: organizations.name,
        siret: organizations.siret,
        communeName: organizations.communeName,
      })
      .from(organizations)
      // A structure an import is still writing may be undone: not a match yet (a second one with its
      // SIRET then fails on the unique index, rather than linking needs to a structure about to go).
      .where(and(inArray(organizations.siret, chunk), notInWritingBatch(organizations.importBatchId)));
    for (const row of rows) if (row.siret) bySiret.set(row.siret, { ...row, sameCommune: true });
  }
  // Every structure of those départements (a few hundred per département): names are compared after
  // normalisation in code, which SQL's lower() cannot do for accents and legal-form words.
  const departements = [...new Set(drafts.map((d) => d.departement ?? ''))];
  const byName = new Map<string, (typeof organizations.$inferSelect)[]>();
  if (departements.length) {
    const rows = await tx
      .select()
      .from(organizations)
      .where(
        and(inArray(organizations.departement, departements), notInWritingBatch(organizations.importBatchId)),
      )
      .orderBy(asc(organizations.id));
    for (const row of rows) {
      const key = `${normalizeStructureName(row.name)}:${row.departement}`;
      const list = byName.get(key);
      if (list) list.push(row);
      else byName.set(key, [row]);
    }
  }
  const matches = new Map<string, StructureMatch>();
  for (const [key, draft] of groups) {
    const siretMatch = draft.structure.siret ? bySiret.get(draft.structure.siret) : undefined;
    if (siretMatch) {
      matches.set(key, { candidates: [siretMatch], defaultId: siretMatch.id, bySiret: true });
      continue;
    }
    const commune = structureCommune(draft);
    const named =
      byName.get(`${normalizeStructureName(draft.structure.name)}:${draft.departement ?? ''}`) ?? [];
    const candidates = named
      .map((row) => ({
        id: row.id,
        name: row.name,
        siret: row.siret,
        communeName: row.communeName,
        sameCommune: row.communeCode === commune,
      }))
      // Same commune first, then the oldest: the likeliest one leads the list.
      .sort((a, b) => Number(b.sameCommune) - Number(a.sameCommune) || a.id - b.id);
    // A row with a SIRET is not another SIRET's structure by default (two establishments, one name).
    const fallback = candidates.find((c) => c.sameCommune && (!draft.structure.siret || !c.siret));
    matches.set(key, { candidates, defaultId: fallback?.id ?? null, bySiret: false });
  }
  return matches;
}

/** The chosen structure of a row: its choice when the preview offered it, else the default. */
export function chosenStructure(
  draft: NeedDraft,
  match: StructureMatch,
  choice: StructureChoice | undefined,
): StructureChoice {
  if (choice === undefined || match.bySiret) return match.defaultId ?? 'new';
  if (choice === 'new' || match.candidates.some((c) => c.id === choice)) return choice;
  throw new InvalidStructureChoice(draft.row);
}

export interface StructurePlan {
  /** The organization of each draft, by its position in the list given; a structure key: to create. */
  byIndex: (number | string)[];
  /** The structures to create, by structure key: the positions of their drafts. */
  toCreate: Map<string, number[]>;
  linked: { id: number; name: string }[];
}

/**
 * The organization of each draft after the facilitator's choices (by row), or the structure key of a
 * new one to create: reads only, outside the import's transactions.
 */
export async function planStructures(
  db: DbOrTx,
  drafts: readonly NeedDraft[],
  choices: ReadonlyMap<number, StructureChoice> = new Map(),
): Promise<StructurePlan> {
  const groups = new Map<string, NeedDraft>();
  for (const draft of drafts) if (!groups.has(structureKey(draft))) groups.set(structureKey(draft), draft);
  const matches = await matchStructures(db, groups);
  const byIndex: (number | string)[] = [];
  const linked = new Map<number, string>();
  const toCreate = new Map<string, number[]>();
  for (const [index, draft] of drafts.entries()) {
    const key = structureKey(draft);
    const match = matches.get(key) as StructureMatch;
    const chosen = chosenStructure(draft, match, choices.get(draft.row));
    if (chosen === 'new') {
      byIndex[index] = key;
      const group = toCreate.get(key);
      if (group) group.push(index);
      else toCreate.set(key, [index]);
    } else {
      byIndex[index] = chosen;
      linked.set(chosen, match.candidates.find((c) => c.id === chosen)?.name ?? draft.structure.name);
    }
  }
  return { byIndex, toCreate, linked: [...linked].map(([id, name]) => ({ id, name })) };
}

/**
 * Creates the plan's new structures as pending, not-yet-claimed ones placed at their first need's
 * commune, `perTransaction` at a time in the import's batch, and puts their ids in `plan.byIndex`.
 */
export async function createStructures(
  db: Db,
  batch: number,
  drafts: readonly NeedDraft[],
  plan: StructurePlan,
  perTransaction: number,
): Promise<{ id: number; name: string }[]> {
  const created: { id: number; name: string }[] = [];
  for (const chunk of chunks([...plan.toCreate.values()], perTransaction)) {
    const rows = chunk.map((group) => ({ ...organizationValues(drafts[group[0]]), importBatchId: batch }));
    const ids = await inBatch(db, batch, (tx) => insertOrganizations(tx, rows));
    // Ids come in the order given: the keys are not all unique columns (names), so position is the link.
    for (const [position, id] of ids.entries()) {
      created.push({ id, name: drafts[chunk[position][0]].structure.name });
      for (const index of chunk[position]) plan.byIndex[index] = id;
    }
  }
  return created;
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
