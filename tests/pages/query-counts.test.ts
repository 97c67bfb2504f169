/**
 * Pinned SQL query counts of the main pages on the demo data (STYLE.md: "Pin query counts on the hot
 * pages"): a page whose count grows, typically a list that starts doing a query per row (N+1), fails
 * here with the list of its queries. Each page is requested once to warm the app's caches and the
 * session, then counted on the second request, as its person would see it; each also shows a list of
 * several rows (the `rows` pattern), so that a query per row would show.
 *
 * The pins are the counts of December 2026, the same on PGlite and PostgreSQL. When a change lowers
 * one, lower its pin; raise one only for a query per page, never per row.
 */
import { rmSync } from 'node:fs';
import { asc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchmakingSessions, needs, people, sessions, sharedPosts } from '../../db/schema';
import { loadDemo } from '../../scripts/demo';
import { hashToken, newToken, SESSION_COOKIE } from '../../server/accounts/session';
import { buildApp } from '../../server/app';
import { createSearchService } from '../../server/search/service';
import { createTestApp, type TestApp, testConfig } from '../support/app';
import { countQueries } from '../support/queries';

type Role = 'visitor' | 'structure' | 'facilitator';

interface Page {
  /** `:post`, `:need` and `:session` stand for ids of the demo's. */
  url: string;
  role: Role;
  pin: number;
  /**
   * Queries of the next request, its reads kept by the read cache (PGlite only, db/read-cache.ts): by
   * default the pin less the session's statement for a signed-in person.
   */
  warm?: number;
  /** Rows of the page's list: at least `min` matches. */
  rows?: { pattern: RegExp; min: number };
}

let t: TestApp;
/** The same app with no Meilisearch: search pages answer from PostgreSQL. */
let fallback: FastifyInstance;
let fallbackDataDir: string;
const ids = { post: 0, need: 0, session: 0 };
const cookies: Record<Role, Record<string, string>> = { visitor: {}, structure: {}, facilitator: {} };

const link = (path: string) => new RegExp(`href="${path}/\\d+"`, 'g');

const PAGES: Page[] = [
  { url: '/', role: 'visitor', pin: 0 },
  { url: '/connexion', role: 'visitor', pin: 0 },
  { url: '/postes/:post', role: 'structure', pin: 3, warm: 0 },
  {
    url: '/tableau-de-bord',
    role: 'structure',
    pin: 3,
    warm: 0,
    rows: { pattern: link('/besoins'), min: 5 },
  },
  // +1: whether a matching run is pending or running ("calcul en cours"), one statement.
  {
    url: '/compositions',
    role: 'structure',
    pin: 4,
    warm: 0,
    rows: { pattern: link('/compositions'), min: 5 },
  },
  {
    url: '/recherche?q=comptable',
    role: 'visitor',
    pin: 0,
    rows: { pattern: link('/besoins'), min: 10 },
  },
  { url: '/postes', role: 'visitor', pin: 0, rows: { pattern: link('/postes'), min: 3 } },
  { url: '/structures', role: 'visitor', pin: 0, rows: { pattern: link('/structures'), min: 10 } },
  { url: '/postes/:post', role: 'visitor', pin: 2, warm: 0 },
  // One query for the open posts, one for the published offers; the feed reads the posts only.
  {
    url: '/sitemap.xml',
    role: 'visitor',
    pin: 2,
    rows: { pattern: /<loc>[^<]*\/postes\/\d+<\/loc>/g, min: 3 },
  },
  { url: '/postes/flux.xml', role: 'visitor', pin: 1, rows: { pattern: /<entry>/g, min: 3 } },
  { url: '/besoins/:need', role: 'visitor', pin: 1 },
  {
    url: '/animation',
    role: 'facilitator',
    pin: 3,
    warm: 0,
    rows: { pattern: link('/organisations'), min: 10 },
  },
  // +1: the candidates of the period by status, one aggregate.
  {
    url: '/animation/indicateurs',
    role: 'facilitator',
    pin: 8,
    warm: 0,
    rows: { pattern: /<tr>/g, min: 10 },
  },
  {
    url: '/animation/rencontres',
    role: 'facilitator',
    pin: 3,
    rows: { pattern: link('/animation/rencontres'), min: 2 },
  },
  {
    url: '/animation/rencontres/:session',
    role: 'facilitator',
    pin: 14,
    rows: { pattern: link('/besoins'), min: 20 },
  },
];

