/** Shared pieces of the import tests: the real lookups (places and roles data) and fixture paths. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultLookups, type ImportLookups } from '../../server/imports';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

export function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

let lookups: Promise<ImportLookups> | undefined;

export function testLookups(): Promise<ImportLookups> {
  lookups ??= defaultLookups();
  return lookups;
}
