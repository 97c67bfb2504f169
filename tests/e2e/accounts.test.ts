/**
 * In Chromium, with JavaScript and without: a new person signs up (following the link mailed), creates an organization (picking its
 * commune), signs out and signs in again. axe-core must find no serious or critical violation on any page
 * visited; the keyboard reaches the skip link first and sees where the focus is.
 */
import { eq } from 'drizzle-orm';
import type { Browser as Chromium, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mailOutbox } from '../../db/schema';
import {
  describeBrowser,
  type E2eServer,
  expectAccessible,
  launchChromium,
  newContext,
  startServer,
} from '../support/e2e';

let server: E2eServer;
let chromium: Chromium;

/**
 * Fills the commune picker and submits the form. With JavaScript the choices arrive while typing and one
 * is picked before submitting; without, the server resolves the name on submit, or answers the
 * candidates to choose from (then one is picked and the form submitted again).
 */
async function pickCommuneAndSubmit(page: Page, name: string, departement: string, javaScript: boolean) {
  const submit = page.getByRole('button', { name: 'Créer la structure' });
  await page.getByLabel('Commune (nom ou code postal)').fill(name);
  const choice = page.getByRole('radio', { name: new RegExp(`^${name} \\(${departement}\\)`) });
  if (javaScript) {
    await choice.waitFor();
    await choice.check();
    await submit.click();
    return;
  }
  await submit.click();
  await page.waitForLoadState();
  if (/\/organisations\/\d+$/.test(page.url())) return;
  await expectAccessible(page, 'organization form with commune choices (no JS)');
  await choice.check();
  await submit.click();
}

describeBrowser('accounts and organizations in a real browser', () => {
  beforeAll(async () => {
    server = await startServer();
    // The commune index is built on first use: build it now, not while the browser waits for suggestions.
    await server.app.inject({ method: 'GET', url: '/communes?q=Belfort' });
    chromium = await launchChromium();
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  for (const javaScript of [true, false]) {
    const mode = javaScript ? 'with JavaScript' : 'without JavaScript';
    it(`a new person signs up, creates an organization, signs out and in again (${mode})`, async () => {
      const context = await newContext(chromium, server.baseUrl, { javaScript });
      const page = await context.newPage();
      const email = `e2e-${javaScript ? 'js' : 'nojs'}@exemple.invalid`;
      const password = 'une phrase de passe assez longue';
      try {
        await page.goto('/');
        const title = page.getByRole('heading', { level: 1 });
        expect(await title.count()).toBe(1);
        expect((await title.textContent())?.trim()).toBe(
          'Ensemble, vos temps partiels font des emplois durables',
        );
        await expectAccessible(page, `home (${mode})`);

        await page.getByRole('link', { name: 'Créer un compte' }).first().click();
        await page.waitForURL('**/inscription');
        await expectAccessible(page, `sign-up (${mode})`);
        await page.getByLabel('Nom et prénom').fill('Camille Essai');
        await page.getByLabel('Adresse e-mail').fill(email);
        await page.getByLabel('Mot de passe', { exact: true }).fill(password);
        await page.getByLabel('Confirmer le mot de passe').fill(password);
        await page.getByRole('button', { name: 'Créer mon compte' }).click();
        await page.getByRole('heading', { name: 'Vérifiez votre messagerie' }).waitFor();
        await expectAccessible(page, `sign-up sent (${mode})`);
        // The link of the mail (the outbox row) opens the activation page.
        const [mail] = await server.db.select().from(mailOutbox).where(eq(mailOutbox.to, email));
        const link = /\/inscription\/confirmer\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0] ?? '';
        expect(link).not.toBe('');
        await page.goto(link);
        await expectAccessible(page, `sign-up confirmation (${mode})`);
        await page.getByRole('button', { name: 'Activer mon compte' }).click();
        await page.waitForURL('**/tableau-de-bord');
        expect(await page.getByText('Votre compte est créé').count()).toBe(1);
        await expectAccessible(page, `dashboard (${mode})`);

        await page.goto('/organisations/nouvelle');
        await expectAccessible(page, `organization form (${mode})`);
        const orgName = `Atelier e2e ${mode}`;
        await page.getByLabel('Nom de la structure').fill(orgName);
        await page.getByLabel('SIRET').fill(javaScript ? '732 829 320 00074' : '35600000000048');
        await page.getByLabel('Type de structure').selectOption('ACI');
        await page.getByLabel('Présentation').fill('Chantier d’insertion en maraîchage.');
        await pickCommuneAndSubmit(page, 'Belfort', '90', javaScript);
        await page.waitForURL(/\/organisations\/\d+$/);
        expect(await page.getByRole('heading', { level: 1, name: orgName }).count()).toBe(1);
        expect(await page.getByText('Belfort').count()).toBeGreaterThan(0);
        await expectAccessible(page, `organization page (${mode})`);

        await page.locator('summary', { hasText: 'Camille Essai' }).click();
        await page.getByRole('button', { name: 'Se déconnecter' }).click();
        await page.waitForURL(`${server.baseUrl}/`);
        expect(await page.getByText('Vous êtes déconnecté').count()).toBe(1);

        await page.getByRole('link', { name: 'Se connecter' }).first().click();
        await page.waitForURL('**/connexion');
        await expectAccessible(page, `sign-in (${mode})`);
        await page.getByLabel('Adresse e-mail').fill(email);
        await page.getByLabel('Mot de passe').fill(password);
        await page.getByRole('button', { name: 'Se connecter' }).click();
        await page.waitForURL('**/tableau-de-bord');
        // The header lists the person's organizations.
        await page.locator('summary', { hasText: 'Camille Essai' }).click();
        expect(await page.getByRole('link', { name: orgName }).count()).toBeGreaterThan(0);
      } finally {
        await context.close();
      }
    }, 120_000);
  }

  it('the skip link is the first focusable element, its focus is visible, and it leads to the content', async () => {
    const context = await newContext(chromium, server.baseUrl, { javaScript: true });
    const page = await context.newPage();
    try {
      await page.goto('/');
      await page.keyboard.press('Tab');
      const focused = page.locator(':focus');
      expect(await focused.getAttribute('class')).toContain('skip-link');
      expect(await focused.textContent()).toBe('Aller au contenu');
      const box = await focused.boundingBox();
      expect(box && box.x >= 0 && box.y >= 0 && box.width > 0).toBe(true);
      const outline = await focused.evaluate((el) => {
        // Runs in the page; this project compiles without DOM types.
        const style = (
          globalThis as unknown as {
            getComputedStyle(e: unknown): { outlineStyle: string; outlineWidth: string; boxShadow: string };
          }
        ).getComputedStyle(el);
        return {
          style: style.outlineStyle,
          width: Number.parseFloat(style.outlineWidth),
          shadow: style.boxShadow,
        };
      });
      expect(outline.style !== 'none' && outline.width > 0 ? true : outline.shadow !== 'none').toBe(true);

      await page.keyboard.press('Enter');
      const active = await page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document
            .activeElement?.id,
      );
      expect(active).toBe('contenu');
    } finally {
      await context.close();
    }
  });
});