/** The search pages without Meilisearch. */
const FALLBACK_PAGES: Page[] = [
  {
    url: '/recherche?q=comptable',
    role: 'visitor',
    pin: 1,
    rows: { pattern: link('/besoins'), min: 5 },
  },
  { url: '/postes', role: 'visitor', pin: 1, rows: { pattern: link('/postes'), min: 3 } },
  // The listed ids, then the loader: organizations, needs, offers, GEs.
  { url: '/structures', role: 'visitor', pin: 5, rows: { pattern: link('/structures'), min: 10 } },
];

beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 100_000, windowMs: 60_000 } });
  await loadDemo(t.db, { publicUrl: t.config.publicUrl });
  await t.app.searchIndexer.drain();
  const config = testConfig({ rateLimit: { max: 100_000, windowMs: 60_000 } });
  fallbackDataDir = config.dataDir;
  fallback = await buildApp(config, { db: t.db, search: createSearchService({ indexPrefix: 'none_' }) });
  for (const [role, email] of [
    ['structure', 'structure@demo.invalid'],
    ['facilitator', 'animation@demo.invalid'],
  ] as const) {
    const [person] = await t.db.select().from(people).where(eq(people.email, email));
    const token = newToken();
    await t.db.insert(sessions).values({
      tokenHash: hashToken(token),
      personId: person.id,
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    cookies[role] = { [SESSION_COOKIE]: token };
  }
  const first = async <T>(rows: Promise<T[]>) => (await rows)[0];
  ids.post = (await first(t.db.select().from(sharedPosts).orderBy(asc(sharedPosts.id)).limit(1))).id;
  ids.need = (
    await first(
      t.db.select().from(needs).where(eq(needs.status, 'published')).orderBy(asc(needs.id)).limit(1),
    )
  ).id;
  ids.session = (
    await first(t.db.select().from(matchmakingSessions).orderBy(asc(matchmakingSessions.id)).limit(1))
  ).id;
}, 120_000);

afterAll(async () => {
  await fallback?.close();
  if (fallbackDataDir) rmSync(fallbackDataDir, { recursive: true, force: true });
  await t?.close();
});

async function expectPinned(app: FastifyInstance, page: Page) {
  const url = page.url.replace(/:(post|need|session)\b/, (_, key: keyof typeof ids) => String(ids[key]));
  const get = () => app.inject({ method: 'GET', url, cookies: cookies[page.role] });
  expect((await get()).statusCode, `${url} as ${page.role}`).toBe(200);
  // Cold: every read goes to the database, as with PostgreSQL (the pins are the same on both drivers).
  app.readCache.clear();
  const { result, count, queries } = await countQueries(get);
  expect(result.statusCode).toBe(200);
  if (page.rows)
    expect(result.body.match(page.rows.pattern)?.length ?? 0).toBeGreaterThanOrEqual(page.rows.min);
  expect(count, `${url} as ${page.role}: ${count} queries\n${queries.join('\n')}`).toBe(page.pin);
  if (!app.readCache.enabled) return;
  const warm = await countQueries(get);
  // The same page (but for its CSRF token), from the cache.
  const withoutTokens = (body: string) =>
    body.replace(/("x-csrf-token": "|name="_csrf" value=")[^"]*/g, '$1');
  expect(withoutTokens(warm.result.body)).toBe(withoutTokens(result.body));
  const expected = page.warm ?? page.pin - (page.role === 'visitor' ? 0 : 1);
  expect(warm.count, `${url} as ${page.role}, warm: ${warm.count} queries\n${warm.queries.join('\n')}`).toBe(
    expected,
  );
}

describe('SQL queries per page (demo data)', () => {
  for (const page of PAGES) {
    it(`${page.url} as ${page.role}`, () => expectPinned(t.app, page));
  }
});

describe('SQL queries per search page without Meilisearch', () => {
  for (const page of FALLBACK_PAGES) {
    it(`${page.url} as ${page.role}`, () => expectPinned(fallback, page));
  }
});
