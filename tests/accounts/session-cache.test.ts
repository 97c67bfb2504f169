/**
 * The signed-in person is kept in the read cache on PGlite (accounts/session.ts): what changes their
 * rights or ends their session shows on the very next request, on both drivers.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberships, sessions } from '../../db/schema';
import { createTestApp, type TestApp } from '../support/app';
import { signedIn } from '../support/browser';
import { makeOrganization, makePerson } from '../support/factories';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const dashboard = (browser: { get(url: string): Promise<{ statusCode: number; body: string }> }) =>
  browser.get('/tableau-de-bord');

describe('the session read with every request', () => {
  it('ends at once when the person signs out: the old cookie opens nothing', async () => {
    const person = await makePerson(t.db);
    const browser = await signedIn(t.app, person.email);
    const cookies = { ...browser.cookies };
    expect((await dashboard(browser)).statusCode).toBe(200);
    expect((await browser.post('/deconnexion')).statusCode).toBe(303);
    const replayed = await t.app.inject({ method: 'GET', url: '/tableau-de-bord', cookies });
    expect(replayed.statusCode).toBe(303);
    expect(replayed.headers.location).toMatch(/^\/connexion/);
  });

  it('shows a membership removed by someone else on the next request', async () => {
    const person = await makePerson(t.db);
    const org = await makeOrganization(t.db, { owner: person, name: 'Atelier des Possibles' });
    const browser = await signedIn(t.app, person.email);
    expect((await dashboard(browser)).body).toContain('Atelier des Possibles');
    await t.db.delete(memberships).where(eq(memberships.organizationId, org.id));
    expect((await dashboard(browser)).body).not.toContain('Atelier des Possibles');
    expect((await browser.get(`/organisations/${org.id}/modifier`)).statusCode).toBe(403);
  });

  it('ends when it expires, even while nothing else changes', async () => {
    const person = await makePerson(t.db);
    const browser = await signedIn(t.app, person.email);
    expect((await dashboard(browser)).statusCode).toBe(200);
    // Expiring in a second: the kept session lives no longer than that.
    await t.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() + 1_000) })
      .where(eq(sessions.personId, person.id));
    expect((await dashboard(browser)).statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await dashboard(browser)).statusCode).toBe(303);
  });
});
