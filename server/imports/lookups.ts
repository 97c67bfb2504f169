/**
 * What row validation asks of the rest of the app: communes (server/places) and ROME roles
 * (server/roles). Passed in rather than imported by the validator so that it stays a pure function of
 * its inputs; `defaultLookups()` wires the real modules.
 */
import { resolveCommune } from '../places';
import { getRole, suggestRoles } from '../roles';

export interface CommuneFound {
  code: string;
  name: string;
  departement: string;
  lat: number;
  lon: number;
  approximate: boolean;
}

export interface CommuneResolution {
  commune: CommuneFound;
  candidates: CommuneFound[];
  ambiguous: boolean;
}

export interface RoleFound {
  code: string;
  label: string;
}

export interface RoleSuggestion extends RoleFound {
  score: number;
}

export interface ImportLookups {
  /** Free text such as "90000 Belfort", "Belfort", "90000" or an INSEE code; null when nothing fits. */
  resolveCommune(text: string): CommuneResolution | null;
  getRole(code: string): RoleFound | null;
  /** Best first; empty when nothing fits. */
  suggestRoles(freeText: string): RoleSuggestion[];
}

/** The real lookups: the places index (loaded on first use) and the ROME list. */
export async function defaultLookups(): Promise<ImportLookups> {
  return {
    resolveCommune: (text) => resolveCommune(text),
    getRole: (code) => {
      const role = getRole(code);
      return role ? { code: role.code, label: role.label } : null;
    },
    suggestRoles: (freeText) =>
      suggestRoles(freeText).map(({ code, label, score }) => ({ code, label, score })),
  };
}

/**
 * The same lookups answering repeated questions from memory: a diagnosis names the same few communes
 * and titles on many rows, and a commune resolution costs milliseconds. One per analysis, so that the
 * memory goes with it.
 */
export function memoizeLookups(lookups: ImportLookups): ImportLookups {
  const communes = new Map<string, CommuneResolution | null>();
  const roles = new Map<string, RoleFound | null>();
  const suggestions = new Map<string, RoleSuggestion[]>();
  const remember = <T>(cache: Map<string, T>, key: string, compute: () => T): T => {
    if (cache.has(key)) return cache.get(key) as T;
    const value = compute();
    cache.set(key, value);
    return value;
  };
  return {
    resolveCommune: (text) => remember(communes, text.toLowerCase(), () => lookups.resolveCommune(text)),
    getRole: (code) => remember(roles, code, () => lookups.getRole(code)),
    suggestRoles: (text) => remember(suggestions, text.toLowerCase(), () => lookups.suggestRoles(text)),
  };
}
