/**
 * The compact commune table that build.ts produces and the cache file holds, and the coordinate
 * sources it records (docs/places.md).
 */

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
