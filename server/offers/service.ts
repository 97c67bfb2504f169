/** Database work for cooperation offers: versioned writes with their search outbox row. */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { type OfferStatus, offerColumns, offers, organizations } from '../../db/schema';
import { enqueueStructuresOf } from '../organizations/search-records';
import { enqueueReindex } from '../search/outbox';
import type { OfferInput } from './schemas';

export type OfferRow = Omit<typeof offers.$inferSelect, 'searchVector'>;
export type OfferWithOrganization = OfferRow & {
  organizationName: string;
  organizationKind: string;
  organizationStatus: string;
  organizationCommune: string;
  organizationLat: number;
  organizationLon: number;
  organizationDepartement: string;
};

export async function getOffer(db: DbOrTx, id: number): Promise<OfferWithOrganization | undefined> {
  const [row] = await db
    .select({
      offer: offerColumns,
      organizationName: organizations.name,
      organizationKind: organizations.kind,
      organizationStatus: organizations.status,
      organizationCommune: organizations.communeName,
      organizationLat: organizations.lat,
      organizationLon: organizations.lon,
      organizationDepartement: organizations.departement,
    })
    .from(offers)
    .innerJoin(organizations, eq(organizations.id, offers.organizationId))
    .where(eq(offers.id, id));
  if (!row) return undefined;
  const { offer, ...organization } = row;
  return { ...offer, ...organization };
}

/**
 * Many offers at once (a spreadsheet import, the demo), written as given: one multi-row insert and their
 * search outbox rows, in the caller's transaction; their ids in the order given. The caller keeps a
 * batch well under 65,535 bind parameters (a few hundred rows).
 */
export async function insertOffers(tx: DbOrTx, rows: (typeof offers.$inferInsert)[]): Promise<number[]> {
  if (!rows.length) return [];
  const inserted = await tx.insert(offers).values(rows).returning({ id: offers.id });
  const ids = inserted.map((row) => row.id);
  await reindexOffers(tx, ids);
  return ids;
}

export async function createOffer(db: Db, personId: number, input: OfferInput, publish: boolean) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(offers)
      .values({
        ...input,
        createdBy: personId,
        status: publish ? 'published' : 'draft',
        publishedAt: publish ? new Date() : null,
      })
      .returning({ id: offers.id });
    await reindexOffers(tx, row.id);
    return row.id;
  });
}

export type OfferWriteResult = { ok: true } | { ok: false; current: OfferWithOrganization | undefined };

export async function updateOffer(
  db: Db,
  id: number,
  readVersion: number,
  input: Omit<OfferInput, 'organizationId'>,
): Promise<OfferWriteResult> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(offers)
      .set({ ...input, version: sql`${offers.version} + 1`, updatedAt: new Date() })
      .where(and(eq(offers.id, id), eq(offers.version, readVersion)))
      .returning({ id: offers.id });
    if (!row) return { ok: false, current: await getOffer(tx, id) };
    await reindexOffers(tx, id);
    return { ok: true };
  });
}

const TRANSITIONS: Record<'published' | 'withdrawn' | 'closed', OfferStatus[]> = {
  published: ['draft', 'withdrawn'],
  withdrawn: ['draft', 'published'],
  closed: ['published'],
};

export function canMoveOfferTo(from: OfferStatus, to: keyof typeof TRANSITIONS) {
  return TRANSITIONS[to].includes(from);
}

export async function setOfferStatus(
  db: Db,
  id: number,
  readVersion: number,
  to: keyof typeof TRANSITIONS,
): Promise<OfferWriteResult> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(offers)
      .set({
        status: to,
        version: sql`${offers.version} + 1`,
        updatedAt: new Date(),
        ...(to === 'published' ? { publishedAt: new Date() } : {}),
      })
      .where(and(eq(offers.id, id), eq(offers.version, readVersion), inArray(offers.status, TRANSITIONS[to])))
      .returning({ id: offers.id });
    if (!row) return { ok: false, current: await getOffer(tx, id) };
    await reindexOffers(tx, id);
    return { ok: true };
  });
}

export async function listOffersForOrganizations(db: DbOrTx, organizationIds: number[]) {
  if (!organizationIds.length) return [];
  return db
    .select({
      id: offers.id,
      title: offers.title,
      kind: offers.kind,
      status: offers.status,
      organizationName: organizations.name,
      updatedAt: offers.updatedAt,
    })
    .from(offers)
    .innerJoin(organizations, eq(organizations.id, offers.organizationId))
    .where(inArray(offers.organizationId, organizationIds))
    .orderBy(desc(offers.updatedAt), desc(offers.id))
    .limit(500);
}

/** Queues the offers's search documents and their structures' directory documents (in the caller's transaction). */
export async function reindexOffers(tx: DbOrTx, ids: number | number[]) {
  const list = Array.isArray(ids) ? ids : [ids];
  await enqueueReindex(tx, 'offer', list);
  await enqueueStructuresOf(tx, 'offers', list);
}
