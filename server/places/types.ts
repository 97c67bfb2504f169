/** The places module's public shapes: communes, départements, regions, load reports, resolutions. */
import type { CoordinateSource } from './compact-format';

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
