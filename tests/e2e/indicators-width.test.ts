/**
 * The indicators' month-by-month table over twelve months fits a 1280 px window: no horizontal scroll
 * of the page, nor of the table's own box, with large figures in every column.
 */
import type { Browser as Chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeBrowser,
  type E2eServer,
  expectAccessible,
  launchChromium,
  newContext,
  startServer,
} from '../support/e2e';
import { makeNeed, makeOrganization, makePerson, TEST_PASSWORD } from '../support/factories';

let server: E2eServer;
let chromium: Chromium;
let facilitator: { email: string };

describeBrowser('indicators at 1280 px', () => {
  beforeAll(async () => {
    server = await startServer({ rateLimit: { max: 100_000, windowMs: 60_000 } });
    facilitator = await makePerson(server.db, { territories: ['90'] });
    const org = await makeOrganization(server.db, { name: 'Atelier des mois' });
    // A long need every month, so that the hour columns hold wide figures ("1 234 h 30").
    for (let month = 1; month <= 12; month++)
      for (let i = 0; i < 40; i++)
        await makeNeed(server.db, {
          org,
          hoursHundredths: 3450,
          publishedAt: new Date(Date.UTC(2025, month - 1, 10 + (i % 10))),
        });
    chromium = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  it('shows twelve months without any horizontal overflow', async () => {
    const context = await newContext(chromium, server.baseUrl, { javaScript: true });
    const page = await context.newPage();
    try {
      await page.goto('/connexion');
      await page.getByLabel('Adresse e-mail').fill(facilitator.email);
      await page.getByLabel('Mot de passe').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.waitForURL('**/tableau-de-bord');
      await page.goto('/animation/indicateurs?du=2025-01-01&au=2025-12-31');
      expect(await page.locator('#indicateurs-par-mois tbody tr').count()).toBe(12);
      const width = async (selector: string) =>
        page
          .locator(selector)
          .evaluate(
            (element: { scrollWidth: number; clientWidth: number }) =>
              element.scrollWidth - element.clientWidth,
          );
      const overflow = { page: await width('html'), table: await width('#indicateurs-par-mois >> xpath=..') };
      expect(overflow).toEqual({ page: 0, table: 0 });
      await expectAccessible(page, 'indicators, twelve months');
    } finally {
      await context.close();
    }
  }, 120_000);
});
