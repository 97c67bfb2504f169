/**
 * The directory of structures in Chromium at phone width, with JavaScript (results swapped in place by
 * htmx, the URL kept shareable) and without (the form submits): search, a facet, a structure's page,
 * writing to it. axe-core on every page; nothing scrolls sideways at 375 px.
 */
import { eq } from 'drizzle-orm';
import type { Browser as Chromium, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { geMemberships, mailOutbox, searchOutbox } from '../../db/schema';
import { ensureIndexes } from '../../server/search/settings';
import { SEARCH_INDEXES } from '../../server/search-sources';
import { addNeed } from '../search/helpers';
import {
  describeBrowser,
  type E2eServer,
  expectAccessible,
  launchChromium,
  newContext,
  startServer,
} from '../support/e2e';
import { makeOrganization, makePerson, TEST_PASSWORD } from '../support/factories';
import { deleteIndexesWithPrefix } from '../support/meili';

let server: E2eServer;
let chromium: Chromium;
let geId: number;
let atelierId: number;

async function fitsPhone(page: Page, label: string) {
  const { scroll, width } = await page.evaluate(() => {
    // biome-ignore lint/suspicious/noExplicitAny: the DOM's globals exist in the page, not in this file's types
    const w = globalThis as any;
    return { scroll: w.document.documentElement.scrollWidth as number, width: w.innerWidth as number };
  });
  expect(scroll, `${label} scrolls sideways`).toBeLessThanOrEqual(width);
}

describeBrowser('the directory of structures in a real browser', () => {
  beforeAll(async () => {
    server = await startServer();
    await ensureIndexes(server.search, SEARCH_INDEXES);
    const owner = await makePerson(server.db, { email: 'atelier-e2e@exemple.invalid' });
    const writer = await makePerson(server.db, { email: 'scop-e2e@exemple.invalid' });
    const atelier = await makeOrganization(server.db, {
      owner,
      name: 'Atelier des Jardins Partagés',
      keywords: 'maraîchage, espaces verts',
    });
    const scop = await makeOrganization(server.db, {
      owner: writer,
      kind: 'SCOP',
      name: 'SCOP Numérique',
      town: 'marseille',
    });
    await addNeed(server.db, owner.id, atelier.id, { title: 'Comptable à temps partiel' });
    for (const org of [atelier, scop])
      await server.db.insert(searchOutbox).values({ recordKind: 'structure', recordId: org.id });
    await server.app.searchIndexer.drain();
    const ge = await makeOrganization(server.db, { owner, kind: 'GE', name: 'GE des Jardins' });
    await server.db.insert(geMemberships).values({ organizationId: scop.id, geId: ge.id });
    geId = ge.id;
    atelierId = atelier.id;
    await server.app.inject({ method: 'GET', url: '/communes?q=Belfort' });
    chromium = await launchChromium();
  });
  afterAll(async () => {
    await chromium?.close();
    await deleteIndexesWithPrefix(server.search.indexPrefix);
    await server?.close();
  });

  for (const javaScript of [true, false]) {
    const mode = javaScript ? 'with JavaScript' : 'without JavaScript';
    it(`finds a structure, opens its page and writes to it, at 375 px (${mode})`, async () => {
      const context = await newContext(chromium, server.baseUrl, { javaScript });
      const page = await context.newPage();
      await page.setViewportSize({ width: 375, height: 800 });
      try {
        await page.goto('/structures');
        await expectAccessible(page, `directory (${mode})`);
        await fitsPhone(page, 'the directory');
        expect(await page.locator('.result').count()).toBe(2);

        await page.getByLabel('Nom, activité, mot-clé').fill('maraichage');
        if (javaScript) {
          await page.waitForURL(/q=maraichage/);
        } else {
          await page.getByRole('button', { name: 'Rechercher' }).click();
          await page.waitForURL(/q=maraichage/);
        }
        await page.locator('.result').first().waitFor();
        expect(await page.locator('.result').count()).toBe(1);
        await fitsPhone(page, 'the results');
        // The facet link is a shareable URL of its own.
        await page.getByRole('link', { name: 'Comptabilité' }).click();
        await page.waitForURL(/activity=Comptabilit/);
        await page.getByRole('link', { name: 'Atelier des Jardins Partagés' }).click();
        await page.waitForURL(/\/structures\/\d+$/);
        await expectAccessible(page, `structure page, visitor (${mode})`);
        await fitsPhone(page, 'the structure page');
        expect(await page.getByRole('link', { name: 'Connectez-vous' }).count()).toBe(1);

        // Signed in as another structure, write to it.
        const structureUrl = page.url();
        await page.goto('/connexion');
        await page.getByLabel('Adresse e-mail').fill('scop-e2e@exemple.invalid');
        await page.getByLabel('Mot de passe').fill(TEST_PASSWORD);
        await page.getByRole('button', { name: 'Se connecter' }).click();
        await page.waitForLoadState();
        await page.goto(structureUrl);
        await page.getByLabel('Structure qui écrit').selectOption({ label: 'SCOP Numérique' });
        await page.getByLabel('Message').fill(`Bonjour (${mode}) : parlons de vos besoins en comptabilité.`);
        await expectAccessible(page, `structure page with the contact form (${mode})`);
        await fitsPhone(page, 'the contact form');
        await page.getByRole('button', { name: 'Envoyer le message' }).click();
        await page.getByText('Message envoyé à Atelier des Jardins Partagés').waitFor();
        const mails = await server.db
          .select()
          .from(mailOutbox)
          .where(eq(mailOutbox.kind, 'directory-contact'));
        expect(mails.some((m) => m.text.includes(`(${mode})`))).toBe(true);
      } finally {
        await context.close();
      }
    }, 90_000);
  }

  it('an owner hides a structure and confirms a GE claim from its pages, at 375 px without JavaScript', async () => {
    const context = await newContext(chromium, server.baseUrl, { javaScript: false });
    const page = await context.newPage();
    await page.setViewportSize({ width: 375, height: 800 });
    try {
      await page.goto('/connexion');
      await page.getByLabel('Adresse e-mail').fill('atelier-e2e@exemple.invalid');
      await page.getByLabel('Mot de passe').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.waitForLoadState();

      await page.goto(`/organisations/${atelierId}`);
      await expectAccessible(page, 'organization page with the directory setting');
      await fitsPhone(page, 'the organization page');
      await page.getByRole('radio', { name: 'Non' }).check();
      await page.getByRole('button', { name: 'Enregistrer' }).click();
      await page.getByText('La structure n’apparaît plus dans l’annuaire des structures.').waitFor();
      await server.app.searchIndexer.drain();
      await page.goto('/structures');
      expect(await page.getByRole('link', { name: 'Atelier des Jardins Partagés' }).count()).toBe(0);

      await page.goto(`/organisations/${geId}`);
      await expectAccessible(page, 'GE page with a claim to confirm');
      await fitsPhone(page, 'the GE page');
      await page.getByRole('button', { name: 'Confirmer l’adhésion de SCOP Numérique' }).click();
      await page.getByText('Adhésion confirmée').waitFor();
      expect(await page.getByRole('cell', { name: 'SCOP Numérique' }).count()).toBe(1);
    } finally {
      await context.close();
    }
  }, 90_000);
});
