/**
 * The session's list of structures to invite: the real count of published needs of each (drafts do not
 * count), and several structures invited with one form (checkboxes, no JavaScript), each invitation
 * idempotent.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchmakingSessionOrganizations } from '../../db/schema';
import { signedIn } from '../facilitation/helpers';
import { createTestApp, type TestApp } from '../support/app';
import { makeNeed, makeOrganization, makePerson } from '../support/factories';

let t: TestApp;
let facilitator: { id: number; email: string };
let session: number;
let busy: { id: number; name: string };
let quiet: { id: number; name: string };
let third: { id: number; name: string };
let marseille: { id: number; name: string };

beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 100_000, windowMs: 60_000 } });
  facilitator = await makePerson(t.db, { territories: ['90'] });
  busy = await makeOrganization(t.db, { name: 'Atelier Deux Besoins' });
  quiet = await makeOrganization(t.db, { name: 'Brasserie Sans Besoin' });
  third = await makeOrganization(t.db, { name: 'Cycles Troisième' });
  marseille = await makeOrganization(t.db, { name: 'Dock Marseille', town: 'marseille' });
  await makeNeed(t.db, { org: busy });
  await makeNeed(t.db, { org: busy });
  await makeNeed(t.db, { org: busy, status: 'draft' });
  const browser = await signedIn(t.app, facilitator.email);
  await browser.get('/animation/rencontres/nouvelle');
  const created = await browser.post('/animation/rencontres', {
    kind: 'rencontre_affaires',
    title: 'Rencontre des employeurs',
    date: '2030-12-03',
    startTime: '09:30',
    endTime: '12:00',
    place: 'Maison des associations',
    commune: 'Belfort',
    departements: ['90'],
    description: '',
  });
  session = Number(/\/animation\/rencontres\/(\d+)/.exec(created.headers.location as string)?.[1]);
});
afterAll(async () => {
  await t?.close();
});

const invited = async () =>
  (
    await t.db
      .select({ id: matchmakingSessionOrganizations.organizationId })
      .from(matchmakingSessionOrganizations)
      .where(eq(matchmakingSessionOrganizations.sessionId, session))
  )
    .map((r) => r.id)
    .sort((a, b) => a - b);

const rowOf = (body: string, name: string) =>
  new RegExp(`<tr>\\s*<td[^>]*>.*?</td>\\s*<th scope="row">(?:<label[^>]*>)?${name}.*?</tr>`, 's').exec(
    body,
  )?.[0] ?? '';

describe('inviting structures to a session', () => {
  it('shows the published needs of each structure, drafts aside', async () => {
    const browser = await signedIn(t.app, facilitator.email);
    const page = await browser.get(`/animation/rencontres/${session}`);
    expect(page.statusCode).toBe(200);
    expect(rowOf(page.body, busy.name)).toMatch(/<td class="number">2<\/td>/);
    expect(rowOf(page.body, quiet.name)).toMatch(/<td class="number">0<\/td>/);
  });

  it('invites several structures with one form, once each', async () => {
    const browser = await signedIn(t.app, facilitator.email);
    const page = await browser.get(`/animation/rencontres/${session}`);
    expect(page.body).toContain(`<input type="checkbox" name="id" value="${busy.id}"`);
    const response = await browser.post(`/animation/rencontres/${session}/structures`, {
      id: [String(busy.id), String(quiet.id)],
    });
    expect(response.statusCode).toBe(303);
    const after = await browser.get(response.headers.location as string);
    expect(after.body).toContain(
      '2 structures invitées : « Atelier Deux Besoins », « Brasserie Sans Besoin »',
    );
    expect(await invited()).toEqual([busy.id, quiet.id].sort((a, b) => a - b));

    // The same form again, with one more: the first two are not invited twice.
    const again = await browser.post(`/animation/rencontres/${session}/structures`, {
      id: [String(busy.id), String(quiet.id), String(third.id)],
    });
    const shown = await browser.get(again.headers.location as string);
    expect(shown.body).toContain('1 structure invitée : « Cycles Troisième »');
    expect(shown.body).toContain('2 structures étaient déjà invitées.');
    expect(await invited()).toEqual([busy.id, quiet.id, third.id].sort((a, b) => a - b));
    const rows = await t.db
      .select()
      .from(matchmakingSessionOrganizations)
      .where(
        and(
          eq(matchmakingSessionOrganizations.sessionId, session),
          eq(matchmakingSessionOrganizations.organizationId, busy.id),
        ),
      );
    expect(rows).toHaveLength(1);
  });

  it('refuses a structure outside the territory without inviting any of the batch', async () => {
    const browser = await signedIn(t.app, facilitator.email);
    await browser.get(`/animation/rencontres/${session}`);
    const before = await invited();
    const response = await browser.post(`/animation/rencontres/${session}/structures`, {
      id: [String(marseille.id)],
    });
    expect(response.statusCode).toBe(303);
    expect((await browser.get(response.headers.location as string)).body).toContain(
      'ne peut pas être invitée',
    );
    expect(await invited()).toEqual(before);
    const none = await browser.post(`/animation/rencontres/${session}/structures`, {});
    expect(none.statusCode).toBe(303);
    expect((await browser.get(none.headers.location as string)).body).toContain(
      'Cochez au moins une structure',
    );
  });
});
