/**
 * French communes with offline coordinates: lookup, search, free-text resolution, distances.
 *
 * The index is built lazily on first use (or by an explicit `loadPlaces`) and is synchronous after
 * that. The slow path parses the packages' data (build.ts); with `cacheFile` the compact result is
 * written to that file and later starts read it instead (docs/places.md has the figures).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  buildPlaces,
  type CompactPlaces,
  type CoordinateSource,
  EXACT_SOURCES,
  SOURCE_CODES,
  sourceKey,
} from './build';
import { distanceKm, type LatLon } from './geo';
import { normalizeName } from './normalize';

export type { CoordinateSource } from './build';
export { distanceKm, type LatLon } from './geo';
export { normalizeName } from './normalize';

export interface Commune {
  /** INSEE code (5 characters, e.g. 90010, 2A004; 75111 for an arrondissement municipal). */
  code: string;
  name: string;
  postalCodes: string[];
  departement: string;
  region: string;
  population: number;
  lat: number;
  lon: number;
  /** True when the position is an estimate (show "position approximative"). */
  approximate: boolean;
  /** How the position was obtained (docs/places.md). */
  coordinateSource: CoordinateSource;
  /** 'arrondissement-municipal' for the 45 arrondissements of Paris, Lyon and Marseille. */
  kind: 'commune' | 'arrondissement-municipal';
  /** For an arrondissement municipal: its commune's code (75056, 69123, 13055). */
  parent?: string;
}

export interface Departement {
  code: string;
  name: string;
  region: string;
}

export interface Region {
  code: string;
  name: string;
}

export interface LoadOptions {
  /** A file to read the compact index from, and to write it to when missing or stale. */
  cacheFile?: string;
}

export interface LoadInfo {
  source: 'cache' | 'packages';
  ms: number;
  communes: number;
  cacheWritten: boolean;
  cacheError?: string;
}

/** What `resolveCommune` found for a piece of free text. */
export interface Resolution {
  /** The best match. */
  commune: Commune;
  /** Every plausible match, best first (the first is `commune`), at most 10. */
  candidates: Commune[];
  /** True when several candidates are equally plausible: ask the person. */
  ambiguous: boolean;
  /** What decided the match. */
  matchedBy: 'code-insee' | 'code-postal' | 'nom' | 'nom-et-code-postal' | 'nom-et-departement';
}

const SOURCE_BY_CODE = new Map(
  Object.entries(SOURCE_CODES).map(([source, letter]) => [letter, source as CoordinateSource]),
);

export class PlacesIndex {
  readonly loadInfo: LoadInfo;
  private readonly data: CompactPlaces;
  private readonly names: string[];
  private readonly postal: string[];
  private readonly deps: string[];
  /** Commune objects, made on first access (loading makes none: it only indexes the columns). */
  private readonly rows: (Commune | undefined)[];
  private all: readonly Commune[] | undefined;
  private readonly rowByCode = new Map<string, number>();
  /** Rows are sorted by département: [first, end) per département. */
  private readonly depRanges = new Map<string, [number, number]>();
  private postalIndex: { byPostalCode: Map<string, number[]>; postalCodes: string[] } | undefined;
  private readonly departementList: Departement[];
  private readonly departementByCode = new Map<string, Departement>();
  private readonly regionByCode = new Map<string, Region>();
  /** "\n" + normalised names joined by "\n" + "\n". */
  private readonly haystack: string;
  /** offsets[i]: where row i's key starts in the haystack; offsets[n]: the end sentinel. */
  private readonly offsets: Int32Array;
  /** Word starts sorted by suffix: row * 128 + position in the row's key (build.ts). */
  private readonly words: Int32Array;
  private readonly stamp: Uint32Array;
  private readonly tierOf: Uint8Array;
  private generation = 0;

