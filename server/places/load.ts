/**
 * Builds a PlacesIndex: from the cache file when it matches the packages, else from the packages
 * (build.ts), writing the cache file for the next start (docs/places.md has the figures).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildPlaces } from './build';
import type { CompactPlaces } from './compact-format';
import { sourceKey } from './package-data';
import { PlacesIndex } from './places-index';
import type { LoadOptions } from './types';

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
