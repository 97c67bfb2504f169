/**
 * Events in Chromium at phone width (375 px), with JavaScript and without: the facilitator opens a session
 * to registration, a structure registers from the public page, sees the participants, and after the
 * session answers the follow-up and the satisfaction forms. axe-core finds no serious or critical
 * violation, and no page scrolls sideways.
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
import { makeMatchmakingSession, makeNeed, makeOrganization, makePerson } from '../support/factories';

let server: E2eServer;
let chromium: Chromium;

async function pageAs(personId: number | null, javaScript: boolean): Promise<Page> {
  const context = await newContext(chromium, server.baseUrl, { javaScript });
  if (personId !== null) {
    const token = newToken();
    await server.db
      .insert(sessions)
      .values({ tokenHash: hashToken(token), personId, expiresAt: new Date(Date.now() + 3_600_000) });
    await context.addCookies([{ name: SESSION_COOKIE, value: token, url: server.baseUrl }]);
  }
  const page = await context.newPage();
  await page.setViewportSize({ width: 375, height: 800 });
  return page;
}

async function fitsPhone(page: Page, label: string) {
  const { scroll, width } = await page.evaluate(() => {
    // biome-ignore lint/suspicious/noExplicitAny: the DOM's globals exist in the page, not in this file's types
    const w = globalThis as any;
    return { scroll: w.document.documentElement.scrollWidth as number, width: w.innerWidth as number };
  });
  expect(scroll, `${label}: the page scrolls sideways`).toBeLessThanOrEqual(width);
  await expectAccessible(page, label);
}

describeBrowser('events in Chromium', () => {
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
    it(`opening, registering, participants, follow-up and satisfaction ${mode}`, async () => {
      const db = server.db;
      const facilitator = await makePerson(db, { territories: ['90'] });
      const owner = await makePerson(db);
      const mine = await makeOrganization(db, { owner, name: `Atelier ${mode}` });
      const other = await makeOrganization(db, { name: `Bois ${mode}` });
      const need = await makeNeed(db, { org: mine });
      const session = await makeMatchmakingSession(db, { organizations: [other], title: `Club RH ${mode}` });

      const animation = await pageAs(facilitator.id, javaScript);
      await animation.goto(`/animation/rencontres/${session.id}/inscriptions`);
      await animation.getByLabel('Inscriptions ouvertes (page publique)').check();
      await animation.getByLabel('Programme').fill('Tour de table puis rendez-vous.');
      await animation.getByLabel('Nombre de places').fill('10');
      await animation.getByLabel('Accepter automatiquement les structures validées du territoire').check();
      await animation.getByRole('button', { name: 'Enregistrer' }).click();
      await animation.getByText('Les inscriptions sont ouvertes').waitFor();
      await fitsPhone(animation, `facilitator registrations (${mode})`);

      const visitor = await pageAs(null, javaScript);
      await visitor.goto(`/evenements/${session.id}`);
      await visitor.getByText('Tour de table puis rendez-vous.').waitFor();
      await fitsPhone(visitor, `public page (${mode})`);

      const member = await pageAs(owner.id, javaScript);
      await member.goto(`/evenements/${session.id}`);
      await member.getByLabel(`Atelier ${mode} : ${need.title}`).check();
      await member.getByLabel('Ce que vous cherchez').fill('Un partenaire pour la paie');
      await member.getByRole('button', { name: 'Inscrire ma structure' }).click();
      await member.getByText('Votre inscription est acceptée').waitFor();
      await fitsPhone(member, `registered (${mode})`);

      await member.goto(`/rencontres/${session.id}/participants`);
      await member.getByText(`Bois ${mode}`).first().waitFor();
      await fitsPhone(member, `participants (${mode})`);

      // The session is over: the follow-up and satisfaction forms open.
      const past = await makeMatchmakingSession(db, {
        organizations: [mine],
        title: `Passée ${mode}`,
        startsAt: new Date('2026-01-15T08:00:00Z'),
        endsAt: new Date('2026-01-15T11:00:00Z'),
      });
      await member.goto(`/rencontres/${past.id}/suivi`);
      await member.getByLabel('Un groupement d’employeurs est à créer').check();
      await member.getByRole('button', { name: 'Envoyer' }).click();
      await member.getByText('les suites de vos rendez-vous sont enregistrées').waitFor();
      await fitsPhone(member, `follow-up (${mode})`);

      await member.goto(`/rencontres/${past.id}/satisfaction`);
      await member.getByRole('button', { name: 'Envoyer mon avis' }).click();
      await member.getByText('Utilité des rendez-vous : choisissez une note de 1 à 5.').first().waitFor();
      await fitsPhone(member, `satisfaction errors (${mode})`);
      await member.locator('#usefulness-5').check();
      await member.locator('#organisation-4').check();
      await member.locator('#wouldReturn-oui').check();
      await member.getByRole('button', { name: 'Envoyer mon avis' }).click();
      await member.getByText('Merci pour votre avis').waitFor();
    });
  }
});