  constructor(data: CompactPlaces, loadInfo: Omit<LoadInfo, 'ms' | 'communes'> & { started: number }) {
    this.data = data;
    for (const [code, name] of data.regions) this.regionByCode.set(code, { code, name });
    this.departementList = data.departements.map(([code, name, region]) => ({ code, name, region }));
    for (const d of this.departementList) this.departementByCode.set(d.code, d);

    this.names = data.names.split('\n');
    this.postal = data.postalCodes.split('\n');
    this.deps = data.deps.split(' ');
    const n = this.names.length;
    this.rows = new Array(n);
    for (let i = 0; i < n; i++) this.rowByCode.set(data.codes.slice(i * 5, i * 5 + 5), i);
    for (let i = 0; i < n; ) {
      const dep = this.deps[i] as string;
      let j = i + 1;
      while (j < n && this.deps[j] === dep) j++;
      this.depRanges.set(dep, [i, j]);
      i = j;
    }
    // Search haystack: "\n" + key + "\n" per commune; a hit's offset maps back to its row.
    this.haystack = `\n${data.keys}\n`;
    this.offsets = new Int32Array(n + 1);
    let offset = 1;
    let row = 0;
    for (let i = 1; i < this.haystack.length; i++) {
      if (this.haystack.charCodeAt(i) === 10) {
        this.offsets[row] = offset;
        row++;
        offset = i + 1;
      }
    }
    this.offsets[row] = offset;
    this.words = Int32Array.from(data.words);
    this.stamp = new Uint32Array(n);
    this.tierOf = new Uint8Array(n);
    this.loadInfo = {
      source: loadInfo.source,
      cacheWritten: loadInfo.cacheWritten,
      ...(loadInfo.cacheError ? { cacheError: loadInfo.cacheError } : {}),
      communes: n,
      ms: Math.round((performance.now() - loadInfo.started) * 10) / 10,
    };
  }

  /** Every commune and arrondissement municipal, by département then name. */
  get communes(): readonly Commune[] {
    if (!this.all) this.all = this.names.map((_, i) => this.commune(i));
    return this.all;
  }

  private commune(i: number): Commune {
    const cached = this.rows[i];
    if (cached) return cached;
    const data = this.data;
    const code = data.codes.slice(i * 5, i * 5 + 5);
    const departement = this.deps[i] as string;
    const coordinateSource = SOURCE_BY_CODE.get(data.sources[i] as string) ?? 'departement';
    const parent = data.parents[code];
    const postal = this.postal[i] as string;
    const commune: Commune = {
      code,
      name: this.names[i] as string,
      postalCodes: postal ? postal.split(' ') : [],
      departement,
      region: this.departementByCode.get(departement)?.region ?? '',
      population: data.population[i] as number,
      lat: data.lat[i] as number,
      lon: data.lon[i] as number,
      approximate: !EXACT_SOURCES.has(coordinateSource),
      coordinateSource,
      kind: parent ? 'arrondissement-municipal' : 'commune',
    };
    if (parent) commune.parent = parent;
    this.rows[i] = commune;
    return commune;
  }

  private byCode(code: string): Commune | undefined {
    const row = this.rowByCode.get(code);
    return row === undefined ? undefined : this.commune(row);
  }

  /** Postal code → rows, built on the first postal-code lookup. */
  private postalCodeIndex(): { byPostalCode: Map<string, number[]>; postalCodes: string[] } {
    if (!this.postalIndex) {
      const byPostalCode = new Map<string, number[]>();
      this.postal.forEach((codes, row) => {
        if (codes) for (const pc of codes.split(' ')) push(byPostalCode, pc, row);
      });
      this.postalIndex = { byPostalCode, postalCodes: [...byPostalCode.keys()].sort() };
    }
    return this.postalIndex;
  }

  private communesOfPostalCode(code: string): Commune[] {
    return (this.postalCodeIndex().byPostalCode.get(code) ?? []).map((row) => this.commune(row));
  }

  getCommune(code: string): Commune | null {
    return this.byCode(code.trim().toUpperCase()) ?? null;
  }

  departementOfCommune(code: string): string | null {
    const commune = this.getCommune(code);
    if (commune) return commune.departement;
    // A code that is not (or no longer) a commune: its first 2 characters, 3 overseas.
    const clean = code.trim().toUpperCase();
    if (!/^(\d{2}|2A|2B)\d{3}$/.test(clean)) return null;
    const dep = clean.startsWith('97') || clean.startsWith('98') ? clean.slice(0, 3) : clean.slice(0, 2);
    return this.departementByCode.has(dep) ? dep : null;
  }

