/** Database work for needs: every write bumps `version` and writes its search outbox row in one transaction. */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { type NeedStatus, needColumns, needs, organizations } from '../../db/schema';
import { enqueueStructuresOf } from '../organizations/search-records';
import { enqueueReindex } from '../search/outbox';
import type { NeedInput } from './schemas';

export type NeedRow = Omit<typeof needs.$inferSelect, 'searchVector'>;
export type NeedWithOrganization = NeedRow & {
  organizationName: string;
  organizationKind: string;
  organizationStatus: string;
};

export async function getNeed(db: DbOrTx, id: number): Promise<NeedWithOrganization | undefined> {
  const [row] = await db
    .select({
      need: needColumns,
      organizationName: organizations.name,
      organizationKind: organizations.kind,
      organizationStatus: organizations.status,
    })
    .from(needs)
    .innerJoin(organizations, eq(organizations.id, needs.organizationId))
    .where(eq(needs.id, id));
  if (!row) return undefined;
  const { need, ...organization } = row;
  return { ...need, ...organization };
}

/**
 * Many needs at once (a spreadsheet import, the demo), written as given: one multi-row insert and their
 * search outbox rows, in the caller's transaction; their ids in the order given. The caller keeps a
 * batch well under 65,535 bind parameters (a few hundred rows).
 */
export async function insertNeeds(tx: DbOrTx, rows: (typeof needs.$inferInsert)[]): Promise<number[]> {
  if (!rows.length) return [];
  const inserted = await tx.insert(needs).values(rows).returning({ id: needs.id });
  const ids = inserted.map((row) => row.id);
  await enqueueReindex(tx, 'need', ids);
  // Their structures' directory documents: the ids are at hand, no need to read them back from needs.
  await enqueueReindex(tx, 'structure', [...new Set(rows.map((row) => row.organizationId))]);
  return ids;
}

export async function createNeed(
  db: Db,
  personId: number,
  input: NeedInput,
  options: { publish?: boolean } = {},
): Promise<number> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(needs)
      .values({
        ...input,
        createdBy: personId,
        status: options.publish ? 'published' : 'draft',
        publishedAt: options.publish ? new Date() : null,
      })
      .returning({ id: needs.id });
    await reindexNeeds(tx, row.id);
    return row.id;
  });
}

export type WriteResult =
  | { ok: true; version: number }
  | { ok: false; current: NeedWithOrganization | undefined };

/**
 * Saves the form over the version it was read at. Nothing is written when someone saved in between:
 * the caller shows the current version instead of silently overwriting it.
 */
export async function updateNeed(
  db: Db,
  id: number,
  readVersion: number,
  input: Omit<NeedInput, 'organizationId'>,
): Promise<WriteResult> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(needs)
      .set({ ...input, version: sql`${needs.version} + 1`, updatedAt: new Date() })
      .where(and(eq(needs.id, id), eq(needs.version, readVersion)))
      .returning({ version: needs.version });
    if (!row) return { ok: false, current: await getNeed(tx, id) };
    await reindexNeeds(tx, id);
    return { ok: true, version: row.version };
  });
}

/** Which status a need may move to from which: compositions set in_composition and filled elsewhere. */
const TRANSITIONS: Record<'published' | 'withdrawn', NeedStatus[]> = {
  published: ['draft', 'withdrawn'],
  withdrawn: ['draft', 'published', 'in_composition'],
};

export function canMoveTo(from: NeedStatus, to: 'published' | 'withdrawn'): boolean {
  return TRANSITIONS[to].includes(from);
}

export async function setNeedStatus(
  db: Db,
  id: number,
  readVersion: number,
  to: 'published' | 'withdrawn',
): Promise<WriteResult> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(needs)
      .set({
        status: to,
        version: sql`${needs.version} + 1`,
        updatedAt: new Date(),
        ...(to === 'published' ? { publishedAt: new Date() } : {}),
      })
      .where(and(eq(needs.id, id), eq(needs.version, readVersion), inArray(needs.status, TRANSITIONS[to])))
      .returning({ version: needs.version });
    if (!row) return { ok: false, current: await getNeed(tx, id) };
    await reindexNeeds(tx, id);
    return { ok: true, version: row.version };
  });
}

/** A new draft with the same content, for a structure that needs the same role again or elsewhere. */
export async function duplicateNeed(db: Db, id: number, personId: number): Promise<number> {
  return db.transaction(async (tx) => {
    const [source] = await tx.select(needColumns).from(needs).where(eq(needs.id, id));
    const {
      id: _id,
      createdAt: _c,
      updatedAt: _u,
      publishedAt: _p,
      version: _v,
      status: _s,
      createdBy: _b,
      ...content
    } = source;
    const title = content.title.length > 110 ? content.title.slice(0, 110) : content.title;
    const [row] = await tx
      .insert(needs)
      .values({ ...content, title: `${title} (copie)`, createdBy: personId, status: 'draft' })
      .returning({ id: needs.id });
    await reindexNeeds(tx, row.id);
    return row.id;
  });
}

export interface DashboardNeed {
  id: number;
  title: string;
  roleLabel: string;
  hoursHundredths: number;
  communeName: string;
  status: NeedStatus;
  organizationId: number;
  organizationName: string;
  updatedAt: Date;
}

/** The needs of every organization the person belongs to, most recently changed first. */
export async function listNeedsForPerson(db: DbOrTx, organizationIds: number[]): Promise<DashboardNeed[]> {
  if (!organizationIds.length) return [];
  return db
    .select({
      id: needs.id,
      title: needs.title,
      roleLabel: needs.roleLabel,
      hoursHundredths: needs.hoursHundredths,
      communeName: needs.communeName,
      status: needs.status,
      organizationId: needs.organizationId,
      organizationName: organizations.name,
      updatedAt: needs.updatedAt,
    })
    .from(needs)
    .innerJoin(organizations, eq(organizations.id, needs.organizationId))
    .where(inArray(needs.organizationId, organizationIds))
    .orderBy(desc(needs.updatedAt), desc(needs.id))
    .limit(500);
}

export const NEED_STATUS_LABELS: Record<NeedStatus, string> = {
  draft: 'Brouillon',
  published: 'Publié',
  in_composition: 'En composition',
  filled: 'Pourvu',
  withdrawn: 'Retiré',
};

/** Queues the needs's search documents and their structures' directory documents (in the caller's transaction). */
export async function reindexNeeds(tx: DbOrTx, ids: number | number[]) {
  const list = Array.isArray(ids) ? ids : [ids];
  await enqueueReindex(tx, 'need', list);
  await enqueueStructuresOf(tx, 'needs', list);
}
