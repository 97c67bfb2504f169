/** Great-circle distances on a sphere of radius 6,371 km (rule 5 of the contract). */
export const EARTH_RADIUS_KM = 6371;

/** Rule 5 compares float distances with this slack (one micrometre) so that a pair placed exactly at the limit passes. */
export const DISTANCE_EPSILON_KM = 1e-9;

const RAD = Math.PI / 180;

export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Distances enter the objective as whole millimetres, so that travel totals add and compare exactly. */
export function kmToMm(km: number): number {
  return Math.round(km * 1e6);
}