  /** Communes (not arrondissements municipaux) of a département, by name. */
  communesOfDepartement(dep: string): Commune[] {
    const range = this.depRanges.get(normalizeDepartement(dep));
    if (!range) return [];
    const list: Commune[] = [];
    for (let i = range[0]; i < range[1]; i++) {
      const commune = this.commune(i);
      if (commune.kind === 'commune') list.push(commune);
    }
    return list;
  }

  departements(): { code: string; name: string }[] {
    return this.departementList.map(({ code, name }) => ({ code, name }));
  }

  departementName(code: string): string | null {
    return this.departementByCode.get(normalizeDepartement(code))?.name ?? null;
  }

  regionName(code: string): string | null {
    return this.regionByCode.get(code)?.name ?? null;
  }

  /** Communes whose postal code starts with `prefix` (2 to 5 digits), exact codes first. */
  private searchPostal(prefix: string): Commune[] {
    const { byPostalCode, postalCodes } = this.postalCodeIndex();
    if (byPostalCode.has(prefix)) return sortPostalExact(this.communesOfPostalCode(prefix));
    const found = new Set<Commune>();
    let i = lowerBound(postalCodes, prefix);
    while (i < postalCodes.length && (postalCodes[i] as string).startsWith(prefix)) {
      for (const c of this.communesOfPostalCode(postalCodes[i] as string)) found.add(c);
      i++;
    }
    // Arrondissements municipaux duplicate their city under a prefix search: keep the city.
    return [...found].filter((c) => c.kind === 'commune').sort(byPopulation);
  }

