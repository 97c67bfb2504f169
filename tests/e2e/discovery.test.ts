/**
 * In Chromium: the favicon loads (no 404 on any request of a page), and a search page past its last
 * page shows the way back, fits a phone's 375 px without sideways scroll, passes axe-core, and its link
 * leads to results.
 */
import type { Browser as Chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addNeed } from '../search/helpers';
import {
  describeBrowser,
  type E2eServer,
  expectAccessible,
  launchChromium,
  newContext,
  startServer,
} from '../support/e2e';
import { makeOrganization, makePerson } from '../support/factories';

let server: E2eServer;
let chromium: Chromium;

describeBrowser('discovery and the way back from a missing page', () => {
  beforeAll(async () => {
    server = await startServer();
    const owner = await makePerson(server.db);
    const org = await makeOrganization(server.db, { owner });
    await addNeed(server.db, owner.id, org.id, { title: 'Comptable à temps partagé' });
    await server.app.searchIndexer.drain();
    chromium = await launchChromium();
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  it('loads the favicon and answers no request of the home page with a 404', async () => {
    const context = await newContext(chromium, server.baseUrl, { javaScript: true });
    try {
      const page = await context.newPage();
      const failures: string[] = [];
      page.on('response', (r) => {
        if (r.status() >= 400) failures.push(`${r.status()} ${r.url()}`);
      });
      await page.goto('/');
      const href = await page.locator('link[rel="icon"]').getAttribute('href');
      const icon = await context.request.get(href ?? '/nothing');
      const legacy = await context.request.get('/favicon.ico');
      const icons = [icon.status(), icon.headers()['content-type'], legacy.status()];
      expect(icons).toEqual([200, 'image/svg+xml', 200]);
      expect(failures).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows the way back past the last page, on a phone, accessibly', async () => {
    const context = await newContext(chromium, server.baseUrl, { javaScript: true });
    try {
      const page = await context.newPage();
      await page.setViewportSize({ width: 375, height: 800 });
      const response = await page.goto('/recherche?q=comptable&page=99');
      expect(response?.status()).toBe(404);
      await expect(
        page.getByRole('status').filter({ hasText: 'Cette page n’existe pas' }).count(),
      ).resolves.toBe(1);
      const width = await page.evaluate<number>('document.documentElement.scrollWidth');
      expect(width).toBeLessThanOrEqual(375);
      await expectAccessible(page, 'past the last page at 375 px');
      await page.getByRole('link', { name: 'Revenir à la première page' }).click();
      await page.waitForURL((url) => !url.search.includes('page=99'));
      await expect(page.locator('.hit').count()).resolves.toBe(1);
    } finally {
      await context.close();
    }
  });
});
