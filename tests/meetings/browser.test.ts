/**
 * The meeting pages in Chromium, with JavaScript and without: a participant asks for a meeting, the
 * facilitator sets slots and tables, plans everything (htmx swaps the planning block in place; without
 * JavaScript the form posts and redirects), a conflicting hand move is refused, the participant reads the
 * agenda. axe-core finds no serious or critical violation on any of these pages, filled with data.
 */
import type { Browser as Chromium, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sessions } from '../../db/schema';
import { hashToken, newToken, SESSION_COOKIE } from '../../server/accounts/session';
import {
  describeBrowser,
  type E2eServer,
  expectAccessible,
  launchChromium,
  newContext,
  startServer,
} from '../support/e2e';
import { makeMatchmakingSession, makeOrganization, makePerson } from '../support/factories';

let server: E2eServer;
let chromium: Chromium;

async function pageAs(personId: number, javaScript: boolean): Promise<Page> {
  const context = await newContext(chromium, server.baseUrl, { javaScript });
  const token = newToken();
  await server.db
    .insert(sessions)
    .values({ tokenHash: hashToken(token), personId, expiresAt: new Date(Date.now() + 3_600_000) });
  await context.addCookies([{ name: SESSION_COOKIE, value: token, url: server.baseUrl }]);
  return context.newPage();
}

describeBrowser('meeting pages in Chromium', () => {
  beforeAll(async () => {
    server = await startServer({ rateLimit: { max: 100_000, windowMs: 60_000 } });
    chromium = await launchChromium();
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  for (const javaScript of [true, false]) {
    const mode = javaScript ? 'with JavaScript' : 'without JavaScript';
    it(`requests, set-up, planning and agenda ${mode}`, async () => {
      const db = server.db;
      const facilitator = await makePerson(db, { territories: ['90'] });
      const owner = await makePerson(db);
      const a = await makeOrganization(db, { owner, name: `Atelier ${mode}` });
      const b = await makeOrganization(db, { name: `Bois ${mode}` });
      const c = await makeOrganization(db, { name: `Cyclerie ${mode}` });
      const session = await makeMatchmakingSession(db, { organizations: [a.id, b.id, c.id] });
      const base = `/animation/rencontres/${session.id}/rendez-vous`;

      const participant = await pageAs(owner.id, javaScript);
      await participant.goto(`/rencontres/${session.id}/rendez-vous`);
      await participant.getByLabel('Structure à rencontrer').selectOption(String(b.id));
      await participant.getByLabel('Motif').fill('Partager un comptable');
      await participant.getByRole('button', { name: 'Demander le rendez-vous' }).click();
      await participant.getByText('Votre demande de rendez-vous est enregistrée').waitFor();
      await expectAccessible(participant, `participant requests (${mode})`);

      const page = await pageAs(facilitator.id, javaScript);
      await page.goto(`${base}/creneaux`);
      await page.getByLabel('Heure du premier créneau').fill('9:00');
      await page.getByLabel('Durée d’un rendez-vous, en minutes').fill('20');
      await page.getByLabel('Nombre de créneaux').fill('2');
      await page.getByRole('button', { name: 'Enregistrer les créneaux' }).click();
      await page.getByText('Les créneaux sont enregistrés.').waitFor();
      await page.getByLabel('Nombre de tables').fill('1');
      await page.getByRole('button', { name: 'Enregistrer les tables' }).click();
      await page.getByText('Les tables sont enregistrées.').waitFor();
      await expectAccessible(page, `slots and tables (${mode})`);

      await page.goto(base);
      await page.getByLabel('Première structure').selectOption(String(a.id));
      await page.getByLabel('Seconde structure').selectOption(String(c.id));
      await page.getByRole('button', { name: 'Ajouter le rendez-vous' }).click();
      await page.getByText('Le rendez-vous est ajouté.').waitFor();
      await expectAccessible(page, `facilitator requests (${mode})`);

      await page.goto(`${base}/planning`);
      await page.getByRole('button', { name: 'Tout planifier' }).click();
      await page.getByText('Planning calculé : 2 rendez-vous placés.').waitFor();
      expect(page.url()).toBe(`${server.baseUrl}${base}/planning`);
      // With JavaScript htmx swapped the planning block in place (its message is inside the block); without,
      // the form posted and the redirect's flash sits above it.
      expect(await page.locator('#planning .notice-success', { hasText: 'Planning calculé' }).count()).toBe(
        javaScript ? 1 : 0,
      );
      expect(await page.locator('#grille td.meetings-cell-taken').count()).toBe(2);
      await expectAccessible(page, `planning (${mode})`);

      // Both of Atelier's meetings are at the one table: moving one onto the other's slot is a conflict.
      await page
        .getByLabel('Rendez-vous', { exact: true })
        .selectOption({ label: `Atelier ${mode} / Bois ${mode}` });
      const slots = page.getByLabel('Créneau');
      const current = await page
        .locator('#places tbody tr', { hasText: `Bois ${mode}` })
        .locator('td')
        .first()
        .textContent();
      const other = current?.startsWith('9 h –') ? '9 h 20 – 9 h 40' : '9 h – 9 h 20';
      await slots.selectOption({ label: other });
      await page.getByLabel('Table').selectOption({ label: 'Table 1' });
      await page.getByRole('button', { name: 'Déplacer' }).click();
      await page.getByText('Ce déplacement crée un conflit, il n’est pas enregistré').waitFor();
      await expectAccessible(page, `planning with a refused move (${mode})`);

      await participant.goto(`/rencontres/${session.id}/agenda`);
      expect(await participant.locator('#agenda tbody tr.meetings-agenda-meeting').count()).toBe(2);
      await expectAccessible(participant, `agenda (${mode})`);

      await page.goto(`${base}/agendas`);
      await expectAccessible(page, `all agendas (${mode})`);
      await participant.context().close();
      await page.context().close();
    }, 180_000);
  }
});
