/**
 * What would complete a need, in Chromium at phone width (375 px) without JavaScript: the need's page
 * shows the suggestion to its structure, the link opens the filled-in form; neither page scrolls
 * sideways, and axe-core finds no serious or critical violation.
 */
import type { BrowserContext, Browser as Chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runMatching } from '../../server/compositions/matching-run';
import { needOf } from '../compositions/helpers';
import { Browser } from '../support/browser';
import {
  describeBrowser,
  type E2eServer,
  expectAccessible,
  launchChromium,
  newContext,
  startServer,
} from '../support/e2e';
import { makeOrganization, makePerson, TEST_PASSWORD } from '../support/factories';

let server: E2eServer;
let chromium: Chromium;
let context: BrowserContext;
let needId: number;

describeBrowser('what would complete a need, at phone width', () => {
  beforeAll(async () => {
    server = await startServer({ rateLimit: { max: 100_000, windowMs: 60_000 } });
    const owner = await makePerson(server.db);
    const lonely = await makeOrganization(server.db, { owner, name: 'Régie de quartier des Résidences' });
    const partner = await makeOrganization(server.db, { name: 'Atelier et chantier d’insertion du Lion' });
    await needOf(
      server.db,
      partner.id,
      21,
      ['mon-am', 'mon-pm', 'tue-am', 'tue-pm', 'wed-am', 'wed-pm'],
      'K2204',
    );
    needId = (await needOf(server.db, lonely.id, 14, ['wed-am', 'thu-am', 'fri-am', 'fri-pm'], 'K2204')).id;
    await runMatching(server.db, { roleCode: 'K2204', notify: false });

    chromium = await launchChromium();
    context = await newContext(chromium, server.baseUrl, { javaScript: false });
    const signedIn = new Browser(server.app);
    await signedIn.signIn(owner.email, TEST_PASSWORD);
    await context.addCookies(
      Object.entries(signedIn.cookies).map(([name, value]) => ({ name, value, url: server.baseUrl })),
    );
  });
  afterAll(async () => {
    await context?.close();
    await chromium?.close();
    await server?.close();
  });

  it('shows the suggestion and opens the filled-in form, within 375 px and accessible', async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 375, height: 800 });
    // How far right the elements of `selector` reach, and the window's width (run in the page).
    const reach = (selector: string) =>
      page.evaluate((sel) => {
        // biome-ignore lint/suspicious/noExplicitAny: the DOM's globals exist in the page, not in this file's types
        const w = globalThis as any;
        const edges = [...w.document.querySelectorAll(`${sel}, ${sel} *`)].map(
          // biome-ignore lint/suspicious/noExplicitAny: a DOM element
          (e: any) => e.getBoundingClientRect().right as number,
        );
        return { right: Math.max(0, ...edges), width: w.innerWidth as number };
      }, selector);
    const fits = async (selector: string) => {
      const { right, width } = await reach(selector);
      expect(right, selector).toBeGreaterThan(0);
      expect(right, selector).toBeLessThanOrEqual(width);
      const scroll = await page.evaluate(
        // biome-ignore lint/suspicious/noExplicitAny: the DOM's globals exist in the page
        () => (globalThis as any).document.documentElement.scrollWidth as number,
      );
      expect(scroll, 'the page scrolls sideways').toBeLessThanOrEqual(width);
    };
    await page.goto(`/besoins/${needId}`);
    await expect(
      page.getByRole('heading', { name: 'Ce qui compléterait ce besoin' }).isVisible(),
    ).resolves.toBe(true);
    expect(await page.locator('.need-suggestions').textContent()).toMatch(
      /Pour compléter un temps plein\s:\sajouter le jeudi après-midi \(avec Atelier et chantier d’insertion du Lion, 35\sh\)/,
    );
    await fits('.need-suggestions');
    await expectAccessible(page, 'need page with suggestions');

    await page.getByRole('link', { name: 'Préparer cette modification' }).first().click();
    await page.waitForURL(/\/modifier\?suggestion=\d+$/);
    expect(await page.locator('#slot-thu-pm').isChecked()).toBe(true);
    expect(await page.locator('#timetable-flexible').isChecked()).toBe(true);
    await fits('.notice');
    await expectAccessible(page, 'need form with a suggestion filled in');
    await page.close();
  });
});
