/**
 * Hostile spreadsheets through the upload page (issue 11: a 1.2 MB XLSX of 1.5 million rows stalled the
 * site for 75 s and took 2.5 GB; a 2.6 MB zip bomb took 1.7 GB). Each is answered at once with the
 * progress page, then the form again with a French message saying what is too big (422), and is not
 * kept; while it is handled, /healthz, asked every 50 ms, answers each time in under a second, and the
 * process (the reading worker is a thread of it) grows by less than 300 MB.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importUploads } from '../../db/schema';
import { manyRowsCsv, manyRowsXlsx, zipBombXlsx } from '../imports/fixtures/hostile';
import { createTestApp, type TestApp } from '../support/app';
import type { Browser } from '../support/browser';
import { makePerson } from '../support/factories';
import { multipartBody, signedIn, waitForImportPage } from './helpers';

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 100_000, windowMs: 60_000 } });
  const facilitator = await makePerson(t.db, { territories: ['90', '25'] });
  browser = await signedIn(t.app, facilitator.email);
  await browser.get('/animation/import');
}, 60_000);
afterAll(async () => {
  await t?.close();
});

/** Asks /healthz every 50 ms until stopped; gives the slowest answer and the largest RSS seen. */
function watchHealth() {
  let running = true;
  let slowestMs = 0;
  let peakRss = process.memoryUsage().rss;
  const statuses = new Set<number>();
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      const response = await t.app.inject({ method: 'GET', url: '/healthz' });
      slowestMs = Math.max(slowestMs, performance.now() - started);
      statuses.add(response.statusCode);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return async () => {
    running = false;
    await loop;
    return { slowestMs, peakRss, statuses: [...statuses] };
  };
}

const CASES: [string, string, () => Buffer, string][] = [
  [
    '1.5 million rows (1.2 MB)',
    'lignes.xlsx',
    () => manyRowsXlsx(),
    'Le fichier compte plus de 20\u202f000 lignes',
  ],
  [
    'a zip bomb (2.6 MB, 2.6 GB inflated)',
    'bombe.xlsx',
    () => zipBombXlsx(),
    'se décompresse en 2\u202f600 Mo',
  ],
  [
    'a zip bomb lying about its size',
    'bombe-menteuse.xlsx',
    () => zipBombXlsx({ lie: true }),
    'se décompresse en plus de 100 Mo',
  ],
  [
    'a CSV of 3 million lines (6 MB)',
    'lignes.csv',
    () => manyRowsCsv(3_000_000),
    'plus de 20\u202f000 lignes',
  ],
];

describe('a hostile spreadsheet', () => {
  for (const [label, filename, make, message] of CASES) {
    it(`${label}: refused with a message saying what is too big, the site answering throughout`, async () => {
      const content = make();
      const rssBefore = process.memoryUsage().rss;
      const stop = watchHealth();
      const body = multipartBody({ _csrf: browser.csrfToken ?? '' }, { filename, content });
      const started = await t.app.inject({
        method: 'POST',
        url: '/animation/import',
        headers: { 'content-type': body.contentType, 'hx-request': 'true' },
        cookies: browser.cookies,
        payload: body.payload,
      });
      expect(started.statusCode).toBe(202);
      const url = started.headers['hx-push-url'] as string;
      const result = await waitForImportPage((u) => browser.get(u), url, { pollMs: 100 });
      const health = await stop();

      expect(result.statusCode).toBe(422);
      expect(result.body).toContain('id="fichier-error"');
      expect(result.body).toContain(message);
      expect(health.statuses).toEqual([200]);
      expect(health.slowestMs).toBeLessThan(1000);
      expect(health.peakRss - rssBefore).toBeLessThan(300 * 1024 * 1024);
      // Not kept.
      expect((await browser.get(url)).statusCode).toBe(404);
      expect(
        await t.db
          .select()
          .from(importUploads)
          .where(eq(importUploads.id, url.split('/').at(-1) ?? '')),
      ).toEqual([]);
    }, 120_000);
  }
});
