/**
 * The matcher's input for a run: the published needs of validated organizations in the run's scope,
 * with the GEs their organizations belong to (docs/compositions.md).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { and, eq, gte, inArray, lt, max, min } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { geMemberships, needs, organizations } from '../../db/schema';
import type { Instance, Slot } from '../matching';

/** The law's full time: 35 h a week, exactly (DESIGN.md's example contract). */
export const FULL_TIME = { minHours: 35, maxHours: 35 };
/** Three months between the earliest and the latest start of a position's needs. */
export const START_WINDOW_DAYS = 92;

/** The part of a run's options that narrows it to a role or a département. */
export interface MatchingScope {
  roleCode?: string;
  departement?: string;
  /** Only these needs (a matchmaking session's scope); an empty list selects none. */
  needIds?: number[];
}

export interface CandidateNeed {
  id: number;
  organizationId: number;
  roleCode: string;
  roleLabel: string;
  title: string;
  hoursHundredths: number;
  slotsNeeded: number;
  allowedSlots: string[];
  lat: number;
  lon: number;
  maxTravelKm: number;
  startDate: string;
  version: number;
}

/** "12:3,40:1": the needs and the versions they had, in id order. */
export function signatureOf(items: { id: number; version: number }[]): string {
  return [...items]
    .sort((a, b) => a.id - b.id)
    .map((n) => `${n.id}:${n.version}`)
    .join(',');
}

/**
 * Needs read a range of ids at a time, with a turn given to the event loop between ranges: embedded PGlite
 * answers without I/O, and reading 40,000 needs in one query held every request for over a second. The
 * organizations' status is checked from a set rather than joined: joined, each range was planned as a
 * nested loop and the whole read took five times longer.
 */
const CANDIDATE_RANGE = 5_000;

export async function loadCandidates(db: DbOrTx, options: MatchingScope): Promise<CandidateNeed[]> {
  const validated = new Set(
    (
      await db
        .select({ id: organizations.id })
        .from(organizations)
        .where(eq(organizations.status, 'validated'))
    ).map((o) => o.id),
  );
  const [range] = await db.select({ low: min(needs.id), high: max(needs.id) }).from(needs);
  const all: CandidateNeed[] = [];
  if (range?.low == null || range.high == null) return all;
  for (let from = range.low; from <= range.high; from += CANDIDATE_RANGE) {
    if (from > range.low) await nextTurn();
    const rows = await db
      .select({
        id: needs.id,
        organizationId: needs.organizationId,
        roleCode: needs.roleCode,
        roleLabel: needs.roleLabel,
        title: needs.title,
        hoursHundredths: needs.hoursHundredths,
        slotsNeeded: needs.slotsNeeded,
        allowedSlots: needs.allowedSlots,
        lat: needs.lat,
        lon: needs.lon,
        maxTravelKm: needs.maxTravelKm,
        startDate: needs.startDate,
        version: needs.version,
      })
      .from(needs)
      .where(
        and(
          gte(needs.id, from),
          lt(needs.id, from + CANDIDATE_RANGE),
          eq(needs.status, 'published'),
          options.roleCode ? eq(needs.roleCode, options.roleCode) : undefined,
          options.departement ? eq(needs.departement, options.departement) : undefined,
          options.needIds ? inArray(needs.id, options.needIds.length ? options.needIds : [0]) : undefined,
        ),
      )
      .orderBy(needs.id);
    for (const row of rows) if (validated.has(row.organizationId)) all.push(row);
  }
  return all;
}

export function buildInstance(
  candidates: CandidateNeed[],
  geIdsByOrganization: Map<number, number[]>,
): Instance {
  const orgIds = [...new Set(candidates.map((n) => n.organizationId))];
  return {
    fullTime: FULL_TIME,
    startWindowDays: START_WINDOW_DAYS,
    organizations: orgIds.map((id) => ({
      id: String(id),
      geIds: (geIdsByOrganization.get(id) ?? []).map(String),
    })),
    needs: candidates.map((n) => ({
      id: String(n.id),
      organizationId: String(n.organizationId),
      role: n.roleCode,
      hours: n.hoursHundredths / 100,
      slotsNeeded: n.slotsNeeded,
      allowedSlots: n.allowedSlots as Slot[],
      lat: n.lat,
      lon: n.lon,
      maxTravelKm: n.maxTravelKm,
      start: n.startDate,
    })),
  };
}

export async function geIdsOf(db: DbOrTx, organizationIds: number[]): Promise<Map<number, number[]>> {
  const map = new Map<number, number[]>();
  if (!organizationIds.length) return map;
  const rows = await db
    .select({ organizationId: geMemberships.organizationId, geId: geMemberships.geId })
    .from(geMemberships)
    // Only memberships the GE confirmed count for a position's geId.
    .where(
      and(inArray(geMemberships.organizationId, organizationIds), eq(geMemberships.status, 'confirmed')),
    );
  for (const r of rows) map.set(r.organizationId, [...(map.get(r.organizationId) ?? []), r.geId]);
  return map;
}
