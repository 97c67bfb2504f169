import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  communesOfDepartement,
  createPlacesIndex,
  departementName,
  departementOfCommune,
  departements,
  distanceKm,
  getCommune,
  loadPlaces,
  normalizeName,
  type PlacesIndex,
  resolveCommune,
  searchCommunes,
} from '../../server/places';

const dir = mkdtempSync(join(tmpdir(), 'mosaique-places-'));
const cacheFile = join(dir, 'cache', 'places.json');
let built: PlacesIndex;
let cached: PlacesIndex;

beforeAll(() => {
  built = createPlacesIndex({ cacheFile });
  cached = createPlacesIndex({ cacheFile });
  loadPlaces({ cacheFile });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const codes = (list: { code: string }[]) => list.map((c) => c.code);

describe('loading and the cache file', () => {
  it('builds from the packages, writes the cache, then reads it', () => {
    expect(built.loadInfo.source).toBe('packages');
    expect(built.loadInfo.cacheWritten).toBe(true);
    expect(cached.loadInfo.source).toBe('cache');
    expect(statSync(cacheFile).size).toBeLessThan(3_000_000);
  });

  it('the index read from the cache equals the one built from the packages', () => {
    expect(cached.communes.length).toBe(built.communes.length);
    expect(cached.communes).toEqual(built.communes);
    expect(cached.departements()).toEqual(built.departements());
  });

  it('rebuilds when the cache file is garbage or missing a directory', () => {
    const other = join(dir, 'garbage.json');
    writeFileSync(other, '{"key":"stale"');
    const index = createPlacesIndex({ cacheFile: other });
    expect(index.loadInfo.source).toBe('packages');
    expect(createPlacesIndex({ cacheFile: other }).loadInfo.source).toBe('cache');
  });

  it('holds every current commune (about 35,000) and the 45 arrondissements municipaux', () => {
    const communes = built.communes.filter((c) => c.kind === 'commune');
    const arrondissements = built.communes.filter((c) => c.kind === 'arrondissement-municipal');
    expect(communes.length).toBeGreaterThan(34_800);
    expect(arrondissements).toHaveLength(45);
    expect(new Set(built.communes.map((c) => c.code)).size).toBe(built.communes.length);
    const bad = built.communes.filter(
      (c) => !Number.isFinite(c.lat) || !Number.isFinite(c.lon) || !/^(\d{5}|2[AB]\d{3})$/.test(c.code),
    );
    expect(bad).toEqual([]);
  });
});

describe('getCommune', () => {
  it.each([
    ['90010', 'Belfort', 47.64, 6.85],
    ['25056', 'Besançon', 47.25, 6.02],
    ['25388', 'Montbéliard', 47.51, 6.8],
    ['13055', 'Marseille', 43.3, 5.38],
    ['13001', 'Aix-en-Provence', 43.53, 5.45],
    ['45234', 'Orléans', 47.9, 1.9],
    ['75056', 'Paris', 48.85, 2.35],
    ['69123', 'Lyon', 45.75, 4.85],
    ['93048', 'Montreuil', 48.86, 2.44],
    ['93066', 'Saint-Denis', 48.94, 2.35],
    ['92050', 'Nanterre', 48.89, 2.21],
  ])('%s is %s with real coordinates', (code, name, lat, lon) => {
    const commune = getCommune(code);
    expect(commune?.name).toBe(name);
    expect(commune?.approximate).toBe(false);
    expect(commune?.coordinateSource).toBe('geonames');
    expect(commune?.lat).toBeCloseTo(lat, 1);
    expect(commune?.lon).toBeCloseTo(lon, 1);
  });

  it('gives the official fields', () => {
    expect(getCommune('90010')).toMatchObject({
      code: '90010',
      postalCodes: ['90000'],
      departement: '90',
      region: '27',
      kind: 'commune',
    });
    expect(getCommune('90010')?.population).toBeGreaterThan(40_000);
    expect(getCommune('2A004')?.name).toBe('Ajaccio');
    expect(getCommune('2a004')?.name).toBe('Ajaccio');
    expect(getCommune('99999')).toBeNull();
    expect(getCommune('')).toBeNull();
  });

  it('knows the arrondissements municipaux, with their city as parent', () => {
    const paris11 = getCommune('75111');
    expect(paris11).toMatchObject({
      name: 'Paris 11e Arrondissement',
      kind: 'arrondissement-municipal',
      parent: '75056',
    });
    // No GeoNames point for Paris's and Lyon's arrondissements: their city's, flagged approximate.
    expect(paris11?.approximate).toBe(true);
    expect(paris11?.coordinateSource).toBe('commune-parente');
    // Marseille's sixteen are in GeoNames ("Marseille 01" …).
    const marseille1 = getCommune('13201');
    expect(marseille1?.approximate).toBe(false);
    expect(
      distanceKm(
        marseille1 as { lat: number; lon: number },
        getCommune('13055') as { lat: number; lon: number },
      ),
    ).toBeLessThan(2);
  });

  it('does not take Belgian GeoNames entries that share a French INSEE number', () => {
    // Every point lies in or near France's territory (overseas included): no Belgian match in 59/62 etc.
    const outside = built.communes.filter(
      (c) => c.departement.length === 2 && (c.lat < 41 || c.lat > 51.2 || c.lon < -5.3 || c.lon > 9.7),
    );
    expect(outside).toEqual([]);
    // GeoNames files Brussels under muniSub 21004 and Antwerp under 11002 (Belgian NIS codes):
    // those are Aignay-le-Duc (Côte-d'Or) and Airoux (Aude), which GeoNames does not place.
    expect(getCommune('21004')).toMatchObject({ name: 'Aignay-le-Duc', approximate: true });
    expect(getCommune('21004')?.lat).toBeLessThan(48);
    expect(getCommune('11002')).toMatchObject({ name: 'Airoux', approximate: true });
    expect(getCommune('11002')?.lat).toBeLessThan(44);
    // Liège is 62063 too; Avesnes-le-Comte (Pas-de-Calais) keeps its own French point.
    expect(getCommune('62063')?.lon).toBeCloseTo(2.53, 1);
  });

  it('places overseas communes too (muniSub in Guadeloupe, Réunion; by name in Mayotte)', () => {
    expect(getCommune('97411')).toMatchObject({ name: 'Saint-Denis', approximate: false });
    expect(getCommune('97611')).toMatchObject({ name: 'Mamoudzou', coordinateSource: 'geonames-nom' });
    expect(getCommune('97611')?.lat).toBeLessThan(-12);
  });
});

describe('approximate positions', () => {
  it('flags communes without a GeoNames point and places them near their neighbours', () => {
    const approximate = built.communes.filter((c) => c.approximate);
    expect(approximate.length).toBeGreaterThan(20_000);
    const sources = new Set(approximate.map((c) => c.coordinateSource));
    expect(sources).toContain('code-postal');
    // A village of the Territoire de Belfort sharing Belfort's neighbours' postal code.
    const village = communesOfDepartement('90').find(
      (c) => c.approximate && c.coordinateSource === 'code-postal',
    );
    expect(village).toBeDefined();
    const belfort = getCommune('90010') as { lat: number; lon: number };
    expect(distanceKm(village as { lat: number; lon: number }, belfort)).toBeLessThan(30);
  });

  it('every approximate commune stays in its département’s area', () => {
    for (const dep of ['25', '90', '13', '45']) {
      const list = communesOfDepartement(dep);
      const real = list.filter((c) => !c.approximate);
      const lat = real.reduce((s, c) => s + c.lat, 0) / real.length;
      const lon = real.reduce((s, c) => s + c.lon, 0) / real.length;
      for (const c of list) expect(distanceKm(c, { lat, lon })).toBeLessThan(120);
    }
  });
});

describe('searchCommunes', () => {
  it('matches names without accents, case, hyphens, and "st" for "saint"', () => {
    expect(codes(searchCommunes('st etienne', 3))[0]).toBe('42218');
    expect(codes(searchCommunes('SAINT-ÉTIENNE', 3))[0]).toBe('42218');
    expect(codes(searchCommunes('chalon sur saone', 3))[0]).toBe('71076');
    expect(codes(searchCommunes('chalon saone', 3))[0]).toBe('71076');
    expect(codes(searchCommunes('besancon', 3))[0]).toBe('25056');
    expect(codes(searchCommunes("l'hay les roses", 3))[0]).toBe('94038');
  });

  it('ranks exact names, then prefixes, then by population', () => {
    const belf = searchCommunes('belf', 5);
    expect(belf[0]?.code).toBe('90010');
    expect(belf.every((c) => normalizeName(c.name).startsWith('belf'))).toBe(true);
    const stDenis = searchCommunes('saint denis', 4);
    expect(codes(stDenis).slice(0, 2).sort()).toEqual(['93066', '97411']);
    const montreuil = searchCommunes('montreuil', 10);
    expect(montreuil[0]?.code).toBe('93048');
    expect(montreuil.filter((c) => c.name === 'Montreuil').length).toBeGreaterThan(1);
  });

  it('finds by full or partial postal code, and by INSEE code', () => {
    expect(codes(searchCommunes('90000'))).toEqual(['90010']);
    const prefix = searchCommunes('900', 50);
    expect(prefix[0]?.code).toBe('90010');
    expect(prefix.every((c) => c.postalCodes.some((pc) => pc.startsWith('900')))).toBe(true);
    expect(codes(searchCommunes('90010'))).toEqual(['90010']);
    expect(codes(searchCommunes('2A004'))).toEqual(['2A004']);
    expect(codes(searchCommunes('75011'))).toEqual(['75111', '75056']);
  });

  it('respects the limit and answers nothing for nothing', () => {
    expect(searchCommunes('saint', 7)).toHaveLength(7);
    expect(searchCommunes('')).toEqual([]);
    expect(searchCommunes('   ')).toEqual([]);
    expect(searchCommunes('zzzzqx')).toEqual([]);
  });

  it('answers a search well under a millisecond (sanity bound, not a benchmark)', () => {
    const queries = ['belfort', 'st etienne', 'mar', 'saint', '900', 'chalon sur saone'];
    for (const q of queries) searchCommunes(q);
    const rounds = 100;
    const started = performance.now();
    for (let i = 0; i < rounds; i++) for (const q of queries) searchCommunes(q);
    const perSearch = (performance.now() - started) / (rounds * queries.length);
    // Measured ~0.5 ms on a loaded 2-core machine; the bound only catches an accidental O(n log n) path.
    expect(perSearch).toBeLessThan(20);
  });
});

describe('resolveCommune', () => {
  it.each([
    ['90000'],
    ['Belfort'],
    ['90000 Belfort'],
    ['Belfort 90000'],
    ['Belfort, 90000'],
    ['Belfort (90)'],
    ['BELFORT CEDEX'],
    ['90000 BELFORT CEDEX 9'],
    ['belfort'],
    ['90010'],
  ])('%s → Belfort', (text) => {
    const result = resolveCommune(text);
    expect(result?.commune.code).toBe('90010');
    expect(result?.ambiguous).toBe(false);
  });

  it('reports ambiguity and the candidates', () => {
    const result = resolveCommune('Saint-Denis');
    expect(result?.ambiguous).toBe(true);
    expect(codes(result?.candidates ?? [])).toEqual(expect.arrayContaining(['93066', '97411']));
    expect(resolveCommune('Saint-Denis (93)')?.commune.code).toBe('93066');
    expect(resolveCommune('93200 Saint-Denis')).toMatchObject({
      ambiguous: false,
      matchedBy: 'nom-et-code-postal',
    });
    expect(resolveCommune('Montreuil (93)')?.commune.code).toBe('93048');
  });

  it('resolves a Paris postal code to its arrondissement, with Paris as the other candidate', () => {
    const result = resolveCommune('75011');
    expect(result?.commune.code).toBe('75111');
    expect(codes(result?.candidates ?? [])).toEqual(['75111', '75056']);
    expect(result?.ambiguous).toBe(false);
    expect(resolveCommune('75011 Paris')?.commune.code).toBe('75056');
  });

  it('reads a bare 5-digit number as a postal code first, an INSEE code last', () => {
    const result = resolveCommune('13100');
    expect(result?.commune.code).toBe('13001'); // Aix-en-Provence, postal code 13100
    expect(result?.matchedBy).toBe('code-postal');
    expect(result?.candidates.at(-1)?.code).toBe('13100'); // Saint-Rémy-de-Provence, INSEE 13100
  });

  it('restores a leading zero a spreadsheet dropped', () => {
    expect(resolveCommune('1000 Bourg-en-Bresse')?.commune.code).toBe('01053');
  });

  it('flags partial names as needing confirmation and returns null for nonsense', () => {
    expect(resolveCommune('Besanc')).toMatchObject({ ambiguous: true });
    expect(resolveCommune('Besanc')?.commune.code).toBe('25056');
    expect(resolveCommune('qqqqzz')).toBeNull();
    expect(resolveCommune('')).toBeNull();
    expect(resolveCommune('00000')).toBeNull();
  });

  it('trusts a unique exact name when the postal code does not fit', () => {
    expect(resolveCommune('25000 Belfort')?.commune.code).toBe('90010');
  });
});

describe('départements and distances', () => {
  it('lists départements with French names', () => {
    const list = departements();
    expect(list.length).toBeGreaterThanOrEqual(101);
    expect(list).toContainEqual({ code: '90', name: 'Territoire de Belfort' });
    expect(list).toContainEqual({ code: '2A', name: 'Corse-du-Sud' });
    expect(departementName('25')).toBe('Doubs');
    expect(departementName('971')).toBe('Guadeloupe');
    expect(departementName('1')).toBe('Ain');
    expect(departementName('00')).toBeNull();
  });

  it('gives the département of a commune', () => {
    expect(departementOfCommune('90010')).toBe('90');
    expect(departementOfCommune('2A004')).toBe('2A');
    expect(departementOfCommune('97411')).toBe('974');
    expect(departementOfCommune('75111')).toBe('75');
    expect(departementOfCommune('abc')).toBeNull();
  });

  it('lists the communes of a département (arrondissements municipaux excluded), by name', () => {
    const belfort = communesOfDepartement('90');
    expect(belfort.length).toBeGreaterThan(90);
    expect(belfort.every((c) => c.departement === '90')).toBe(true);
    const names = belfort.map((c) => c.name);
    expect(names).toEqual([...names].sort(new Intl.Collator('fr').compare));
    expect(codes(communesOfDepartement('75'))).toEqual(['75056']);
    expect(communesOfDepartement('xx')).toEqual([]);
  });

  it('measures great-circle distances (radius 6371 km)', () => {
    const belfort = getCommune('90010') as { lat: number; lon: number };
    const besancon = getCommune('25056') as { lat: number; lon: number };
    const d = distanceKm(belfort, besancon);
    expect(d).toBeGreaterThan(75);
    expect(d).toBeLessThan(80);
    expect(distanceKm(belfort, belfort)).toBe(0);
    // A quarter of a meridian: pi/2 * 6371.
    expect(distanceKm({ lat: 0, lon: 0 }, { lat: 90, lon: 0 })).toBeCloseTo((Math.PI / 2) * 6371, 6);
  });
});
