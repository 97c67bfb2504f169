/**
 * In-app notifications: written with the mails of each event (a full proposal, not a partial nor a quiet
 * run; an answer; an acceptance by all; a refusal; an expression of interest; a message), listed newest
 * first with the unread ones marked in words, the unread count in the header of every page, marked read
 * one by one (with and without htmx), all at once, or by opening one; nobody reaches another's.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compositions, memberships, notifications } from '../../db/schema';
import { decide } from '../../server/compositions/decisions';
import { runMatching } from '../../server/compositions/matching-run';
import { postForm } from '../posts/helpers';
import { createTestApp, type TestApp } from '../support/app';
import { Browser, signedIn } from '../support/browser';
import {
  makeAcceptedComposition,
  makeMember,
  makeNeed,
  makeOrganization,
  makePerson,
  makeProposal,
  WEEK_A,
  WEEK_B,
} from '../support/factories';
import { expectFragmentInPage } from '../support/fragments';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 10_000, windowMs: 60_000 } });
});
afterAll(async () => {
  await t?.close();
});

const notificationsOf = (personId: number, kind?: string) =>
  t.db
    .select()
    .from(notifications)
    .where(
      kind
        ? and(eq(notifications.personId, personId), eq(notifications.kind, kind))
        : eq(notifications.personId, personId),
    );

const versionOf = async (id: number) =>
  (await t.db.select().from(compositions).where(eq(compositions.id, id)))[0].version;

describe('notifications are written with the events', () => {
  it('a full proposal notifies every member of its structures; a partial and a quiet run notify nobody', async () => {
    const a = await makeMember(t.db, { name: 'Atelier Notif A' });
    const b = await makeMember(t.db, { name: 'Régie Notif B' });
    const editor = await makePerson(t.db);
    await t.db.insert(memberships).values({ personId: editor.id, organizationId: b.org.id, role: 'editor' });
    await makeNeed(t.db, { org: a.org, hours: 21, slots: WEEK_A, role: 'K2201' });
    await makeNeed(t.db, { org: b.org, hours: 14, slots: WEEK_B, role: 'K2201' });
    await runMatching(t.db, { roleCode: 'K2201', publicUrl: 'http://mosaique.test' });
    const [c] = await t.db.select().from(compositions).where(eq(compositions.roleCode, 'K2201'));
    for (const person of [a.owner, b.owner, editor]) {
      const [n] = await notificationsOf(person.id, 'composition-proposed');
      expect(n).toMatchObject({ link: `/compositions/${c.id}`, readAt: null });
      expect(n.text).toContain('Nouvelle proposition de poste partagé');
    }

    // Two needs of 14 h: a partial group ("à compléter"), stored quietly.
    const p = await makeMember(t.db, { name: 'Atelier Partiel P' });
    const q = await makeMember(t.db, { name: 'Régie Partielle Q' });
    await makeNeed(t.db, { org: p.org, hours: 14, slots: WEEK_B, role: 'K2202' });
    await makeNeed(t.db, { org: q.org, hours: 14, slots: WEEK_A.slice(0, 4), role: 'K2202' });
    await runMatching(t.db, { roleCode: 'K2202', publicUrl: 'http://mosaique.test' });
    const partials = await t.db.select().from(compositions).where(eq(compositions.roleCode, 'K2202'));
    expect(partials.map((r) => r.kind)).toEqual(['partial']);
    expect(await notificationsOf(p.owner.id)).toEqual([]);

    // A run with notify: false (the demo's loading) writes no notification either.
    const r = await makeMember(t.db, { name: 'Atelier Discret R' });
    const s = await makeMember(t.db, { name: 'Régie Discrète S' });
    await makeNeed(t.db, { org: r.org, hours: 21, slots: WEEK_A, role: 'K2203' });
    await makeNeed(t.db, { org: s.org, hours: 14, slots: WEEK_B, role: 'K2203' });
    await runMatching(t.db, { roleCode: 'K2203', notify: false });
    expect(await t.db.select().from(compositions).where(eq(compositions.roleCode, 'K2203'))).toHaveLength(1);
    expect(await notificationsOf(r.owner.id)).toEqual([]);
  });

  it('an answer, the acceptance by all and a refusal notify the members of every structure', async () => {
    const a = await makeMember(t.db, { name: 'Atelier Réponse A' });
    const b = await makeMember(t.db, { name: 'Régie Réponse B' });
    const na = await makeNeed(t.db, { org: a.org, hours: 21, slots: WEEK_A });
    const nb = await makeNeed(t.db, { org: b.org, hours: 14, slots: WEEK_B });
    const c = await makeProposal(t.db, [
      { need: na, slots: WEEK_A },
      { need: nb, slots: WEEK_B },
    ]);
    const answer = async (org: { id: number }, personId: number, decision: 'accept' | 'decline') =>
      decide(t.db, {
        compositionId: c.id,
        organizationId: org.id,
        personId,
        decision,
        version: await versionOf(c.id),
        publicUrl: 'http://mosaique.test',
      });
    expect((await answer(a.org, a.owner.id, 'accept')).ok).toBe(true);
    expect(await notificationsOf(b.owner.id, 'composition-decision')).toHaveLength(1);
    // Nobody is told of their own action: the person who answered gets no notice of it.
    expect(await notificationsOf(a.owner.id, 'composition-decision')).toHaveLength(0);
    expect((await answer(b.org, b.owner.id, 'accept')).ok).toBe(true);
    const [accepted] = await notificationsOf(a.owner.id, 'composition-accepted');
    expect(accepted.text).toContain('Proposition acceptée par tous');
    expect(await notificationsOf(b.owner.id, 'composition-accepted')).toHaveLength(0);

    const d = await makeMember(t.db, { name: 'Atelier Refus D' });
    const e = await makeMember(t.db, { name: 'Régie Refus E' });
    const nd = await makeNeed(t.db, { org: d.org, hours: 21, slots: WEEK_A });
    const ne = await makeNeed(t.db, { org: e.org, hours: 14, slots: WEEK_B });
    const refused = await makeProposal(t.db, [
      { need: nd, slots: WEEK_A },
      { need: ne, slots: WEEK_B },
    ]);
    await decide(t.db, {
      compositionId: refused.id,
      organizationId: e.org.id,
      personId: e.owner.id,
      decision: 'decline',
      version: await versionOf(refused.id),
      publicUrl: 'http://mosaique.test',
    });
    const [declined] = await notificationsOf(d.owner.id, 'composition-declined');
    expect(declined).toMatchObject({ link: `/compositions/${refused.id}` });
  });

  it('an expression of interest notifies the structures’ members and the GE’s, with no candidate data', async () => {
    const geOwner = await makePerson(t.db);
    const ge = await makeOrganization(t.db, { owner: geOwner, kind: 'GE', name: 'GE Notif' });
    const setup = await makeAcceptedComposition(t.db, { ge: ge.id });
    const owner = await signedIn(t.app, setup.a.owner.email);
    const opened = await owner.post(`/compositions/${setup.c.id}/poste`, postForm(setup.c.version));
    const postId = Number(String(opened.headers.location).split('/').pop());
    const visitor = new Browser(t.app);
    await visitor.get(`/postes/${postId}`);
    const sent = await visitor.post(`/postes/${postId}/interet`, {
      name: 'Camille Candidate',
      email: 'camille.notif@exemple.fr',
      message: 'Bonjour',
      consent: 'on',
    });
    expect(sent.statusCode).toBe(303);
    for (const person of [setup.a.owner, setup.b.owner, geOwner]) {
      const [n] = await notificationsOf(person.id, 'post-interest');
      expect(n).toMatchObject({ link: `/compositions/${setup.c.id}/candidats` });
      expect(n.text).not.toContain('Camille');
    }
  });
});

describe('the notifications page and the header count', () => {
  async function personWithNotifications() {
    const { owner, org } = await makeMember(t.db, { name: `Structure lectrice ${Math.random()}` });
    const values = [1, 2, 3].map((i) => ({
      personId: owner.id,
      kind: 'composition-decision',
      text: `Événement numéro ${i}`,
      link: `/organisations/${org.id}`,
      createdAt: new Date(Date.UTC(2026, 10, i)),
    }));
    const rows = await t.db.insert(notifications).values(values).returning();
    return { owner, org, rows, browser: await signedIn(t.app, owner.email) };
  }

  it('lists newest first, marks unread ones in words, and shows the unread count in the header of every page', async () => {
    const { browser } = await personWithNotifications();
    const page = await browser.get('/notifications');
    expect(page.statusCode).toBe(200);
    const order = ['Événement numéro 3', 'Événement numéro 2', 'Événement numéro 1'].map((s) =>
      page.body.indexOf(s),
    );
    expect(order.every((i, k) => i > 0 && (k === 0 || i > order[k - 1]))).toBe(true);
    expect(page.body.match(/>Non lue</g)).toHaveLength(3);
    for (const url of ['/notifications', '/tableau-de-bord', '/postes', '/compositions']) {
      const body = (await browser.get(url)).body;
      expect(body, url).toMatch(
        /Notifications<span id="unread-count"> \(3<span class="visually-hidden"> non lues<\/span>\)/,
      );
    }
  });

  it('marks one read without JavaScript (303 back) and with htmx (the item and the count swapped)', async () => {
    const { browser, rows } = await personWithNotifications();
    await browser.get('/notifications');
    const plain = await browser.post(`/notifications/${rows[0].id}/lu`);
    expect(plain.statusCode).toBe(303);
    expect(plain.headers.location).toBe('/notifications');
    expect((await browser.get('/notifications')).body).toContain(
      ' (2<span class="visually-hidden"> non lues',
    );

    const before = (await browser.get('/notifications')).body;
    const htmx = await browser.post(`/notifications/${rows[1].id}/lu`, {}, { 'hx-request': 'true' });
    // The item as the page now shows it, and the header's count out of band.
    expectFragmentInPage(htmx.body, (await browser.get('/notifications')).body, {
      target: `notification-${rows[1].id}`,
      swap: 'outerHTML',
      targetedIn: before,
    });
    expect(htmx.statusCode).toBe(200);
    expect(htmx.body).toContain(`id="notification-${rows[1].id}"`);
    expect(htmx.body).not.toContain('>Non lue<');
    expect(htmx.body).toMatch(
      /<span id="unread-count" hx-swap-oob="true"> \(1<span class="visually-hidden"> non lues/,
    );
    expect(htmx.body).not.toContain('<html');
    const unread = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.personId, rows[0].personId), isNull(notifications.readAt)));
    expect(unread.map((n) => n.id)).toEqual([rows[2].id]);
  });

  it('"Tout marquer comme lu" marks them all; the header then shows no count', async () => {
    const { browser, owner } = await personWithNotifications();
    await browser.get('/notifications');
    const response = await browser.post('/notifications/tout-lu');
    expect(response.statusCode).toBe(303);
    const page = await browser.get('/notifications');
    expect(page.body).toContain('Tout est lu.');
    expect(page.body).toContain('<span id="unread-count"></span>');
    // Not vacuous: personWithNotifications gives three.
    const all = await notificationsOf(owner.id);
    expect(all).toHaveLength(3);
    expect(all.filter((n) => n.readAt === null)).toEqual([]);
  });

  it('with htmx, "Tout marquer comme lu" answers the list as the page now shows it, and the count', async () => {
    const { browser } = await personWithNotifications();
    const before = (await browser.get('/notifications')).body;
    const htmx = await browser.post('/notifications/tout-lu', {}, { 'hx-request': 'true' });
    expect(htmx.statusCode).toBe(200);
    expect(htmx.body).toContain('Tout est lu.');
    expectFragmentInPage(htmx.body, (await browser.get('/notifications')).body, {
      target: 'notification-list',
      swap: 'outerHTML',
      targetedIn: before,
    });
  });

  it('opening a notification marks it read and goes to its page', async () => {
    const { browser, rows, org } = await personWithNotifications();
    const open = await browser.get(`/notifications/${rows[2].id}`);
    expect(open.statusCode).toBe(303);
    expect(open.headers.location).toBe(`/organisations/${org.id}`);
    const [row] = await t.db.select().from(notifications).where(eq(notifications.id, rows[2].id));
    expect(row.readAt).not.toBeNull();
  });

  it('a person never reaches another’s notifications (404), and a visitor is sent to sign in', async () => {
    const { rows } = await personWithNotifications();
    const stranger = await makePerson(t.db);
    const other = await signedIn(t.app, stranger.email);
    expect((await other.get(`/notifications/${rows[0].id}`)).statusCode).toBe(404);
    expect((await other.post(`/notifications/${rows[0].id}/lu`)).statusCode).toBe(404);
    await other.post('/notifications/tout-lu');
    const list = await other.get('/notifications');
    expect(list.body).not.toContain('Événement numéro');
    const [still] = await t.db.select().from(notifications).where(eq(notifications.id, rows[0].id));
    expect(still.readAt).toBeNull();

    const visitor = new Browser(t.app);
    const page = await visitor.get('/notifications');
    expect([401, 303]).toContain(page.statusCode);
    expect(page.body).not.toContain('Événement numéro');
  });
});
