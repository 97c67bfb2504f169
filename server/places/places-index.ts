/**
 * The commune index built from the compact table: lookups by INSEE code, postal code and département,
 * search (names through NameSearch) and free-text resolution.
 */
import { type CompactPlaces, type CoordinateSource, EXACT_SOURCES, SOURCE_CODES } from './compact-format';
import { NameSearch } from './name-search';
import { normalizeName } from './normalize';
import { byPopulation, isArrondissementOf, resolution, sortPostalExact, tie } from './ranking';
import type { Commune, Departement, LoadInfo, Region, Resolution } from './types';

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
  private readonly nameSearch: NameSearch;

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
    this.nameSearch = new NameSearch(data.keys, data.words, n, (row) => this.commune(row));
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
    return this.nameSearch.search(text, limit);
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
      const named = this.nameSearch.search(name, 10, (c) => inCode.has(c));
      if (named.length > 0) return resolution(named, 'nom-et-code-postal', tie(named, name));
      // The name does not fit the code: trust a unique exact name, else the code.
      const exact = this.nameSearch.search(name, 10, depFilter).filter((c) => normalizeName(c.name) === name);
      if (exact.length === 1) return resolution(exact, 'nom', false);
      return resolution(byCode, matchedByCode, true);
    }
    const found = this.nameSearch.search(name, 10, depFilter);
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
