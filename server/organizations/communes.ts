/**
 * The commune picker's logic on top of server/places: what the person typed (a name or a postal code)
 * becomes one commune, a short list to choose from, or nothing. Works without JavaScript: the form
 * resolves on submit; htmx only shows the same choices while typing.
 */
import * as places from '../places';

export interface Commune {
  code: string;
  name: string;
  departement: string;
  postalCodes: string[];
  lat: number;
  lon: number;
  approximate: boolean;
}

// As many as a submitted name's resolution offers (server/places/ranking.ts), so that the choices shown
// while typing are the ones the form re-renders on submit.
const MAX_CHOICES = 10;

/** "Belfort (90)": the text a chosen commune shows in the field, and resolves back to it. */
export function communeLabel(c: Pick<Commune, 'name' | 'departement'>): string {
  return `${c.name} (${c.departement})`;
}

function toCommune(raw: places.Commune): Commune {
  return {
    code: raw.code,
    name: raw.name,
    departement: raw.departement,
    postalCodes: raw.postalCodes,
    lat: raw.lat,
    lon: raw.lon,
    approximate: raw.approximate,
  };
}

export function communeByCode(code: string): Commune | undefined {
  const raw = places.getCommune(code);
  return raw ? toCommune(raw) : undefined;
}

/** "Montbéliard (25)": the label a chosen commune leaves in the field (communeLabel). */
const LABEL = /^(.+?)\s*\((\d[0-9AB]\d?)\)$/i;

/**
 * Ranked by places' name search: exact names first (accents and case aside: "montbeliard" →
 * Montbéliard), then names starting with the text by population, then the rest by population. The
 * label of a chosen commune ("Montbéliard (25)", htmx sends it back as the field's value) keeps it.
 */
export function communeSuggestions(query: string, limit = MAX_CHOICES): Commune[] {
  const q = query.trim();
  if (q.length < 2) return [];
  const label = LABEL.exec(q);
  if (label) {
    const [, name, departement] = label as unknown as [string, string, string];
    const found = places.searchCommunes(name, 50).filter((c) => c.departement === departement.toUpperCase());
    const key = places.normalizeName(name);
    const exact = found.filter((c) => places.normalizeName(c.name) === key);
    if (exact.length || found.length) return (exact.length ? exact : found).slice(0, limit).map(toCommune);
  }
  return places.searchCommunes(q, limit).map(toCommune);
}

export type CommuneResolution =
  | { kind: 'one'; commune: Commune }
  | { kind: 'several'; candidates: Commune[] }
  | { kind: 'none' }
  | { kind: 'empty' };

/**
 * A radio choice (`communeCode`) wins when it matches what the field says (the person may have typed a
 * new name after picking); otherwise the text alone decides.
 */
export function resolveCommuneInput(text: string, chosenCode?: string): CommuneResolution {
  const typed = text.trim();
  const chosen = chosenCode ? communeByCode(chosenCode) : undefined;
  if (chosen && (!typed || typed === communeLabel(chosen))) return { kind: 'one', commune: chosen };
  if (!typed) return { kind: 'empty' };
  const resolution = places.resolveCommune(typed);
  const candidates = resolution ? resolution.candidates.map(toCommune) : [];
  if (chosen) {
    // The radio list came from the live suggestions, which also match prefixes: accept those too.
    const matches = (list: Commune[]) => list.some((c) => c.code === chosen.code);
    if (matches(candidates) || matches(communeSuggestions(typed, 50)))
      return { kind: 'one', commune: chosen };
  }
  if (resolution && !resolution.ambiguous) return { kind: 'one', commune: toCommune(resolution.commune) };
  if (candidates.length) return { kind: 'several', candidates: candidates.slice(0, MAX_CHOICES) };
  return { kind: 'none' };
}
