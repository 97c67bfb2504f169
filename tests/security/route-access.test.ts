/**
 * Walks every route of app.routeTable as a visitor, a member of another organization, the owner of the
 * organization concerned, a facilitator (90, 25) and an admin, and checks each outcome against the access
 * table (tests/security/route-table.ts, rows in tests/security/table/). A route without a row fails the
 * suite: declare every new route.
 * Also: no 5xx, cookie flags, CSRF on every POST, session rotation, rate limits, CSP and no inline code,
 * and no contact details on public pages.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../server/accounts/session';
import { CSRF_COOKIE } from '../../server/common/security';
import { createTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { makePerson, TEST_PASSWORD } from '../support/factories';
import { changedTables, snapshotTables } from '../support/fuzz';
import { createFixtures, type Fixtures, ROLES, type Role, RoleClient } from './fixtures';
import { actorOf, ROUTE_TABLE, type RouteRow } from './route-table';
import { classify, inlineCode, isHtml, rowKey, splitRoute } from './walk';

const TABLE_FILE = 'tests/security/table/<capability>.ts';

let t: TestApp;
let f: Fixtures;
let clients: Record<Role, RoleClient>;
/** Every HTML answer seen by the walk, for the page-wide checks below. */
const pages: { what: string; response: LightMyRequestResponse }[] = [];
const serverErrors: string[] = [];

beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 100_000, windowMs: 60_000 } });
  f = await createFixtures(t);
  clients = Object.fromEntries(ROLES.map((role) => [role, new RoleClient(f, role)])) as Record<
    Role,
    RoleClient
  >;
});
afterAll(async () => {
  await t?.close();
});

