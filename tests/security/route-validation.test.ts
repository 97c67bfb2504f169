/**
 * The route schemas at the edge (server/common/route-schemas.ts, answered by common/error-pages.ts): a
 * path parameter that is not an id names nothing (404), a malformed query string is a French 400, and no
 * garbled URL on any route ever reaches a handler as a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { createFixtures, type Fixtures, RoleClient } from './fixtures';

/** Values no `:id` accepts: not digits, zero, a leading zero, signs, decimals, past the integer column. */
const NOT_IDS = ['abc', '0', '012', '-1', '1.5', '1e3', '2147483648', '99999999999', '%00', '%E2%80%AE1'];

/** Query strings a person or a bot may send to any page: repeated, empty, undecodable, hostile. */
const HOSTILE_QUERIES = [
  'departement=90&departement=25&q=a&q=b&statut=x&statut=y&suite=/a&suite=/b&page=1&page=2',
  'departement=&du=zz&au=2026-13-45&page=-1&organisation=abc&suggestion=abc&structure=0',
  'q=%ff%fe&metier=%00&commune=%0a%0d&liste=<script>&type=%E2%80%AE',
  `q=${'x'.repeat(5000)}&du=${'9'.repeat(400)}`,
  '%ff=%ff&&=&a[b]=c&constructor=x&__proto__=y',
];

let t: TestApp;
let f: Fixtures;
let admin: RoleClient;

beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 100_000, windowMs: 60_000 } });
  f = await createFixtures(t);
  admin = new RoleClient(f, 'admin');
});
afterAll(async () => {
  await t?.close();
});

/** The route's URL with every `:param` that holds an id (not a mail token) set to `value`. */
function withIds(url: string, value: string): string {
  return url.replace(/:(\w+)/g, (_whole, name: string) => (name === 'token' ? 'x' : value));
}

describe('path parameters', () => {
  it('every route with an id in its path answers 404, in French, to a value that is not an id', async () => {
    const withParams = t.app.routeTable.filter((r) => /:(?!token\b)\w+/.test(r.url));
    expect(withParams.length).toBeGreaterThan(30);
    const wrong: string[] = [];
    for (const route of withParams) {
      for (const value of NOT_IDS) {
        const url = withIds(route.url, value);
        const response = await admin.request(route.method, url);
        if (response.statusCode !== 404 || !response.body.includes('Page introuvable.')) {
          wrong.push(`${route.method} ${url} → ${response.statusCode}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('checks access first: a visitor is sent to sign in, whatever the id', async () => {
    const response = await new RoleClient(f, 'visitor').get('/besoins/abc/modifier');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toMatch(/^\/connexion\?suite=/);
  });

  it('answers JSON clients a JSON 404', async () => {
    const need = await f.freshNeed();
    const response = await f.app.inject({
      method: 'GET',
      url: '/besoins/12abc/modifier',
      cookies: await new RoleClient(f, 'owner').cookies(),
      headers: { accept: 'application/json' },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ statusCode: 404, error: 'Page introuvable.' });
    // The same route with a real id is the page: the 404 came from the parameter.
    expect((await new RoleClient(f, 'owner').get(`/besoins/${need.id}/modifier`)).statusCode).toBe(200);
  });
});

describe('query strings', () => {
  it('no page answers a garbled query string with a 5xx', async () => {
    const pages = t.app.routeTable.filter((r) => r.method === 'GET' && !r.url.includes(':'));
    const errors: string[] = [];
    for (const route of pages) {
      for (const query of HOSTILE_QUERIES) {
        const response = await admin.get(`${route.url}?${query}`);
        if (response.statusCode >= 500)
          errors.push(`GET ${route.url}?${query.slice(0, 60)} → ${response.statusCode}`);
      }
    }
    expect(errors).toEqual([]);
  });

  it('a repeated parameter our own links never write is a 400 naming it, in French', async () => {
    const response = await admin.get('/animation/indicateurs?departement=90&departement=25');
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('le paramètre « departement » n’est pas valide');
    // The same page with one value is the page.
    expect((await admin.get('/animation/indicateurs?departement=90')).statusCode).toBe(200);
  });

  it('lists the refused parameters for JSON clients', async () => {
    const response = await f.app.inject({
      method: 'GET',
      url: '/animation/indicateurs?departement=90&departement=25',
      cookies: await admin.cookies(),
      headers: { accept: 'application/json' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      statusCode: 400,
      issues: [{ in: 'querystring', path: 'departement' }],
    });
  });

  it('a search box never refuses what a person types (repeated or control characters are read leniently)', async () => {
    const response = await admin.get('/recherche?q=aide&q=soin&metier=%00');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('value="aide"');
  });
});
