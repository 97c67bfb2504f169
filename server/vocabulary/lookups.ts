/**
 * The need and offer forms' view of the shared reference data: communes (server/places) and ROME roles
 * (server/roles), reduced to what a form needs.
 */
import { getCommune, resolveCommune, searchCommunes } from '../places';
import { getRole } from '../roles';

export interface Place {
  code: string;
  name: string;
  departement: string;
  lat: number;
  lon: number;
  approximate: boolean;
  /** "Belfort (90)": what the form shows and reads back. */
  label: string;
}

function toPlace(c: {
  code: string;
  name: string;
  departement: string;
  lat: number;
  lon: number;
  approximate: boolean;
}): Place {
  return {
    code: c.code,
    name: c.name,
    departement: c.departement,
    lat: c.lat,
    lon: c.lon,
    approximate: c.approximate,
    label: `${c.name} (${c.departement})`,
  };
}

/** A commune from what a person typed (name, postal code, "Name (90)", INSEE code); suggestions when unsure. */
export function findCommune(text: string): { place?: Place; suggestions: Place[] } {
  const trimmed = text.trim();
  if (!trimmed) return { suggestions: [] };
  const byLabel = /^(.*) \((\d[\dAB]|\d{3})\)$/.exec(trimmed);
  const resolution = resolveCommune(trimmed);
  if (resolution && !resolution.ambiguous) return { place: toPlace(resolution.commune), suggestions: [] };
  if (resolution && byLabel) {
    const exact = resolution.candidates.filter((c) => c.departement === byLabel[2] && c.name === byLabel[1]);
    if (exact.length === 1) return { place: toPlace(exact[0]), suggestions: [] };
  }
  return { suggestions: (resolution?.candidates ?? []).slice(0, 6).map(toPlace) };
}

export function communeByCode(code: string): Place | undefined {
  const c = getCommune(code);
  return c ? toPlace(c) : undefined;
}

export function communeSuggestions(text: string, limit = 8): Place[] {
  return text.trim().length < 2 ? [] : searchCommunes(text, limit).map(toPlace);
}

export interface RoleOption {
  code: string;
  label: string;
  domain: string;
}

export function roleByCode(code: string): RoleOption | undefined {
  return getRole(code) ?? undefined;
}