describe('the access table', () => {
  it('has a row for every route of the app', () => {
    const declared = new Set(ROUTE_TABLE.map((row) => row.route));
    const missing = t.app.routeTable
      .map(rowKey)
      .filter((key) => !declared.has(key))
      .map(
        (key) =>
          `add a row for ${key} in ${TABLE_FILE} (listed in tests/security/route-table.ts, walked by tests/security/route-access.test.ts)`,
      );
    expect(missing).toEqual([]);
  });

  it('has no row for a route that does not exist', () => {
    const routes = new Set(t.app.routeTable.map(rowKey));
    const stale = ROUTE_TABLE.filter((row) => !routes.has(row.route)).map(
      (row) => `${row.route} is in ${TABLE_FILE} but not in app.routeTable`,
    );
    expect(stale).toEqual([]);
  });

  it('agrees with the coarse access level each route declares', () => {
    const problems: string[] = [];
    for (const route of t.app.routeTable) {
      const row = ROUTE_TABLE.find((r) => r.route === rowKey(route));
      for (const c of row?.cases ?? []) {
        const where = `${rowKey(route)} (${c.label}), declared '${route.access}'`;
        if (route.access !== 'public' && c.expect.visitor !== 'signin')
          problems.push(`${where}: a visitor must be sent to sign in`);
        if (route.access === 'admin' && ROLES.some((r) => r !== 'admin' && c.expect[r] === 'ok'))
          problems.push(`${where}: only admins may be 'ok'`);
        if (route.access === 'facilitator' && (c.expect.other === 'ok' || c.expect.owner === 'ok'))
          problems.push(`${where}: members who are not facilitators may not be 'ok'`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('every route as every role', () => {
  const exists = (row: RouteRow) => t.app.routeTable.some((r) => rowKey(r) === row.route);

  for (const row of ROUTE_TABLE) {
    it(row.route, async (ctx) => {
      if (!exists(row)) ctx.skip(); // reported by 'has no row for a route that does not exist'
      const { method } = splitRoute(row.route);
      const mismatches: string[] = [];
      for (const c of row.cases) {
        for (const role of ROLES) {
          const url = await c.url(f, role);
          const response = await clients[role].request(method, url);
          const actual = classify(method, response);
          const what = `${role} ${method} ${url} (${c.label})`;
          if (actual === 'error') serverErrors.push(`${what}: ${response.statusCode}`);
          if (actual !== c.expect[role]) {
            const location = response.headers.location ? ` → ${response.headers.location}` : '';
            mismatches.push(`${what}: expected ${c.expect[role]}, got ${response.statusCode}${location}`);
          }
          if (isHtml(response)) pages.push({ what, response });
        }
      }
      expect(mismatches).toEqual([]);
    });
  }

  it('never answers 5xx', () => {
    expect(serverErrors).toEqual([]);
  });
});

describe('pages', () => {
  it('send a strict Content-Security-Policy (no unsafe-inline script or style)', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/' });
    const csp = String(response.headers['content-security-policy']);
    const directive = (name: string) =>
      csp
        .split(';')
        .map((d) => d.trim())
        .find((d) => d.startsWith(`${name} `)) ?? '';
    expect(directive('script-src')).toBe("script-src 'self'");
    expect(directive('style-src')).toBe("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directive('object-src')).toBe("object-src 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('all carry the CSP, and none holds inline script or style', () => {
    expect(pages.length).toBeGreaterThan(20);
    const problems: string[] = [];
    for (const { what, response } of pages) {
      if (!String(response.headers['content-security-policy']).includes("script-src 'self'"))
        problems.push(`${what}: no CSP header`);
      for (const code of inlineCode(response.body)) problems.push(`${what}: ${code}`);
    }
    expect(problems).toEqual([]);
  });
});

describe('sessions and cookies', () => {
  const setCookie = (response: LightMyRequestResponse, name: string) =>
    ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${name}=`)) ?? '';

  it('session and CSRF cookies are HttpOnly and SameSite=Lax', async () => {
    const person = await makePerson(t.db);
    const browser = new Browser(t.app);
    const page = await browser.get('/connexion');
    const csrf = setCookie(page, CSRF_COOKIE);
    expect(csrf).toMatch(/;\s*HttpOnly/i);
    expect(csrf).toMatch(/;\s*SameSite=Lax/i);
    const response = await browser.post('/connexion', { email: person.email, password: TEST_PASSWORD });
    expect(response.statusCode).toBe(303);
    const session = setCookie(response, SESSION_COOKIE);
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(session).toMatch(/;\s*SameSite=Lax/i);
    expect(session).toMatch(/;\s*Path=\//i);
  });

  it('rotates the session at sign-in: a planted or previous token opens nothing', async () => {
    const person = await makePerson(t.db);
    const browser = new Browser(t.app);
    browser.cookies[SESSION_COOKIE] = 'jeton-choisi-par-un-attaquant';
    await browser.signIn(person.email, TEST_PASSWORD);
    const first = browser.cookies[SESSION_COOKIE];
    expect(first).toBeTruthy();
    expect(first).not.toBe('jeton-choisi-par-un-attaquant');

    await browser.signIn(person.email, TEST_PASSWORD);
    const second = browser.cookies[SESSION_COOKIE];
    expect(second).not.toBe(first);
    expect((await browser.get('/tableau-de-bord')).statusCode).toBe(200);

    const withOld = await t.app.inject({
      method: 'GET',
      url: '/tableau-de-bord',
      cookies: { [SESSION_COOKIE]: first },
    });
    expect(withOld.statusCode).toBe(303);
    expect(withOld.headers.location).toMatch(/^\/connexion/);
  });

  it('sign-out ends the session on the server, not only in the browser', async () => {
    const person = await makePerson(t.db);
    const browser = new Browser(t.app);
    await browser.signIn(person.email, TEST_PASSWORD);
    const token = browser.cookies[SESSION_COOKIE];
    expect((await browser.post('/deconnexion')).statusCode).toBe(303);
    const replay = await t.app.inject({
      method: 'GET',
      url: '/tableau-de-bord',
      cookies: { [SESSION_COOKIE]: token },
    });
    expect(replay.headers.location).toMatch(/^\/connexion/);
  });
});

describe('CSRF', () => {
  const postRows = () => ROUTE_TABLE.filter((row) => row.route.startsWith('POST '));

  it('every POST route refuses a missing or forged token with 403 and changes nothing', async () => {
    const problems: string[] = [];
    const routes = new Set(t.app.routeTable.map(rowKey));
    for (const row of postRows().filter((r) => routes.has(r.route))) {
      for (const c of row.cases) {
        const actor = actorOf(c.expect);
        if (!actor) continue;
        const url = await c.url(f, actor);
        const client = clients[actor];
        await client.cookies(); // CSRF secret fetched before the snapshot
        const before = await snapshotTables(t.db);
        const missing = await client.post(url, { x: '1' }, { csrf: false });
        const forged = await t.app.inject({
          method: 'POST',
          url,
          cookies: await client.cookies(),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: '_csrf=forged-token&x=1',
        });
        const after = await snapshotTables(t.db);
        if (missing.statusCode !== 403)
          problems.push(`${row.route} as ${actor}: no token → ${missing.statusCode}`);
        if (forged.statusCode !== 403)
          problems.push(`${row.route} as ${actor}: forged token → ${forged.statusCode}`);
        const changed = changedTables(before, after);
        if (changed.length) problems.push(`${row.route} as ${actor}: changed ${changed.join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('a token from another browser does not pass', async () => {
    const mine = new Browser(t.app);
    const theirs = new Browser(t.app);
    await mine.get('/connexion');
    await theirs.get('/connexion');
    theirs.csrfToken = mine.csrfToken;
    const response = await theirs.post('/mot-de-passe-oublie', { email: 'x@exemple.invalid' });
    expect(response.statusCode).toBe(403);
  });
});

describe('rate limits', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await createTestApp({ rateLimit: { max: 3, windowMs: 60_000 } });
  });
  afterAll(async () => {
    await limited?.close();
  });

  for (const [url, form] of [
    ['/connexion', { email: 'personne@exemple.invalid', password: 'mauvais-mot-de-passe' }],
    ['/mot-de-passe-oublie', { email: 'personne@exemple.invalid' }],
  ] as const) {
    it(`POST ${url} answers 429 after the configured maximum`, async () => {
      const browser = new Browser(limited.app);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await browser.post(url, form)).statusCode);
      expect(statuses.slice(0, 3).every((s) => s === 200 || s === 422)).toBe(true);
      expect(statuses[3]).toBe(429);
      const page = await browser.post(url, form);
      expect(page.statusCode).toBe(429);
      expect(page.body).toContain('Trop de tentatives');
    });
  }
});

describe('contact details', () => {
  let demo: TestApp;
  let df: Fixtures;
  beforeAll(async () => {
    demo = await createTestApp({ rateLimit: { max: 100_000, windowMs: 60_000 } });
    const { loadDemo } = await import('../../scripts/demo');
    await loadDemo(demo.db, { publicUrl: demo.config.publicUrl });
    df = await createFixtures(demo);
  });
  afterAll(async () => {
    await demo?.close();
  });

  it('no public page shows a person’s email or phone to a visitor', async () => {
    const { people } = await import('../../db/schema');
    const everyone = await demo.db.select({ email: people.email, phone: people.phone }).from(people);
    expect(everyone.length).toBeGreaterThanOrEqual(7);
    const secrets = everyone.flatMap((p) => [
      p.email.toLowerCase(),
      ...(p.phone ? [p.phone, p.phone.replace(/\D/g, '')] : []),
    ]);
    const visitor = new RoleClient(df, 'visitor');
    const leaks: string[] = [];
    let visited = 0;
    for (const row of ROUTE_TABLE.filter((r) => r.route.startsWith('GET '))) {
      for (const c of row.cases.filter((x) => x.expect.visitor === 'ok')) {
        const url = await c.url(df, 'visitor');
        if (url.startsWith('/static/')) continue;
        // The page, and its JSON answer where it has one (search answers JSON to `Accept: application/json`).
        const html = await visitor.get(url);
        const json = await df.app.inject({ method: 'GET', url, headers: { accept: 'application/json' } });
        for (const [kind, response] of [
          ['page', html],
          ['JSON', json],
        ] as const) {
          if (response.statusCode !== 200) continue;
          visited++;
          const body = response.body.toLowerCase();
          for (const secret of secrets)
            if (body.includes(secret)) leaks.push(`${url} (${kind}) shows ${secret}`);
        }
      }
    }
    expect(visited).toBeGreaterThan(5);
    expect(leaks).toEqual([]);
  });
});
