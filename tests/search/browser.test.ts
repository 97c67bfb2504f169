/**
 * In Chromium, with JavaScript and without: a member publishes a need with the week grid, then a visitor
 * finds it by a misspelt word and a distance filter. axe-core must find no serious or critical violation
 * on the pages visited.
 */
import type { Browser as Chromium, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureIndexes } from '../../server/search/settings';
import { SEARCH_INDEXES } from '../../server/search-sources';
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
let email: string;

async function signIn(page: Page) {
  await page.goto('/connexion');
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL('**/tableau-de-bord');
}

describeBrowser('needs and search in a real browser', () => {
  beforeAll(async () => {
    server = await startServer();
    await ensureIndexes(server.search, SEARCH_INDEXES);
    const person = await makePerson(server.db);
    email = person.email;
    await makeOrganization(server.db, { owner: person, name: 'Atelier Lion Vert' });
    chromium = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await chromium?.close();
    await deleteIndexesWithPrefix(server.search.indexPrefix);
    await server?.close();
  });

  for (const javaScript of [true, false]) {
    const mode = javaScript ? 'with JavaScript' : 'without JavaScript';
    const title = `Comptabilité analytique ${javaScript ? 'mutualisée' : 'partagée'}`;

    it(`a member publishes a need with the week grid; a visitor finds it misspelt and near Belfort (${mode})`, async () => {
      const member = await newContext(chromium, server.baseUrl, { javaScript });
      try {
        const page = await member.newPage();
        await signIn(page);
        await page.goto('/besoins/nouveau');
        await expectAccessible(page, `need form (${mode})`);
        // The role picker: a combobox with suggestions from any title, or a text the server resolves.
        const picker = page.getByRole('combobox', { name: 'Métier' });
        if (javaScript) {
          await picker.fill('femme de ménage');
          await page.getByRole('option', { name: /Nettoyage de locaux/ }).waitFor();
          expect(await picker.getAttribute('aria-expanded')).toBe('true');
          await expectAccessible(page, `role picker open (${mode})`);
          // The form, the open list included, fits a 375 px screen: no sideways scroll.
          const viewport = page.viewportSize();
          await page.setViewportSize({ width: 375, height: 800 });
          const overflow = await page.evaluate(() => {
            const root = (
              globalThis as unknown as {
                document: { documentElement: { scrollWidth: number; clientWidth: number } };
              }
            ).document.documentElement;
            return root.scrollWidth - root.clientWidth;
          });
          expect(overflow).toBeLessThanOrEqual(0);
          if (viewport) await page.setViewportSize(viewport);
          await picker.fill('compta');
          await page.getByRole('option', { name: /^Comptabilité M1203/ }).waitFor();
          await picker.press('ArrowDown');
          expect(await picker.getAttribute('aria-activedescendant')).toBe('roleText-M1203');
          await picker.press('Enter');
          expect(await picker.inputValue()).toBe('Comptabilité (M1203)');
          expect(await picker.getAttribute('aria-expanded')).toBe('false');
        } else {
          await picker.fill('comptabilité');
        }
        await page.getByLabel('Intitulé du besoin').fill(title);
        await page.getByLabel('Heures par semaine').fill('12,8');
        for (const slot of ['Lundi matin', 'Lundi après-midi', 'Mardi matin', 'Jeudi matin']) {
          await page.getByLabel(slot, { exact: true }).check();
        }
        await page.getByLabel(/^possibles/).check();
        await page.getByLabel(/^Nombre de demi-journées travaillées/).fill('3');
        if (javaScript) {
          // htmx keeps the summary in step with the grid.
          await page
            .getByText('12,8 h par semaine sur 3 demi-journées à choisir parmi 4 possibles')
            .waitFor();
        }
        await page.getByLabel(/^Commune du lieu de travail/).fill('Belfort');
        await page.getByLabel(/^Distance maximale/).fill('25');
        await page.getByLabel('Date de début souhaitée').fill('2027-01-04');
        await page.getByRole('button', { name: 'Publier le besoin' }).click();
        await page.waitForURL(/\/besoins\/\d+$/);
        expect(await page.getByRole('heading', { level: 1, name: title }).count()).toBe(1);
        expect(await page.getByText('3 demi-journées parmi 4 possibles').count()).toBe(1);
        await expectAccessible(page, `need page (${mode})`);
      } finally {
        await member.close();
      }

      await server.app.searchIndexer.drain();

      const visitor = await newContext(chromium, server.baseUrl, { javaScript });
      try {
        const page = await visitor.newPage();
        await page.goto('/recherche');
        await expectAccessible(page, `search page (${mode})`);
        const misspelt = javaScript ? 'comptabilte analytiqe' : 'comptabilitée analitique';
        await page.getByLabel('Que cherchez-vous ?').fill(misspelt);
        if (javaScript) {
          // Live results while typing, and the URL follows so it can be shared.
          await page.getByRole('link', { name: title }).waitFor();
          await page.waitForURL(/q=/);
        } else {
          await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
          await page.getByRole('link', { name: title }).waitFor();
        }
        await page.locator('summary', { hasText: 'Filtres' }).click();
        await page.getByLabel('Près de (commune ou code postal)').fill('Belfort');
        await page.getByLabel('À moins de').selectOption('30');
        await page.getByRole('button', { name: 'Appliquer les filtres' }).click();
        await page.getByText('à moins de 30 km de Belfort').waitFor();
        expect(await page.getByRole('link', { name: title }).count()).toBe(1);
        // Filtered by role, typed in the picker (chosen from the list with JavaScript).
        const rolePicker = page.getByRole('combobox', { name: 'Métier' });
        if (javaScript) {
          await rolePicker.fill('compta');
          await page.getByRole('option', { name: /^Comptabilité M1203/ }).click();
          await page.waitForURL(/role=M1203/);
        } else {
          await rolePicker.fill('compta');
          await page.getByRole('button', { name: 'Appliquer les filtres' }).click();
          await page.waitForURL(/metier=compta/);
        }
        await page.getByRole('link', { name: title }).waitFor();
        expect(await rolePicker.inputValue()).toBe('Comptabilité (M1203)');
        await expectAccessible(page, `search results (${mode})`);
        // The same URL in a fresh page gives the same results: shareable.
        const shared = await visitor.newPage();
        await shared.goto(page.url());
        expect(await shared.getByRole('link', { name: title }).count()).toBe(1);
      } finally {
        await visitor.close();
      }
    }, 120_000);
  }
});
