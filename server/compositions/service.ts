/** Reading compositions: one with everything its page shows, and the list of a person's organizations. */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import type { ReadCache } from '../../db/read-cache';
import {
  type CompositionStatus,
  compositionDecisions,
  compositionEvents,
  compositionNeeds,
  compositions,
  geMemberships,
  memberships,
  needs,
  organizations,
  people,
} from '../../db/schema';
import { frenchOrder } from '../common/french';

export type CompositionRow = typeof compositions.$inferSelect;

export interface CompositionLine {
  needId: number;
  title: string;
  organizationId: number;
  organizationName: string;
  organizationKind: string;
  communeName: string;
  departement: string;
  lat: number;
  lon: number;
  hoursHundredths: number;
  maxTravelKm: number;
  startDate: string;
  slots: string[];
  accepted: boolean;
}

export interface CompositionDetail {
  composition: CompositionRow;
  lines: CompositionLine[];
  /** Distinct organizations, in the order of their first need. */
  organizationIds: number[];
  decisions: {
    organizationId: number;
    decision: 'accept' | 'decline';
    personName: string | null;
    at: Date;
  }[];
  events: { kind: string; detail: string; personName: string | null; at: Date }[];
}

export async function getComposition(db: DbOrTx, id: number): Promise<CompositionDetail | undefined> {
  const [composition] = await db.select().from(compositions).where(eq(compositions.id, id));
  if (!composition) return undefined;
  const [lines, decisions, events] = await Promise.all([
    linesQuery(db, id),
    db
      .select({
        organizationId: compositionDecisions.organizationId,
        decision: compositionDecisions.decision,
        reason: compositionDecisions.reason,
        personName: people.displayName,
        at: compositionDecisions.at,
      })
      .from(compositionDecisions)
      .leftJoin(people, eq(people.id, compositionDecisions.personId))
      .where(eq(compositionDecisions.compositionId, id))
      .orderBy(asc(compositionDecisions.at)),
    db
      .select({
        kind: compositionEvents.kind,
        detail: compositionEvents.detail,
        personName: people.displayName,
        at: compositionEvents.at,
      })
      .from(compositionEvents)
      .leftJoin(people, eq(people.id, compositionEvents.personId))
      .where(eq(compositionEvents.compositionId, id))
      .orderBy(asc(compositionEvents.at), asc(compositionEvents.id)),
  ]);
  return { composition, lines, organizationIds: organizationIdsOf(lines), decisions, events };
}

/**
 * Only the needs of a composition and their organizations, in one statement: what a post page shows
 * (its week and who hires). On embedded PGlite each statement is a turn of the server's only thread, so
 * pages that need no history or decisions do not pay for them.
 */
export async function getCompositionLines(
  db: DbOrTx,
  id: number,
): Promise<Pick<CompositionDetail, 'lines' | 'organizationIds'>> {
  const lines = await linesQuery(db, id);
  return { lines, organizationIds: organizationIdsOf(lines) };
}

function organizationIdsOf(lines: CompositionLine[]): number[] {
  return [...new Set(lines.map((l) => l.organizationId))];
}

function linesQuery(db: DbOrTx, id: number): Promise<CompositionLine[]> {
  return db
    .select({
      needId: needs.id,
      title: needs.title,
      organizationId: organizations.id,
      organizationName: organizations.name,
      organizationKind: organizations.kind,
      communeName: needs.communeName,
      departement: needs.departement,
      lat: needs.lat,
      lon: needs.lon,
      hoursHundredths: needs.hoursHundredths,
      maxTravelKm: needs.maxTravelKm,
      startDate: needs.startDate,
      slots: compositionNeeds.slots,
      accepted: compositionNeeds.accepted,
    })
    .from(compositionNeeds)
    .innerJoin(needs, eq(needs.id, compositionNeeds.needId))
    .innerJoin(organizations, eq(organizations.id, compositionNeeds.organizationId))
    .where(eq(compositionNeeds.compositionId, id))
    .orderBy(frenchOrder(organizations.name), asc(needs.id));
}

/** Statuses after which the organizations have all said yes: contact details are shared from then on. */
export const AGREED_STATUSES: CompositionStatus[] = ['accepted', 'post_opened', 'filled', 'abandoned'];

export interface OwnerContact {
  organizationId: number;
  name: string;
  email: string;
  phone: string | null;
}

/** Each organization's owners: shown to the members only once every organization has accepted. */
export async function ownerContacts(db: DbOrTx, organizationIds: number[]): Promise<OwnerContact[]> {
  if (!organizationIds.length) return [];
  return db
    .select({
      organizationId: memberships.organizationId,
      name: people.displayName,
      email: people.email,
      phone: people.phone,
    })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(and(inArray(memberships.organizationId, organizationIds), eq(memberships.role, 'owner')))
    .orderBy(frenchOrder(people.displayName));
}

export interface GeOption {
  id: number;
  name: string;
  communeName: string;
  /** How many of the composition's organizations already belong to it. */
  members: number;
}

/**
 * GEs to carry the job: those every organization belongs to first, then those some belong to, then
 * other validated GEs of the same départements (the others may join them).
 */
