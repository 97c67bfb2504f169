/**
 * The week table in Chromium: on a phone (375 px) it reads as a list of days, one under the other, and
 * neither the need form nor the need page scrolls sideways; with JavaScript, ticking half-days as fast
 * as a hand can (each tick asks the server for the week's summary) logs no console error (no htmx
 * error, no CSP violation) and the summary ends up describing every tick.
 */
import type { BrowserContext, Browser as Chromium, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Browser } from '../support/browser';
import {
  collectConsoleErrors,
  describeBrowser,
  type E2eServer,
  expectAccessible,
  launchChromium,
  newContext,
  PHONE_WIDTH,
  startServer,
} from '../support/e2e';
import { makeNeed, makeOrganization, makePerson, TEST_PASSWORD } from '../support/factories';

let server: E2eServer;
let chromium: Chromium;
let cookies: Record<string, string>;
let needId: number;

async function signedInContext(javaScript: boolean): Promise<BrowserContext> {
  const context = await newContext(chromium, server.baseUrl, { javaScript });
  await context.addCookies(
    Object.entries(cookies).map(([name, value]) => ({ name, value, url: server.baseUrl })),
  );
  return context;
}

/** Where the header cells of the days are drawn: top edges, in the order of the week. */
async function dayTops(page: Page, table: string): Promise<number[]> {
  const boxes = await page.locator(`${table} thead th`).evaluateAll((cells) =>
    // biome-ignore lint/suspicious/noExplicitAny: DOM elements, typed in the page only
    cells.map((c: any) => c.getBoundingClientRect().top as number),
  );
  return boxes;
}

describeBrowser('the week table on a phone, and ticking half-days quickly', () => {
  beforeAll(async () => {
    server = await startServer({ rateLimit: { max: 100_000, windowMs: 60_000 } });
    const owner = await makePerson(server.db);
    const org = await makeOrganization(server.db, { owner, name: 'Atelier Lion Vert' });
    needId = (await makeNeed(server.db, { org, hours: 14, slots: ['mon-am', 'tue-am', 'thu-pm'] })).id;
    const signedIn = new Browser(server.app);
    await signedIn.signIn(owner.email, TEST_PASSWORD);
    cookies = signedIn.cookies;
    chromium = await launchChromium();
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  it('lists the days one under the other at 375 px, on the need page and the need form, without JavaScript', async () => {
    const context = await signedInContext(false);
    try {
      const page = await context.newPage();
      await page.setViewportSize({ width: PHONE_WIDTH, height: 800 });
      for (const [url, table] of [
        [`/besoins/${needId}`, '.week-grid-read'],
        ['/besoins/nouveau', '.week-grid'],
      ]) {
        await page.goto(url);
        const tops = await dayTops(page, table);
        expect(tops).toHaveLength(6);
        // Each day starts below the previous one: a list, not a row of columns.
        for (let i = 1; i < tops.length; i++) expect(tops[i], url).toBeGreaterThan(tops[i - 1]);
        // …and at desktop width the days are columns of one row again.
        await page.setViewportSize({ width: 1280, height: 800 });
        expect(new Set(await dayTops(page, table)).size, url).toBe(1);
        await page.setViewportSize({ width: PHONE_WIDTH, height: 800 });
        await expectAccessible(page, url);
      }
    } finally {
      await context.close();
    }
  });

  it('ticks twelve half-days in a burst without a console error, and the summary counts them all', async () => {
    const context = await signedInContext(true);
    const errors = collectConsoleErrors(context);
    try {
      const page = await context.newPage();
      await page.goto('/besoins/nouveau');
      await page.getByLabel('Heures par semaine').fill('35');
      const boxes = page.locator('input[name="slots"]');
      // No wait between clicks: each one fires a request that the next one cuts short.
      for (let i = 0; i < 12; i++) await boxes.nth(i).click({ delay: 0 });
      await page.waitForLoadState('networkidle');
      await expect
        .poll(() => page.locator('#week-summary').textContent(), { timeout: 10_000 })
        .toMatch(/12 demi-journées/);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
