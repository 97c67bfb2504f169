/**
 * The vocabulary of the access table (tests/security/route-table.ts): outcomes, expectations per role,
 * shorthands, and the shape of a row.
 *
 * Outcomes:
 * - 'ok': GET answers 2xx/3xx (not a redirect to /connexion); POST answers anything but 401/403/404,
 *   a redirect to /connexion or a 5xx (a 422 for the empty body the walk posts is fine);
 * - 'signin': 401, or 303 to /connexion;
 * - 'denied': 403 or 404.
 *
 * For POST rows, `writes` lists the tables the route may change: tests/security/fuzz.test.ts posts
 * hostile payloads and fails if any other table changed. `fields` (or the form found on `formPage`)
 * names the fields to fuzz.
 */
import { type Fixtures, ROLES, type Role } from '../fixtures';

export type Outcome = 'ok' | 'signin' | 'denied';
export type Expect = Record<Role, Outcome>;
export type UrlBuilder = (f: Fixtures, role: Role) => string | Promise<string>;

export interface RouteCase {
  label: string;
  url: UrlBuilder;
  expect: Expect;
}

export interface RouteRow {
  /** "METHOD /url/:param", exactly as in app.routeTable. */
  route: string;
  cases: RouteCase[];
  /** POST only: tables the route may change (others must stay byte-identical under fuzzing). */
  writes?: string[];
  /** POST only: field names to fuzz; default: the fields of the form found on `formPage`. */
  fields?: string[];
  /** POST only: the page holding the route's form (default: the same URL as GET). */
  formPage?: UrlBuilder;
}

export const everyone = (outcome: Outcome): Expect =>
  Object.fromEntries(ROLES.map((r) => [r, outcome])) as Expect;

/** Anyone, visitor included. */
export const PUBLIC: Expect = everyone('ok');
/** Any signed-in person; visitors are sent to sign in. */
export const SIGNED_IN: Expect = { ...everyone('ok'), visitor: 'signin' };
/** Signed-in people with the listed exceptions, e.g. `signedIn({ other: 'denied' })`. */
export const signedIn = (overrides: Partial<Expect>): Expect => ({ ...SIGNED_IN, ...overrides });
export const ADMIN_ONLY: Expect = signedIn({ other: 'denied', owner: 'denied', facilitator: 'denied' });
export const FACILITATOR_ONLY: Expect = signedIn({ other: 'denied', owner: 'denied' });
/** Members of the organization concerned and admins; a visitor or an outsider gets a 404. */
export const MEMBERS_AND_ADMINS: Expect = { ...everyone('denied'), owner: 'ok', admin: 'ok' };
/** Only the owner of the organization concerned. */
export const OWNER_ONLY: Expect = signedIn({ other: 'denied', facilitator: 'denied', admin: 'denied' });

/** The role a POST route is exercised as when one person is enough: the least privileged allowed one. */
export function actorOf(expect: Expect): Role | undefined {
  return (['owner', 'other', 'visitor', 'facilitator', 'admin'] as Role[]).find((r) => expect[r] === 'ok');
}

/** A row's single case. */
export const one = (url: UrlBuilder | string, expect: Expect, label = 'default'): RouteCase[] => [
  { label, url: typeof url === 'string' ? () => url : url, expect },
];