  /** The row whose key contains haystack position `position`. */
  private rowAt(position: number): number {
    let lo = 0;
    let hi = this.offsets.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.offsets[mid] as number) <= position) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Calls `visit(row, position)` for every word start whose text begins with `prefix`. */
  private eachWordPrefix(prefix: string, visit: (row: number, position: number) => void): void {
    const h = this.haystack;
    const start = (id: number) => (this.offsets[id >> 7] as number) + (id & 127);
    // Lower bound: the first suffix >= prefix (suffixes end at "\n", below every letter).
    let lo = 0;
    let hi = this.words.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const at = start(this.words[mid] as number);
      const end = h.indexOf('\n', at);
      if (h.slice(at, Math.min(end, at + prefix.length)) < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.words.length; i++) {
      const id = this.words[i] as number;
      if (!h.startsWith(prefix, start(id))) break;
      visit(id >> 7, id & 127);
    }
  }

  private keyOf(row: number): string {
    return this.haystack.slice(this.offsets[row], (this.offsets[row + 1] as number) - 1);
  }

  /**
   * Name search ranked by exactness then population: 0 exact, 1 prefix, 2 prefix of a word inside
   * the name, 3 every query word is a prefix of some word of the name, 4 substring (3+ letters).
   * Uses the sorted word index (binary search, then the matching range), so a search costs the
   * number of hits, not the number of communes.
   */
  private searchName(query: string, limit: number, filter?: (c: Commune) => boolean): Commune[] {
    const q = normalizeName(query);
    if (!q) return [];
    // Best tier per row, without a Map: tierOf[row] is valid when stamp[row] === this.generation.
    const generation = ++this.generation;
    const hits: number[] = [];
    const note = (row: number, tier: number) => {
      if (this.stamp[row] !== generation) {
        this.stamp[row] = generation;
        this.tierOf[row] = tier;
        hits.push(row);
      } else if (tier < (this.tierOf[row] as number)) this.tierOf[row] = tier;
    };
    const h = this.haystack;
    // Word-prefix hits from the sorted word index: exact, prefix, prefix of an inner word.
    this.eachWordPrefix(q, (row, position) => {
      if (position > 0) note(row, 2);
      else note(row, h.charCodeAt((this.offsets[row] as number) + q.length) === 10 ? 0 : 1);
    });
    const tokens = q.split(' ');
    if (tokens.length > 1) {
      // Words in another order or with words left out ("chalon saone"): the rows where the longest
      // word starts a word, checked for the others.
      const longest = tokens.reduce((a, b) => (b.length > a.length ? b : a));
      this.eachWordPrefix(longest, (row) => {
        if (this.stamp[row] === generation) return;
        const words = this.keyOf(row).split(' ');
        if (tokens.every((t) => words.some((w) => w.startsWith(t)))) note(row, 3);
      });
    }
    // Substrings inside a word ("fort" in "Belfort"): a scan of every name, so only when nothing
    // else matched.
    if (q.length >= 3 && (filter ? !hits.some((r) => filter(this.commune(r))) : hits.length === 0)) {
      for (let p = h.indexOf(q); p !== -1; p = h.indexOf(q, p + 1)) note(this.rowAt(p), 4);
    }
    // Top `limit` by (tier, population) without sorting every hit ("saint" has thousands).
    const top: { commune: Commune; tier: number }[] = [];
    for (const row of hits) {
      const tier = this.tierOf[row] as number;
      const commune = this.commune(row);
      if (filter && !filter(commune)) continue;
      if (top.length === limit) {
        const last = top[limit - 1] as { commune: Commune; tier: number };
        if (tier > last.tier || (tier === last.tier && byPopulation(commune, last.commune) >= 0)) continue;
        top.pop();
      }
      let i = top.length;
      while (i > 0) {
        const prev = top[i - 1] as { commune: Commune; tier: number };
        if (prev.tier < tier || (prev.tier === tier && byPopulation(prev.commune, commune) <= 0)) break;
        i--;
      }
      top.splice(i, 0, { commune, tier });
    }
    return top.map((r) => r.commune);
  }

  /**
   * Search by name (accent-, case- and hyphen-insensitive, "st" = "saint"), by postal code (full or
   * a prefix of 2+ digits) or by INSEE code.
   */
  searchCommunes(query: string, limit = 10): Commune[] {
    const text = query.trim();
    if (!text || limit <= 0) return [];
    const compact = text.replace(/\s+/g, '');
    if (/^\d{2,5}$/.test(compact)) {
      const results = this.searchPostal(compact);
      if (compact.length === 5) {
        const byInsee = this.byCode(compact);
        if (byInsee && !results.includes(byInsee)) results.push(byInsee);
      }
      return results.slice(0, limit);
    }
    if (/^(2A|2B)\d{3}$/i.test(compact)) {
      const commune = this.getCommune(compact);
      return commune ? [commune] : [];
    }
    return this.searchName(text, limit);
  }

  /**
   * Resolves a commune as people write it in spreadsheets: "90000", "Belfort", "90000 Belfort",
   * "Belfort (90)", "BELFORT CEDEX", "Belfort, 90000", an INSEE code "90010". Null when nothing fits.
   */
  resolveCommune(text: string): Resolution | null {
    let rest = ` ${text.normalize('NFC')} `;
    // "CEDEX" and "CEDEX 9" are postal routing, not part of the name.
    rest = rest.replace(/\s+cedex(\s*\d{1,2})?(?=\s|$|[,;)])/gi, ' ');
    let departement: string | undefined;
    rest = rest.replace(/\(\s*(\d{2,3}|2A|2B)\s*\)/i, (_, dep: string) => {
      departement = dep.toUpperCase();
      return ' ';
    });
    let code: string | undefined;
    rest = rest.replace(
      /(^|[\s,;(])((?:\d{5})|(?:2A|2B)\d{3}|\d{4})(?=$|[\s,;)])/i,
      (_, before: string, found: string) => {
        // A 4-digit code is a postal code whose leading zero a spreadsheet dropped ("1000" → 01000).
        code = found.length === 4 ? `0${found}` : found.toUpperCase();
        return before;
      },
    );
    const name = normalizeName(rest);

    let byCode: Commune[] = [];
    let matchedByCode: 'code-postal' | 'code-insee' = 'code-postal';
    if (code) {
      byCode = sortPostalExact(this.communesOfPostalCode(code));
      if (byCode.length === 0) {
        const insee = this.byCode(code);
        if (insee) {
          byCode = [insee];
          matchedByCode = 'code-insee';
        }
      }
      if (departement) byCode = byCode.filter((c) => c.departement === departement);
    }

    if (!name) {
      if (byCode.length === 0) return null;
      const ambiguous = byCode.length > 1 && !isArrondissementOf(byCode);
      // "13100" is Aix-en-Provence's postal code and Saint-Rémy-de-Provence's INSEE code: a bare
      // number in a spreadsheet is a postal code far more often, so the INSEE reading comes last.
      const insee = code ? this.byCode(code) : undefined;
      if (matchedByCode === 'code-postal' && insee && !byCode.includes(insee)) {
        return resolution([...byCode, insee], matchedByCode, ambiguous);
      }
      return resolution(byCode, matchedByCode, ambiguous);
    }

    const depFilter = departement ? (c: Commune) => c.departement === departement : undefined;
    if (byCode.length > 0) {
      const inCode = new Set(byCode);
      const named = this.searchName(name, 10, (c) => inCode.has(c));
      if (named.length > 0) return resolution(named, 'nom-et-code-postal', tie(named, name));
      // The name does not fit the code: trust a unique exact name, else the code.
      const exact = this.searchName(name, 10, depFilter).filter((c) => normalizeName(c.name) === name);
      if (exact.length === 1) return resolution(exact, 'nom', false);
      return resolution(byCode, matchedByCode, true);
    }
    const found = this.searchName(name, 10, depFilter);
    if (found.length === 0) return null;
    const exactNames = found.filter((c) => normalizeName(c.name) === name);
    if (exactNames.length === 0) {
      // Only partial matches ("Belf"): a guess that the person should confirm.
      return resolution(found, departement ? 'nom-et-departement' : 'nom', true);
    }
    const rest2 = found.filter((c) => !exactNames.includes(c));
    return resolution(
      [...exactNames, ...rest2],
      departement ? 'nom-et-departement' : 'nom',
      exactNames.length > 1 && !isArrondissementOf(exactNames),
    );
  }
}

