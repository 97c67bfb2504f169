/**
 * The demo's sessions: a held rencontre in the past year with its run and outcomes, an upcoming Club RH
 * with invited structures, both in the demo facilitator's territory and shown on their pages.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  matchmakingOutcomes,
  matchmakingSessionNeeds,
  matchmakingSessionOrganizations,
  matchmakingSessions,
} from '../../db/schema';
import { DEMO_PASSWORD, loadDemo } from '../../scripts/demo';
import { createTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 1000, windowMs: 60_000 } });
  await loadDemo(t.db, { publicUrl: t.config.publicUrl });
}, 60_000);
afterAll(() => t.close());

it('holds a past session with outcomes and an upcoming one, shown to the demo facilitator', async () => {
  const sessions = await t.db.select().from(matchmakingSessions);
  const held = sessions.find((s) => s.status === 'held');
  const planned = sessions.find((s) => s.status === 'planned');
  if (!held || !planned) throw new Error('the demo has no held or no planned session');
  const yearAgo = Date.now() - 365 * 86_400_000;
  expect(held.startsAt.getTime()).toBeGreaterThan(yearAgo);
  expect(held.startsAt.getTime()).toBeLessThan(Date.now());
  expect(planned.startsAt.getTime()).toBeGreaterThan(Date.now());
  expect(held.lastRun?.needCount).toBeGreaterThan(0);

  const outcomes = await t.db
    .select()
    .from(matchmakingOutcomes)
    .where(eq(matchmakingOutcomes.sessionId, held.id));
  expect(outcomes.length).toBeGreaterThanOrEqual(3);
  expect(outcomes.some((o) => o.compositionId !== null)).toBe(true);
  for (const s of [held, planned]) {
    expect(
      (
        await t.db
          .select()
          .from(matchmakingSessionOrganizations)
          .where(eq(matchmakingSessionOrganizations.sessionId, s.id))
      ).length,
    ).toBeGreaterThanOrEqual(4);
    expect(
      (await t.db.select().from(matchmakingSessionNeeds).where(eq(matchmakingSessionNeeds.sessionId, s.id)))
        .length,
    ).toBeGreaterThan(0);
  }

  const browser = new Browser(t.app);
  await browser.signIn('animation@demo.invalid', DEMO_PASSWORD);
  const list = await browser.get('/animation/rencontres');
  expect(list.body).toContain(held.title);
  expect(list.body).toContain(planned.title);
  const sheet = await browser.get(`/animation/rencontres/${held.id}/fiche`);
  expect(sheet.statusCode).toBe(200);
  expect(sheet.body).toContain('Relancer sur la mutualisation de la paie.');

  const member = new Browser(t.app);
  await member.signIn('structure@demo.invalid', DEMO_PASSWORD);
  const mine = await member.get('/rencontres');
  expect(mine.body).toContain(planned.title);
});
