/**
 * Behind a TLS proxy (TRUST_PROXY): the client address comes from X-Forwarded-For, so the sign-in limit
 * counts each visitor and not the proxy; cookies are Secure when X-Forwarded-Proto says https. Without it
 * both headers are ignored (anyone could send them). Rate-limit counters live in the database: two apps
 * on one database share them.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../server/accounts/session';
import { buildApp } from '../../server/app';
import { CSRF_COOKIE } from '../../server/common/security';
import { ConfigError, loadConfig } from '../../server/config';
import { createTestApp, type TestApp, testConfig } from '../support/app';
import { Browser } from '../support/browser';
import { makePerson, TEST_PASSWORD } from '../support/factories';

const LIMIT = { max: 3, windowMs: 60_000 };
const wrongPassword = { email: 'personne@exemple.invalid', password: 'mauvais-mot-de-passe' };

async function signInStatuses(browser: Browser, times: number, headers: Record<string, string>) {
  const statuses: number[] = [];
  for (let i = 0; i < times; i++)
    statuses.push((await browser.post('/connexion', wrongPassword, headers)).statusCode);
  return statuses;
}

const setCookie = (response: LightMyRequestResponse, name: string) =>
  ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${name}=`)) ?? '';

describe('TRUST_PROXY in the environment', () => {
  const parse = (value: string) => loadConfig({ TRUST_PROXY: value }).trustProxy;

  it('takes true, a hop count, or comma-separated addresses and CIDRs; off by default', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(parse('true')).toBe(true);
    expect(parse('false')).toBe(false);
    expect(parse('2')).toBe(2);
    expect(parse('127.0.0.1, 10.0.0.0/8,::1,loopback')).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
      'loopback',
    ]);
  });

  it('refuses anything else with one clear line', () => {
    for (const bad of ['yes', '10.0.0.0/33', 'proxy.example.org', '127.0.0.1,']) {
      expect(() => parse(bad)).toThrow(ConfigError);
    }
    expect(() => parse('yes')).toThrow(/TRUST_PROXY must be true, a hop count, or comma-separated/);
  });
});

describe('with TRUST_PROXY set to the proxy address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ rateLimit: LIMIT, trustProxy: ['127.0.0.1'] });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('counts sign-in attempts per X-Forwarded-For address', async () => {
    const a = new Browser(t.app);
    const b = new Browser(t.app);
    expect(await signInStatuses(a, 4, { 'x-forwarded-for': '203.0.113.7' })).toEqual([422, 422, 422, 429]);
    // Another visitor behind the same proxy is not held back by the first one's attempts.
    expect(await signInStatuses(b, 3, { 'x-forwarded-for': '198.51.100.4' })).toEqual([422, 422, 422]);
  });

  it('marks the session, CSRF and flash cookies Secure when the proxy says https', async () => {
    const person = await makePerson(t.db, { email: 'secure@exemple.invalid' });
    const https = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '192.0.2.10' };
    const browser = new Browser(t.app);
    const page = await browser.get('/connexion', https);
    expect(setCookie(page, CSRF_COOKIE)).toMatch(/;\s*Secure/i);
    const signedIn = await browser.post(
      '/connexion',
      { email: person.email, password: TEST_PASSWORD },
      https,
    );
    expect(signedIn.statusCode).toBe(303);
    expect(setCookie(signedIn, SESSION_COOKIE)).toMatch(/;\s*Secure/i);
    const signedOut = await browser.post('/deconnexion', {}, https);
    expect(setCookie(signedOut, 'mosaique_flash')).toMatch(/;\s*Secure/i);

    const plain = { 'x-forwarded-proto': 'http', 'x-forwarded-for': '192.0.2.11' };
    const other = new Browser(t.app);
    const plainPage = await other.get('/connexion', plain);
    expect(setCookie(plainPage, CSRF_COOKIE)).not.toBe('');
    expect(setCookie(plainPage, CSRF_COOKIE)).not.toMatch(/Secure/i);
  });
});

describe('without TRUST_PROXY', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ rateLimit: LIMIT });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('ignores X-Forwarded-For (a client could forge it) and X-Forwarded-Proto', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const browser = new Browser(t.app);
      statuses.push(...(await signInStatuses(browser, 1, { 'x-forwarded-for': `203.0.113.${i + 1}` })));
    }
    expect(statuses).toEqual([422, 422, 422, 429]);
    const page = await new Browser(t.app).get('/connexion', { 'x-forwarded-proto': 'https' });
    expect(setCookie(page, CSRF_COOKIE)).not.toMatch(/Secure/i);
  });
});

describe('two apps on one database', () => {
  let t: TestApp;
  let second: FastifyInstance;
  beforeAll(async () => {
    t = await createTestApp({ rateLimit: LIMIT, trustProxy: true });
    second = await buildApp(testConfig({ rateLimit: LIMIT, trustProxy: true, dataDir: t.config.dataDir }), {
      db: t.db,
      search: t.search,
    });
    await second.ready();
  });
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  it('share the sign-in counter of an address, and keep the routes apart', async () => {
    const headers = { 'x-forwarded-for': '203.0.113.99' };
    const one = new Browser(t.app);
    const two = new Browser(second);
    const statuses = [
      ...(await signInStatuses(one, 2, headers)),
      ...(await signInStatuses(two, 1, headers)),
      ...(await signInStatuses(one, 1, headers)),
      ...(await signInStatuses(two, 1, headers)),
    ];
    expect(statuses).toEqual([422, 422, 422, 429, 429]);
    // The reset form is limited on its own: the sign-in attempts did not use it up.
    const reset = await two.post('/mot-de-passe-oublie', { email: 'personne@exemple.invalid' }, headers);
    expect(reset.statusCode).toBe(200);
  });
});
