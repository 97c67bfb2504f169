/**
 * A large diagnosis runs in the background behind a progress page: the upload answers at once, the page
 * reloads itself without JavaScript (meta refresh in noscript) and polls with htmx, then shows the
 * preview; the import of it likewise, then the preview with the counts. A file that turns out unreadable
 * ends on the form with its message, and is not kept. Only the uploader sees the progress.
 */
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needs } from '../../db/schema';
import { INLINE_MAX_BYTES } from '../../server/facilitation/import-routes';
import { progressLabel } from '../../server/facilitation/import-tasks';
import { createTestApp, type TestApp } from '../support/app';
import type { Browser } from '../support/browser';
import { makePerson } from '../support/factories';
import { diagnosisCsv, multipartBody, signedIn, waitForImportPage } from './helpers';

let t: TestApp;
let facilitator: { id: number; email: string };
let elsewhere: { id: number; email: string };

beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 100_000, windowMs: 60_000 } });
  facilitator = await makePerson(t.db, { territories: ['90', '25'] });
  elsewhere = await makePerson(t.db, { territories: ['13'] });
});
afterAll(async () => {
  await t?.close();
});

const largeCsv = diagnosisCsv;

async function post(browser: Browser, url: string, payload: Buffer, contentType: string, htmx = false) {
  return browser.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': contentType, ...(htmx ? { 'hx-request': 'true' } : {}) },
    cookies: browser.cookies,
    payload,
  });
}

async function uploadLarge(browser: Browser, content: Buffer, htmx: boolean) {
  if (!browser.csrfToken) await browser.get('/animation/import');
  const body = multipartBody({ _csrf: browser.csrfToken ?? '' }, { filename: 'grand.csv', content });
  return post(browser, '/animation/import', body.payload, body.contentType, htmx);
}

/** Reloads the page as the noscript refresh does until it is no longer the progress page. */
const waitForResult = (browser: Browser, url: string) => waitForImportPage((u) => browser.get(u), url);

const needCount = async () => (await t.db.select({ n: count() }).from(needs))[0].n;

describe('a large diagnosis', () => {
  it('answers at once with a progress page, then shows the preview, then imports with progress', async () => {
    const browser = await signedIn(t.app, facilitator.email);
    const content = largeCsv(2000);
    expect(content.byteLength).toBeGreaterThan(INLINE_MAX_BYTES);

    // With htmx: the progress page itself, its address pushed, polling every second.
    const started = await uploadLarge(browser, content, true);
    expect(started.statusCode).toBe(202);
    const url = started.headers['hx-push-url'] as string;
    expect(url).toMatch(/^\/animation\/import\/[a-f0-9]{32}$/);
    expect(started.body).toContain('Lecture du fichier…');
    expect(started.body).toContain(`hx-get="${url}" hx-trigger="every 1s"`);
    expect(started.body).toContain('aria-live="polite"');
    expect(started.body).toContain(`<noscript><meta http-equiv="refresh" content="1;url=${url}"></noscript>`);

    // Someone else cannot follow it.
    const other = await signedIn(t.app, elsewhere.email);
    expect((await other.get(url)).statusCode).toBe(404);

    const preview = await waitForResult(browser, url);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toMatch(/<span class="figure">2000<\/span>\s*lignes lues/);
    expect(preview.body).toMatch(/<span class="figure">2000<\/span>\s*valides/);
    expect(preview.body).toMatch(/<span class="figure">200<\/span>\s*structures à créer/);

    // Without htmx the import is a POST-redirect-GET to the same page, which shows the progress.
    const before = await needCount();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(preview.body)?.[1] ?? '';
    const imported = await post(
      browser,
      `${url}/importer`,
      Buffer.from(new URLSearchParams({ _csrf: csrf, choix: 'tout' }).toString()),
      'application/x-www-form-urlencoded',
    );
    expect(imported.statusCode).toBe(303);
    expect(imported.headers.location).toBe(url);
    const done = await waitForResult(browser, url);
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain(
      'Import terminé : 2000 besoins créés en brouillon, 0 besoin déjà présent ignoré ; 200 structures créées',
    );
    expect(done.body).toMatch(/<span class="figure">200<\/span>\s*structures créées/);
    expect(done.body).not.toContain('/importer');
    expect(await needCount()).toBe(before + 2000);
    const mine = await t.db.select({ n: count() }).from(needs).where(eq(needs.createdBy, facilitator.id));
    expect(mine[0].n).toBe(2000);
  }, 180_000);

  it('ends on the form with a message, keeping nothing, when the large file cannot be read', async () => {
    const browser = await signedIn(t.app, facilitator.email);
    const garbage = Buffer.alloc(INLINE_MAX_BYTES * 2, 0x01);
    const started = await uploadLarge(browser, garbage, false);
    expect(started.statusCode).toBe(303);
    const url = started.headers.location as string;
    const result = await waitForResult(browser, url);
    expect(result.statusCode).toBe(422);
    expect(result.body).toContain('id="fichier-error"');
    expect((await browser.get(url)).statusCode).toBe(404);
  }, 60_000);
});

describe('progressLabel', () => {
  it('says what runs and how far', () => {
    expect(progressLabel({ phase: 'reading', done: 0, total: 0 })).toBe('Lecture du fichier…');
    expect(progressLabel({ phase: 'analysing', done: 250, total: 5000 })).toBe(
      'Lecture… 250 lignes sur 5000',
    );
    expect(progressLabel({ phase: 'writing', done: 1000, total: 5000 })).toBe('Import… 1000 sur 5000');
  });
});