function resolution(
  candidates: Commune[],
  matchedBy: Resolution['matchedBy'],
  ambiguous: boolean,
): Resolution {
  const list = candidates.slice(0, 10);
  return { commune: list[0] as Commune, candidates: list, ambiguous, matchedBy };
}

/** Several exact-name matches inside one postal code (rare) are a tie. */
function tie(found: Commune[], name: string): boolean {
  return found.filter((c) => normalizeName(c.name) === name).length > 1;
}

/** [arrondissement, its city] is not an ambiguity: the arrondissement is the precise answer. */
function isArrondissementOf(list: Commune[]): boolean {
  const [first, ...others] = list;
  return first?.kind === 'arrondissement-municipal' && others.every((c) => c.code === first.parent);
}

/** Exact postal-code hits: an arrondissement municipal before its city (75011 → Paris 11e), then population. */
function sortPostalExact(list: Commune[]): Commune[] {
  return [...list].sort(
    (a, b) =>
      (a.kind === 'arrondissement-municipal' ? 0 : 1) - (b.kind === 'arrondissement-municipal' ? 0 : 1) ||
      byPopulation(a, b),
  );
}

// One collator: String#localeCompare with a locale builds one per call (100+ ms over 35,000 names).
const collator = new Intl.Collator('fr');

function byPopulation(a: Commune, b: Commune): number {
  return b.population - a.population || collator.compare(a.name, b.name);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function lowerBound(sorted: string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as string) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** "1" → "01", "2a" → "2A", "971" stays. */
function normalizeDepartement(code: string): string {
  const clean = code.trim().toUpperCase();
  return /^\d$/.test(clean) ? `0${clean}` : clean;
}

function readCache(file: string, key: string): CompactPlaces | null {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as CompactPlaces;
    return data.key === key && typeof data.codes === 'string' ? data : null;
  } catch {
    return null;
  }
}

function writeCache(file: string, data: CompactPlaces): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(data));
  renameSync(tmp, file);
}

/** Builds an index without touching the module's shared one (tests, tools). */
export function createPlacesIndex(options: LoadOptions = {}): PlacesIndex {
  const started = performance.now();
  const key = sourceKey();
  if (options.cacheFile) {
    const cached = readCache(options.cacheFile, key);
    if (cached) return new PlacesIndex(cached, { source: 'cache', cacheWritten: false, started });
  }
  const data = buildPlaces();
  let cacheWritten = false;
  let cacheError: string | undefined;
  if (options.cacheFile) {
    try {
      writeCache(options.cacheFile, data);
      cacheWritten = true;
    } catch (error) {
      // A read-only disk costs start time, not correctness.
      cacheError = error instanceof Error ? error.message : String(error);
    }
  }
  return new PlacesIndex(data, {
    source: 'packages',
    cacheWritten,
    started,
    ...(cacheError ? { cacheError } : {}),
  });
}

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
