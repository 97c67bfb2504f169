/**
 * Positions for the communes GeoNames does not place: population-weighted means of located
 * neighbours (docs/places.md has the method and its measured accuracy).
 */
import type { CoordinateSource } from './compact-format';
import type { EtalabCommune } from './package-data';

interface Point {
  lat: number;
  lon: number;
  weight: number;
}

function weightedMean(points: Point[]): { lat: number; lon: number } | null {
  let total = 0;
  let lat = 0;
  let lon = 0;
  for (const p of points) {
    total += p.weight;
    lat += p.lat * p.weight;
    lon += p.lon * p.weight;
  }
  return total > 0 ? { lat: lat / total, lon: lon / total } : null;
}

export interface Located {
  commune: EtalabCommune;
  lat: number;
  lon: number;
  weight: number;
}

/**
 * Approximates a commune's position from the communes whose position is known (never from other
 * approximations), in this order:
 * 1. code-postal: population-weighted mean of the located communes sharing one of its postal codes;
 * 2. arrondissement (départemental), 3. departement: population-weighted mean of the located
 *    communes there. (A postal-code-prefix step was tried and measured worse than the arrondissement
 *    mean: docs/places.md.)
 */
export function approximate(
  commune: EtalabCommune,
  known: {
    byPostalCode: Map<string, Located[]>;
    byArrondissement: Map<string, Located[]>;
    byDepartement: Map<string, Located[]>;
  },
): { lat: number; lon: number; source: CoordinateSource } | null {
  const postalCodes = commune.codesPostaux ?? [];
  const others = (list: Located[] | undefined) => (list ?? []).filter((l) => l.commune.code !== commune.code);

  const samePostal = new Map<string, Located>();
  for (const pc of postalCodes)
    for (const l of others(known.byPostalCode.get(pc))) samePostal.set(l.commune.code, l);
  const byPostal = weightedMean([...samePostal.values()]);
  if (byPostal) return { ...byPostal, source: 'code-postal' };

  const inArrondissement = others(
    commune.arrondissement ? known.byArrondissement.get(commune.arrondissement) : undefined,
  );
  const inDepartement = others(known.byDepartement.get(commune.departement));
  const arrondissementMean = weightedMean(inArrondissement);
  if (arrondissementMean) return { ...arrondissementMean, source: 'arrondissement' };
  const departementMean = weightedMean(inDepartement);
  if (departementMean) return { ...departementMean, source: 'departement' };
  return null;
}

export function indexBy(
  located: Located[],
  keys: (c: EtalabCommune) => (string | undefined)[],
): Map<string, Located[]> {
  const map = new Map<string, Located[]>();
  for (const l of located) {
    for (const key of keys(l.commune)) {
      if (!key) continue;
      const list = map.get(key);
      if (list) list.push(l);
      else map.set(key, [l]);
    }
  }
  return map;
}
