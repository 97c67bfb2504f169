/** Which GeoNames feature gives a commune its position (see buildPlaces). */
import { normalizeName } from './normalize';
import type { City } from './package-data';

/** GeoNames country codes whose `muniSub` is an INSEE code, with the départements they may map to. */
export const MUNISUB_COUNTRIES: Record<string, (dep: string) => boolean> = {
  FR: (dep) => dep.length === 2,
  GP: (dep) => dep === '971',
  MQ: (dep) => dep === '972',
  GF: (dep) => dep === '973',
  RE: (dep) => dep === '974',
};

/** Overseas places GeoNames lists without `muniSub`: matched by exact name inside their département. */
export const NAME_COUNTRIES: Record<string, string> = {
  PM: '975',
  YT: '976',
  BL: '977',
  MF: '978',
  WF: '986',
  PF: '987',
  NC: '988',
};

/** Paris is the one French GeoNames entry without muniSub (the capital, feature PPLC). */
export const PARIS = { code: '75056', cityId: 2988507 };

const FEATURE_RANK: Record<string, number> = { PPLC: 0, PPLA: 1, PPLA2: 2, PPLA3: 3, PPLA4: 4, PPL: 5 };

/**
 * Chooses the GeoNames feature for a commune among those sharing its INSEE code. A commune nouvelle
 * or a big city has several (Marseille: 100+ quarters, PPLX): prefer the feature named like the
 * commune, then populated places over sections (PPLX) and subdivisions (PPLA5), then population.
 */
export function pickFeature(communeName: string, features: City[]): City {
  const wanted = normalizeName(communeName);
  const score = (c: City) => [
    normalizeName(c.name) === wanted ? 0 : 1,
    c.featureCode === 'PPLX' || c.featureCode === 'PPLA5' ? 1 : 0,
    -c.population,
    FEATURE_RANK[c.featureCode] ?? 9,
  ];
  let best = features[0] as City;
  let bestScore = score(best);
  for (const feature of features.slice(1)) {
    const s = score(feature);
    for (let i = 0; i < s.length; i++) {
      const diff = (s[i] as number) - (bestScore[i] as number);
      if (diff < 0) {
        best = feature;
        bestScore = s;
        break;
      }
      if (diff > 0) break;
    }
  }
  return best;
}
