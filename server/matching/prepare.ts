import { toHundredths } from './hours';
import { maskOf } from './slots';
import type { Instance } from './types';

/** A need as the solver sees it: integer hours, slot masks, day numbers, organization index. */
export interface PNeed {
  /** Position in the instance's `needs`: the deterministic tie-breaker everywhere. */
  index: number;
  id: string;
  org: number;
  role: string;
  /** Hundredths of an hour. */
  hours: number;
  slotsNeeded: number;
  allowed: number;
  lat: number;
  lon: number;
  travelKm: number;
  /** Days since 1970-01-01 (UTC). */
  day: number;
}

export interface Prepared {
  minHours: number;
  maxHours: number;
  windowDays: number;
  needs: PNeed[];
  /** Per organization index, its GE ids sorted (so that the smallest common one is picked first). */
  orgGes: string[][];
}

export function dayNumber(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

/** Assumes an instance already validated by the schema (every organization exists). */
export function prepare(instance: Instance): Prepared {
  const orgIndex = new Map(instance.organizations.map((o, i) => [o.id, i]));
  const orgGes = instance.organizations.map((o) => [...new Set(o.geIds)].sort());
  const needs = instance.needs.map(
    (n, index): PNeed => ({
      index,
      id: n.id,
      org: orgIndex.get(n.organizationId) ?? -1,
      role: n.role,
      hours: toHundredths(n.hours),
      slotsNeeded: n.slotsNeeded,
      allowed: maskOf(n.allowedSlots),
      lat: n.lat,
      lon: n.lon,
      travelKm: n.maxTravelKm,
      day: dayNumber(n.start),
    }),
  );
  return {
    minHours: toHundredths(instance.fullTime.minHours),
    maxHours: toHundredths(instance.fullTime.maxHours),
    windowDays: instance.startWindowDays,
    needs,
    orgGes,
  };
}

/** The smallest GE id shared by every organization of `orgs`, or null. */
export function commonGe(orgGes: string[][], orgs: Iterable<number>): string | null {
  let common: string[] | null = null;
  for (const o of orgs) {
    const ges = orgGes[o] ?? [];
    common = common === null ? ges : common.filter((g) => ges.includes(g));
    if (common.length === 0) return null;
  }
  return common?.[0] ?? null;
}