export async function geOptions(
  db: DbOrTx,
  organizationIds: number[],
  departements: string[],
): Promise<{ common: GeOption[]; others: GeOption[] }> {
  const memberRows = organizationIds.length
    ? await db
        .select({ geId: geMemberships.geId, organizationId: geMemberships.organizationId })
        .from(geMemberships)
        // Only memberships the GE confirmed count (a claim is the structure's word alone).
        .where(
          and(inArray(geMemberships.organizationId, organizationIds), eq(geMemberships.status, 'confirmed')),
        )
    : [];
  const count = new Map<number, number>();
  for (const r of memberRows) count.set(r.geId, (count.get(r.geId) ?? 0) + 1);
  const ges = await db
    .select({
      id: organizations.id,
      name: organizations.name,
      communeName: organizations.communeName,
      departement: organizations.departement,
    })
    .from(organizations)
    .where(and(eq(organizations.kind, 'GE'), eq(organizations.status, 'validated')))
    .orderBy(frenchOrder(organizations.name))
    .limit(1000);
  const nearby = new Set(departements);
  const options = ges
    .filter((g) => count.has(g.id) || nearby.has(g.departement))
    .map(({ departement: _d, ...g }) => ({ ...g, members: count.get(g.id) ?? 0 }));
  const common = options.filter((g) => g.members === organizationIds.length && g.members > 0);
  const others = options
    .filter((g) => !(g.members === organizationIds.length && g.members > 0))
    .sort((a, b) => b.members - a.members || a.name.localeCompare(b.name, 'fr'));
  return { common, others };
}

export interface ListedComposition {
  id: number;
  status: CompositionStatus;
  kind: 'full' | 'partial';
  roleLabel: string;
  hoursHundredths: number;
  missingHundredths: number;
  partners: string[];
  updatedAt: Date;
}

export interface NeedGroup {
  needId: number;
  title: string;
  organizationName: string;
  compositions: ListedComposition[];
}

/** compositionsByNeed through the read cache (db/read-cache.ts): the /compositions page of a structure. */
export function cachedCompositionsByNeed(cache: ReadCache, db: DbOrTx, organizationIds: number[]) {
  return cache.read(
    `compositions-by-need:${[...organizationIds].sort((a, b) => a - b).join(',')}`,
    [compositionNeeds, compositions, needs, organizations],
    () => compositionsByNeed(db, organizationIds),
  );
}

/** The compositions involving the organizations, grouped under each of their needs. */
export async function compositionsByNeed(db: DbOrTx, organizationIds: number[]): Promise<NeedGroup[]> {
  if (!organizationIds.length) return [];
  const mine = await db
    .select({
      needId: needs.id,
      title: needs.title,
      organizationName: organizations.name,
      compositionId: compositions.id,
      status: compositions.status,
      kind: compositions.kind,
      roleLabel: compositions.roleLabel,
      hoursHundredths: compositions.hoursHundredths,
      missingHundredths: compositions.missingHundredths,
      updatedAt: compositions.updatedAt,
    })
    .from(compositionNeeds)
    .innerJoin(compositions, eq(compositions.id, compositionNeeds.compositionId))
    .innerJoin(needs, eq(needs.id, compositionNeeds.needId))
    .innerJoin(organizations, eq(organizations.id, compositionNeeds.organizationId))
    .where(inArray(compositionNeeds.organizationId, organizationIds))
    .orderBy(desc(compositions.updatedAt), desc(compositions.id))
    .limit(300);
  const ids = [...new Set(mine.map((r) => r.compositionId))];
  const partnerRows = ids.length
    ? await db
        .selectDistinct({
          compositionId: compositionNeeds.compositionId,
          organizationId: organizations.id,
          name: organizations.name,
        })
        .from(compositionNeeds)
        .innerJoin(organizations, eq(organizations.id, compositionNeeds.organizationId))
        .where(inArray(compositionNeeds.compositionId, ids))
    : [];
  const own = new Set(organizationIds);
  const partners = new Map<number, string[]>();
  for (const p of partnerRows) {
    if (own.has(p.organizationId)) continue;
    partners.set(p.compositionId, [...(partners.get(p.compositionId) ?? []), p.name].sort());
  }
  const groups = new Map<number, NeedGroup>();
  for (const r of mine) {
    let g = groups.get(r.needId);
    if (!g) {
      g = { needId: r.needId, title: r.title, organizationName: r.organizationName, compositions: [] };
      groups.set(r.needId, g);
    }
    g.compositions.push({
      id: r.compositionId,
      status: r.status,
      kind: r.kind,
      roleLabel: r.roleLabel,
      hoursHundredths: r.hoursHundredths,
      missingHundredths: r.missingHundredths,
      partners: partners.get(r.compositionId) ?? [],
      updatedAt: r.updatedAt,
    });
  }
  return [...groups.values()];
}

export const COMPOSITION_STATUS_LABELS: Record<CompositionStatus, string> = {
  proposed: 'Proposée',
  accepted: 'Acceptée',
  withdrawn: 'Retirée',
  declined: 'Refusée',
  post_opened: 'Poste ouvert',
  filled: 'Poste pourvu',
  abandoned: 'Abandonnée',
};
