/**
 * Issue 7 in Chromium, with JavaScript and without: the demo facilitator (animation@demo.invalid) reads
 * the indicators, imports a sample diagnosis (tests/imports/fixtures/diagnostic-belfort.xlsx: three valid
 * rows of six, imported as "valid rows only"), follows a large diagnosis through its progress page to
 * the preview, opens a session, invites two structures, runs the matcher on its scope, marks it held,
 * records a "GE à créer" outcome, and sees the indicators move. axe-core must find no serious or critical
 * violation on any page visited.
 */
import type { Browser as Chromium, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD, loadDemo } from '../../scripts/demo';
import { FIXTURES } from '../imports/support';
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

const PLACES = ['90000;Belfort', '90100;Delle', '25200;Montbéliard', '25000;Besançon'];

/** A diagnosis of 2,000 valid rows: past the size the server analyses inline, so it shows progress. */
function largeCsv(): Buffer {
  const lines = ['Nom de la structure;Code postal;Commune;Poste recherché;Heures / semaine;Jours souhaités'];
  for (let i = 0; i < 2000; i++)
    lines.push(`Structure e2e ${i % 100};${PLACES[i % 4]};M1203;14 h;lundi, mardi`);
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`);
}

async function figure(page: Page, key: string): Promise<number> {
  const text = await page.locator(`#indicateur-${key} .figure`).textContent();
  return Number((text ?? '').replace(/\D/g, ''));
}

async function flash(page: Page): Promise<string> {
  return (await page.locator('#contenu .notice').first().textContent()) ?? '';
}

describeBrowser('facilitation in a real browser (issue 7)', () => {
  beforeAll(async () => {
    server = await startServer({ rateLimit: { max: 100_000, windowMs: 60_000 } });
    await loadDemo(server.db, { publicUrl: server.config.publicUrl });
    // Build the commune index now, not while the browser waits for the import's analysis.
    await server.app.inject({ method: 'GET', url: '/communes?q=Belfort' });
    chromium = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  for (const javaScript of [true, false]) {
    const mode = javaScript ? 'with JavaScript' : 'without JavaScript';
    it(`imports a diagnosis, runs a session and sees the indicators move (${mode})`, async () => {
      const context = await newContext(chromium, server.baseUrl, { javaScript });
      const page = await context.newPage();
      try {
        await page.goto('/connexion');
        await page.getByLabel('Adresse e-mail').fill('animation@demo.invalid');
        await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
        await page.getByRole('button', { name: 'Se connecter' }).click();
        await page.waitForURL('**/tableau-de-bord');

        await page.goto('/animation/indicateurs');
        await expectAccessible(page, `indicators (${mode})`);
        const heldBefore = await figure(page, 'sessionsHeld');
        const geBefore = await figure(page, 'geToCreate');

        // The sample diagnosis: a preview with row errors, then the valid rows only.
        await page.goto('/animation/import');
        await expectAccessible(page, `import form (${mode})`);
        await page.getByLabel('Fichier du diagnostic').setInputFiles(`${FIXTURES}/diagnostic-belfort.xlsx`);
        await page.getByRole('button', { name: 'Analyser le fichier' }).click();
        await page.getByRole('heading', { name: 'Aperçu de l’import' }).waitFor();
        expect(await page.locator('#import-summary').textContent()).toMatch(/6\s*lignes lues/);
        await expectAccessible(page, `import preview (${mode})`);
        await page.getByRole('button', { name: /Importer seulement les lignes valides/ }).click();
        await page.getByText('Import terminé').waitFor();
        await expectAccessible(page, `import done (${mode})`);
        await page.goto('/animation/besoins');
        expect(await page.getByText('Brouillon', { exact: true }).count()).toBeGreaterThan(0);

        // A large diagnosis: the progress page, then the preview, by itself.
        await page.goto('/animation/import');
        await page
          .getByLabel('Fichier du diagnostic')
          .setInputFiles({ name: 'grand.csv', mimeType: 'text/csv', buffer: largeCsv() });
        await page.getByRole('button', { name: 'Analyser le fichier' }).click();
        await page.waitForLoadState();
        await expectAccessible(page, `import progress or preview (${mode})`);
        await page.getByRole('heading', { name: 'Aperçu de l’import' }).waitFor({ timeout: 60_000 });
        expect(await page.locator('#import-summary').textContent()).toMatch(/2000\s*lignes lues/);

        // A session on the territory, today from midnight: it can be marked held at once.
        await page.goto('/animation/rencontres/nouvelle');
        await expectAccessible(page, `new session (${mode})`);
        await page.getByLabel('Type de rencontre').selectOption({ label: 'Club RH' });
        await page.getByLabel('Titre').fill(`Club RH du navigateur (${mode})`);
        const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
        await page.getByLabel('Date').fill(today);
        await page.getByLabel('Heure de début').fill('00:00');
        await page.getByLabel('Heure de fin').fill('23:59');
        await page.getByLabel('Commune (nom ou code postal)').fill('Belfort');
        await page.getByRole('checkbox', { name: /Territoire de Belfort/ }).check();
        await page.getByRole('checkbox', { name: /Doubs/ }).check();
        await page.getByRole('button', { name: 'Créer la rencontre' }).click();
        await page.waitForURL(/\/animation\/rencontres\/\d+$/);
        await expectAccessible(page, `session (${mode})`);

        // Two structures ticked, one button: both invited in one go.
        const boxes = page.locator('#inviter-structures input[type="checkbox"]');
        await boxes.nth(0).check();
        await boxes.nth(1).check();
        await page.getByRole('button', { name: 'Inviter les structures cochées' }).click();
        await page.getByText(/2 structures invitées/).waitFor();
        await page.getByRole('button', { name: 'Lancer la mise en relation' }).click();
        await page
          .getByText(/Mise en relation sur|Aucun besoin publié/)
          .first()
          .waitFor();
        expect(await flash(page)).toMatch(/Mise en relation sur \d+ besoins?/);
        await expectAccessible(page, `session after matching (${mode})`);

        await page.getByRole('button', { name: 'Marquer comme tenue' }).click();
        await page.getByText('La rencontre est marquée comme tenue').waitFor();
        await page.getByLabel('Type de suite').selectOption({ label: 'Groupement d’employeurs à créer' });
        const concerned = page.getByRole('group', { name: /Structures concernées/ }).getByRole('checkbox');
        await concerned.nth(0).check();
        await concerned.nth(1).check();
        await page.getByRole('button', { name: 'Enregistrer la suite' }).click();
        await page.getByText('La suite est enregistrée.').waitFor();
        await expectAccessible(page, `session with an outcome (${mode})`);

        await page.goto('/animation/indicateurs');
        expect(await figure(page, 'sessionsHeld')).toBe(heldBefore + 1);
        expect(await figure(page, 'geToCreate')).toBe(geBefore + 1);
        await expectAccessible(page, `indicators after the session (${mode})`);
      } finally {
        await context.close();
      }
    }, 240_000);
  }
});
