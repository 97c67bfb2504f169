/**
 * Facet links are built by `facetQueryBuilder` (the other params encoded once per page); each must be the
 * query `toQueryString` writes for the same toggle, whatever the params hold.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  facetQueryBuilder,
  parseSearchParams,
  type SearchParams,
  toQueryString,
} from '../../server/search/params';

const FACET_KEYS: (keyof SearchParams)[] = [
  'kind',
  'role',
  'departement',
  'orgKind',
  'offerKind',
  'day',
  'hours',
];

describe('facet links', () => {
  it('write the same query as toQueryString with the value toggled and page 1', () => {
    const raw = fc.record(
      {
        q: fc.string({ unit: 'grapheme', maxLength: 12 }),
        type: fc.constantFrom('need', 'offer', ''),
        role: fc.constantFrom('M1203', 'A1203', 'nope'),
        departement: fc.constantFrom('90', '2A', '25', 'x'),
        structure: fc.constantFrom('EI', 'ACI', ''),
        cooperation: fc.constantFrom('gme', 'other'),
        jour: fc.constantFrom('lundi', 'mardi'),
        pres: fc.string({ maxLength: 8 }),
        km: fc.constantFrom('5', '30', '100'),
        tri: fc.constantFrom('relevance', 'date', 'distance'),
        page: fc.constantFrom('1', '3'),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        raw,
        fc.constantFrom(...FACET_KEYS),
        fc.option(fc.string({ maxLength: 10 })),
        (query, key, value) => {
          const params = parseSearchParams(query);
          const v = value ?? undefined;
          expect(facetQueryBuilder(params)(key, v)).toBe(
            toQueryString(params, { [key]: v, page: undefined }),
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});
