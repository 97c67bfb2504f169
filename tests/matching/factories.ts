/** Matcher test data through factories with traits: `makeNeed({ org: 'o2', flexible: true })`. */
import type { Instance, Need, Organization, Slot } from '../../server/matching';
import { SLOTS } from '../../server/matching/types';

/** Kilometres per degree of latitude on the contract's sphere (radius 6,371 km). */
export const KM_PER_DEG = (Math.PI / 180) * 6371;

/** Base point (Belfort) and a helper to place a need `km` north of it (along a meridian: exact distances). */
export const BASE = { lat: 47.6397, lon: 6.8638 };
export const north = (km: number) => ({ lat: BASE.lat + km / KM_PER_DEG, lon: BASE.lon });

let sequence = 0;

/** A need with all twelve half-days allowed unless `fixed` (or `allowedSlots`) says otherwise. */
export function makeNeed(traits: Partial<Need> & { org?: string; fixed?: Slot[] } = {}): Need {
  const n = ++sequence;
  const { org, fixed, ...rest } = traits;
  const hours = rest.hours ?? 17.5;
  const slotsNeeded = rest.slotsNeeded ?? Math.max(1, Math.round(hours / 3.5));
  return {
    id: `n${n}`,
    organizationId: org ?? `o${n}`,
    role: 'M1203',
    hours,
    slotsNeeded,
    allowedSlots: fixed ?? allSlots(),
    ...BASE,
    maxTravelKm: 30,
    start: '2027-01-04',
    ...rest,
  };
}

/**
 * An instance whose organizations are created from the needs' organizationId (GE memberships from
 * `ges`).
 */
export function makeInstance(
  needs: Need[],
  options: { minHours?: number; maxHours?: number; window?: number; ges?: Record<string, string[]> } = {},
): Instance {
  const ids = [...new Set(needs.map((n) => n.organizationId))];
  const organizations: Organization[] = ids.map((id) => ({ id, geIds: options.ges?.[id] ?? [] }));
  return {
    fullTime: { minHours: options.minHours ?? 35, maxHours: options.maxHours ?? 35 },
    startWindowDays: options.window ?? 92,
    organizations,
    needs,
  };
}

export function allSlots(): Slot[] {
  return [...SLOTS];
}
