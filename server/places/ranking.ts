/** How candidate communes are ordered and how a resolution is reported (places-index.ts). */
import { normalizeName } from './normalize';
import type { Commune, Resolution } from './types';

export function resolution(
  candidates: Commune[],
  matchedBy: Resolution['matchedBy'],
  ambiguous: boolean,
): Resolution {
  const list = candidates.slice(0, 10);
  return { commune: list[0] as Commune, candidates: list, ambiguous, matchedBy };
}

/** Several exact-name matches inside one postal code (rare) are a tie. */
export function tie(found: Commune[], name: string): boolean {
  return found.filter((c) => normalizeName(c.name) === name).length > 1;
}

/** [arrondissement, its city] is not an ambiguity: the arrondissement is the precise answer. */
export function isArrondissementOf(list: Commune[]): boolean {
  const [first, ...others] = list;
  return first?.kind === 'arrondissement-municipal' && others.every((c) => c.code === first.parent);
}

/** Exact postal-code hits: an arrondissement municipal before its city (75011 → Paris 11e), then population. */
export function sortPostalExact(list: Commune[]): Commune[] {
  return [...list].sort(
    (a, b) =>
      (a.kind === 'arrondissement-municipal' ? 0 : 1) - (b.kind === 'arrondissement-municipal' ? 0 : 1) ||
      byPopulation(a, b),
  );
}

// One collator: String#localeCompare with a locale builds one per call (100+ ms over 35,000 names).
const collator = new Intl.Collator('fr');

export function byPopulation(a: Commune, b: Commune): number {
  return b.population - a.population || collator.compare(a.name, b.name);
}
