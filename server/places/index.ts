/**
 * French communes with offline coordinates: lookup, search, free-text resolution, distances.
 *
 * The index is built lazily on first use (or by an explicit `loadPlaces`) and is synchronous after
 * that. The slow path parses the packages' data (build.ts); with `cacheFile` the compact result is
 * written to that file and later starts read it instead (docs/places.md has the figures).
 */
import { distanceKm, type LatLon } from './geo';
import { createPlacesIndex } from './load';
import type { PlacesIndex } from './places-index';
import type { Commune, LoadOptions, Resolution } from './types';

export type { CoordinateSource } from './compact-format';
export { distanceKm, type LatLon } from './geo';
export { createPlacesIndex } from './load';
export { normalizeName } from './normalize';
export { PlacesIndex } from './places-index';
export type { Commune, Departement, LoadInfo, LoadOptions, Region, Resolution } from './types';

let shared: PlacesIndex | undefined;
let sharedOptions: LoadOptions = {};

/**
 * Sets the options of the shared index without loading it (call at startup; the first lookup
 * loads). Has no effect on an index already loaded.
 */
export function configurePlaces(options: LoadOptions): void {
  sharedOptions = { ...options };
}

/** Loads the shared index now (idempotent: later calls return the same index). */
export function loadPlaces(options?: LoadOptions): PlacesIndex {
  if (!shared) shared = createPlacesIndex(options ?? sharedOptions);
  return shared;
}

/** True once the shared index is loaded. */
export function placesLoaded(): boolean {
  return shared !== undefined;
}

const places = () => shared ?? loadPlaces();

export const getCommune = (code: string): Commune | null => places().getCommune(code);
export const searchCommunes = (query: string, limit = 10): Commune[] => places().searchCommunes(query, limit);
export const resolveCommune = (text: string): Resolution | null => places().resolveCommune(text);
export const communesOfDepartement = (dep: string): Commune[] => places().communesOfDepartement(dep);
export const departements = (): { code: string; name: string }[] => places().departements();
export const departementName = (code: string): string | null => places().departementName(code);
export const departementOfCommune = (code: string): string | null => places().departementOfCommune(code);
export const regionName = (code: string): string | null => places().regionName(code);

/** Distance between two communes (by INSEE code) in km, or null when one is unknown. */
export function distanceBetweenCommunes(a: string, b: string): number | null {
  const ca = getCommune(a);
  const cb = getCommune(b);
  return ca && cb ? distanceKm(ca as LatLon, cb as LatLon) : null;
}
