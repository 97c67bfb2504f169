/**
 * The /recherche query string, read leniently: a search box must never answer 400 or 500 for an odd
 * value; an unknown filter value is dropped (and reported), numbers are clamped.
 */
import { z } from 'zod';
import { OFFER_KINDS } from '../../db/schema/offers';
import { ORGANIZATION_KINDS } from '../../db/schema/organizations';
import { searchText } from '../common/route-schemas';
import { pickRole, type RoleMatch } from '../roles/picker';
import { DAYS, HOURS_BANDS } from '../vocabulary/week';

export const SORTS = ['relevance', 'distance', 'date'] as const;
export type SortOrder = (typeof SORTS)[number];
export const DAY_NAMES = DAYS.map((d) => d.label.toLowerCase());
export const PAGE_SIZE = 20;
export const MAX_PAGE = 500;

export interface SearchParams {
  q: string;
  kind?: 'need' | 'offer';
  role?: string;
  /** What the role picker shows: the chosen role ("Nettoyage de locaux (K2204)") or the text typed. */
  roleText?: string;
  /** The text typed in the role picker (`metier`) stood for several roles or none: no role filter, these instead. */
  roleCandidates?: RoleMatch[];
  departement?: string;
  orgKind?: string;
  offerKind?: string;
  day?: string;
  hours?: string;
  /** Free text naming a commune ("Belfort", "90000"). */
  near?: string;
  km: number;
  sort: SortOrder;
  page: number;
  /** Only records published (or changed, for drafts) after this instant, in epoch seconds: alert digests. Never read from a URL. */
  since?: number;
  /** Up to this instant included (epoch seconds), with `since`. */
  until?: number;
}

const oneOf = <T extends string>(value: string, allowed: readonly T[]): T | undefined =>
  (allowed as readonly string[]).includes(value) ? (value as T) : undefined;

/** The query string of /recherche (and of a saved search), by URL name; never fails (common/route-schemas.ts). */
export const searchQuery = z
  .object({
    q: searchText,
    type: searchText,
    // The role picker posts the code (`role`, filled by JavaScript or by a link) and the text (`metier`).
    role: searchText,
    metier: searchText.optional(),
    departement: searchText,
    structure: searchText,
    cooperation: searchText,
    jour: searchText,
    heures: searchText,
    pres: searchText,
    km: searchText,
    tri: searchText,
    page: searchText,
  })
  .transform((raw): SearchParams => {
    const picked = pickRole({ code: raw.role, text: raw.metier });
    return {
      q: raw.q,
      kind: oneOf(raw.type, ['need', 'offer'] as const),
      role: picked.code ?? undefined,
      roleText: picked.text || undefined,
      roleCandidates: picked.code === null && picked.text ? picked.candidates : undefined,
      departement: /^(\d{2}|2A|2B|97\d)$/.test(raw.departement) ? raw.departement : undefined,
      orgKind: oneOf(raw.structure, ORGANIZATION_KINDS),
      offerKind: oneOf(raw.cooperation, OFFER_KINDS),
      day: oneOf(raw.jour, DAY_NAMES),
      hours: oneOf(raw.heures, HOURS_BANDS),
      near: raw.pres || undefined,
      km: /^\d{1,4}$/.test(raw.km) ? Math.min(500, Math.max(1, Number(raw.km))) : 30,
      sort: oneOf(raw.tri, SORTS) ?? 'relevance',
      page: /^\d{1,6}$/.test(raw.page) ? Math.min(MAX_PAGE, Math.max(1, Number(raw.page))) : 1,
    };
  });

export function parseSearchParams(query: unknown): SearchParams {
  return searchQuery.parse(query && typeof query === 'object' ? query : {});
}

/** URL names of the params, in the order of the query strings we write. */
const QUERY_NAMES: [keyof SearchParams, string][] = [
  ['q', 'q'],
  ['kind', 'type'],
  ['role', 'role'],
  ['departement', 'departement'],
  ['orgKind', 'structure'],
  ['offerKind', 'cooperation'],
  ['day', 'jour'],
  ['hours', 'heures'],
  ['near', 'pres'],
  ['km', 'km'],
  ['sort', 'tri'],
  ['page', 'page'],
];

/** application/x-www-form-urlencoded, as URLSearchParams writes it (a facet list calls this a hundred times a page). */
function formEncode(value: string): string {
  // Most values (codes, bands, numbers) have nothing to encode.
  if (/^[\w.*-]*$/.test(value)) return value;
  try {
    return encodeURIComponent(value)
      .replace(/%20/g, '+')
      .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  } catch {
    // A lone surrogate: URLSearchParams writes it as U+FFFD where encodeURIComponent throws.
    return new URLSearchParams({ v: value }).toString().slice(2);
  }
}

/** The URL query of some params (for links: facets, pages, saved searches), default values left out. */
export function toQueryString(
  params: Partial<SearchParams>,
  overrides: Partial<Record<keyof SearchParams, string | number | undefined>> = {},
): string {
  const merged = { ...params, ...overrides } as Record<string, unknown>;
  let out = '';
  for (const [key, name] of QUERY_NAMES) {
    const part = segment(merged, key, name);
    if (part) out += out ? `&${part}` : part;
  }
  return out;
}

/** One `name=value` of a query string, or '' when the value is left out (empty or the default). */
function segment(merged: Record<string, unknown>, key: keyof SearchParams, name: string): string {
  const value = merged[key];
  if (value === undefined || value === null || value === '') return '';
  if (key === 'km' && (!merged.near || Number(value) === 30)) return '';
  if (key === 'sort' && value === 'relevance') return '';
  if (key === 'page' && Number(value) === 1) return '';
  return `${name}=${formEncode(String(value))}`;
}

/**
 * `toQueryString(params, { [key]: value, page: undefined })` for the hundred-odd facet links of a page:
 * every other param is encoded once per page instead of once per link (a good part of the page's cost
 * under load). Only for keys whose segment depends on their value alone (not `km` or `sort`).
 */
export function facetQueryBuilder(
  params: Partial<SearchParams>,
  /** `&amp;` for a query written straight into an HTML attribute (its only character to escape). */
  separator = '&',
): (key: keyof SearchParams, value: string | undefined) => string {
  const merged = { ...params, page: undefined } as Record<string, unknown>;
  const segments = QUERY_NAMES.map(([key, name]) => segment(merged, key, name));
  return (key, value) => {
    let out = '';
    for (let i = 0; i < QUERY_NAMES.length; i++) {
      const [k, name] = QUERY_NAMES[i];
      const part = k === key ? segment({ [k]: value }, k, name) : segments[i];
      if (part) out += out ? `${separator}${part}` : part;
    }
    return out;
  };
}
