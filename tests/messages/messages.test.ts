/**
 * Message threads between the structures of a composition: posting on the page (with and without htmx),
 * bad input, the mails to the other structures through the relay (no sender address, a signed Reply-To),
 * notifications, who may read and write (outsiders, visitors and admins get nothing; a withdrawn
 * proposal's thread is read-only), and replies coming back by mail (tampered addresses refused).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compositionMessages, compositions, mailOutbox, memberships, notifications } from '../../db/schema';
import { elide } from '../../server/common/french';
import { receiveRelayedMail } from '../../server/messages/inbound';
import { relayAddress, tokensIn, verifyRelayToken } from '../../server/messages/relay';
import { createTestApp, type TestApp } from '../support/app';
import { Browser, signedIn } from '../support/browser';
import {
  makeMember,
  makeNeed,
  makeOrganization,
  makePerson,
  makeProposal,
  WEEK_A,
  WEEK_B,
} from '../support/factories';
import { expectFragmentOfPage } from '../support/fragments';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 10_000, windowMs: 60_000 } });
});
afterAll(async () => {
  await t?.close();
});

const DOMAIN = 'mosaique.test';
let counter = 0;
/** A proposal between A and B (B has an editor too), and a browser signed in as A's owner. */
async function thread() {
  counter++;
  const a = await makeMember(t.db, { name: `Atelier Fil ${counter}` });
  const b = await makeMember(t.db, { name: `Régie Fil ${counter}` });
  const bEditor = await makePerson(t.db, { phone: '07 00 11 22 33' });
  await t.db.insert(memberships).values({ personId: bEditor.id, organizationId: b.org.id, role: 'editor' });
  const na = await makeNeed(t.db, { org: a.org, hours: 21, slots: WEEK_A });
  const nb = await makeNeed(t.db, { org: b.org, hours: 14, slots: WEEK_B });
  const c = await makeProposal(t.db, [
    { need: na, slots: WEEK_A },
    { need: nb, slots: WEEK_B },
  ]);
  const url = `/compositions/${c.id}/messages`;
  return { a, b, bEditor, c, url, browser: await signedIn(t.app, a.owner.email) };
}

const messagesOf = (compositionId: number) =>
  t.db.select().from(compositionMessages).where(eq(compositionMessages.compositionId, compositionId));
const messageMails = (to: string) =>
  t.db
    .select()
    .from(mailOutbox)
    .where(and(eq(mailOutbox.kind, 'message'), eq(mailOutbox.to, to)));

describe('posting in the thread', () => {
  it('a member writes; the page shows it with the organization and the name, never an email or a phone', async () => {
    const { a, c, url, browser } = await thread();
    const page = await browser.get(`/compositions/${c.id}`);
    expect(page.body).toContain(`href="${url}"`);
    expect((await browser.get(url)).body).toContain('Aucun message pour l’instant');
    const sent = await browser.post(url, { body: 'Bonjour,\nle mardi matin vous convient-il ?' });
    expect(sent.statusCode).toBe(303);
    const [m] = await messagesOf(c.id);
    expect(m).toMatchObject({ organizationId: a.org.id, personId: a.owner.id, source: 'web' });
    expect(sent.headers.location).toBe(`${url}#message-${m.id}`);
    const shown = await browser.get(url);
    expect(shown.body).toContain(`id="message-${m.id}"`);
    expect(shown.body).toContain(a.owner.displayName);
    expect(shown.body).toContain(a.org.name);
    expect(shown.body).toContain('le mardi matin vous convient-il ?');
    expect(shown.body).not.toContain(a.owner.email);
    expect(shown.body).not.toContain('06 12 34 56 78');
  });

  it('mails the members of the other structures only, through the relay, and notifies them', async () => {
    const { a, b, bEditor, c, url, browser } = await thread();
    await browser.post(url, { body: 'Pouvons-nous en parler jeudi ?' });
    expect(await messageMails(a.owner.email)).toEqual([]);
    for (const person of [b.owner, bEditor]) {
      const [mail] = await messageMails(person.email);
      expect(mail.subject).toBe(`Message ${elide('de', a.org.name)} : ${c.roleLabel}`);
      expect(mail.text).toContain('Pouvons-nous en parler jeudi ?');
      expect(mail.text).toContain(`${a.owner.displayName} (${a.org.name})`);
      expect(mail.text).not.toContain(a.owner.email);
      // Reply-To: the recipient's own signed relay address for this composition.
      expect(mail.replyTo).toBe(
        relayAddress(t.config.sessionSecret, DOMAIN, { compositionId: c.id, personId: person.id }),
      );
      const [token] = tokensIn(mail.replyTo ?? '', DOMAIN);
      expect(verifyRelayToken(t.config.sessionSecret, token)).toEqual({
        compositionId: c.id,
        personId: person.id,
      });
      const [n] = await t.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.personId, person.id), eq(notifications.kind, 'message')));
      expect(n.link).toMatch(new RegExp(`^${url}#message-\\d+$`));
    }
    // As sent: From is the platform's address, Reply-To the relay; the author's address appears nowhere.
    await t.app.mailer.drain(1000);
    const dir = path.join(t.config.dataDir, 'mail');
    const files = readdirSync(dir).map((f) => readFileSync(path.join(dir, f), 'utf8'));
    const sentToB = files.filter((f) => f.includes(`To: ${b.owner.email}`) && f.includes('Pouvons-nous'));
    expect(sentToB).toHaveLength(1);
    expect(sentToB[0]).toMatch(/^From: .*test@mosaique\.invalid/m);
    expect(sentToB[0]).toMatch(
      new RegExp(`^Reply-To: relais\\+${c.id}-${b.owner.id}-[0-9a-f]{24}@${DOMAIN}`, 'm'),
    );
    expect(sentToB[0]).not.toContain(a.owner.email);
  });

  it('with htmx, answers the thread alone, the new message in it and the form empty', async () => {
    const { url, browser } = await thread();
    await browser.get(url);
    const response = await browser.post(url, { body: 'Message envoyé avec htmx' }, { 'hx-request': 'true' });
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain('<html');
    expect(response.body).toMatch(/^\s*<section id="thread"/);
    expect(response.body).toContain('Message envoyé avec htmx');
    expect(response.body).toMatch(/<textarea id="body"[^>]*><\/textarea>/);
  });

  it('the htmx fragment is the very thread the page includes', async () => {
    const { url, browser } = await thread();
    await browser.post(url, { body: 'Un message à comparer' });
    const { fragment } = await expectFragmentOfPage(browser, url, { target: 'thread', swap: 'outerHTML' });
    expect(fragment).toContain('Un message à comparer');
  });

  it('refuses an empty or too long message with a French message beside the field, input kept (422)', async () => {
    const { c, url, browser } = await thread();
    const empty = await browser.post(url, { body: '   ' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Message : champ obligatoire.');
    const long = `${'x'.repeat(4090)} la fin ${'y'.repeat(10)}`;
    const tooLong = await browser.post(url, { body: long });
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.body).toContain('Message : 4000 caractères au plus.');
    expect(tooLong.body).toContain(long);
    expect(await messagesOf(c.id)).toEqual([]);
  });

  it('asks a member of two of the structures which one they write for', async () => {
    const { a, b, c, url } = await thread();
    const both = await makePerson(t.db);
    await t.db.insert(memberships).values([
      { personId: both.id, organizationId: a.org.id, role: 'editor' },
      { personId: both.id, organizationId: b.org.id, role: 'editor' },
    ]);
    const browser = await signedIn(t.app, both.email);
    expect((await browser.get(url)).body).toContain('<label for="organizationId">Au nom de');
    const unsaid = await browser.post(url, { body: 'Pour qui ?' });
    expect(unsaid.statusCode).toBe(422);
    expect(unsaid.body).toContain(
      'Structure : choisissez au nom de laquelle de vos structures vous écrivez.',
    );
    expect(unsaid.body).toContain('Pour qui ?');
    const foreign = await browser.post(url, { body: 'Pour qui ?', organizationId: '999999' });
    expect(foreign.statusCode).toBe(422);
    const said = await browser.post(url, { body: 'Pour la régie.', organizationId: String(b.org.id) });
    expect(said.statusCode).toBe(303);
    const [m] = await messagesOf(c.id);
    expect(m.organizationId).toBe(b.org.id);
    expect(await messageMails(a.owner.email)).toHaveLength(1);
    expect(await messageMails(both.email)).toEqual([]);
  });
});

describe('who may read and write a thread', () => {
  it('a member of an unrelated structure, an admin and a visitor get nothing, and nothing is saved', async () => {
    const { c, url } = await thread();
    const outsider = await makePerson(t.db);
    await makeOrganization(t.db, { owner: outsider });
    const admin = await makePerson(t.db, { admin: true });
    for (const person of [outsider, admin]) {
      const browser = await signedIn(t.app, person.email);
      expect((await browser.get(url)).statusCode).toBe(404);
      expect((await browser.post(url, { body: 'Intrus' })).statusCode).toBe(404);
    }
    const visitor = new Browser(t.app);
    const page = await visitor.get(url);
    expect([401, 303]).toContain(page.statusCode);
    expect([401, 303]).toContain((await visitor.post(url, { body: 'Intrus' })).statusCode);
    expect((await new Browser(t.app).get('/compositions/abc/messages')).statusCode).not.toBe(500);
    expect(await messagesOf(c.id)).toEqual([]);
  });

  it('a withdrawn proposal’s thread stays readable but takes no new message (403)', async () => {
    const { c, url, browser } = await thread();
    await browser.post(url, { body: 'Avant le retrait' });
    await t.db.update(compositions).set({ status: 'withdrawn' }).where(eq(compositions.id, c.id));
    const page = await browser.get(url);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Avant le retrait');
    expect(page.body).toContain('la discussion reste lisible');
    expect(page.body).not.toContain('Envoyer le message');
    expect((await browser.post(url, { body: 'Après le retrait' })).statusCode).toBe(403);
    expect(await messagesOf(c.id)).toHaveLength(1);
  });
});

/** A reply as a mail client writes it: the new text, then the quoted message. */
const reply = (to: string, text: string, extraHeaders: string[] = []) =>
  Buffer.from(
    [
      'From: Responsable <responsable@exemple.fr>',
      `To: Mosaïque <${to}>`,
      'Subject: Re: Message',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      ...extraHeaders,
      '',
      text,
      '',
      'Le lun. 23 nov. 2026 à 10:02, Mosaïque <ne-pas-repondre@mosaique.invalid> a écrit :',
      '> Bonjour,',
      '> Pouvons-nous en parler jeudi ?',
      '',
    ].join('\r\n'),
    'utf8',
  );

describe('replies by mail', () => {
  const options = () => ({ secret: t.config.sessionSecret, domain: DOMAIN, publicUrl: t.config.publicUrl });

  it('post the new text into the thread as the recipient, and mail the other structures in turn', async () => {
    const { a, b, c, url, browser } = await thread();
    await browser.post(url, { body: 'Pouvons-nous en parler jeudi ?' });
    const [toB] = await messageMails(b.owner.email);
    const result = await receiveRelayedMail(
      t.db,
      reply(toB.replyTo ?? '', 'Jeudi à 14 h, très bien.'),
      options(),
    );
    expect(result).toMatchObject({ status: 'posted', compositionId: c.id, personId: b.owner.id });
    const thread2 = await messagesOf(c.id);
    expect(thread2.at(-1)).toMatchObject({
      personId: b.owner.id,
      organizationId: b.org.id,
      source: 'mail',
      body: 'Jeudi à 14 h, très bien.',
    });
    const [back] = await messageMails(a.owner.email);
    expect(back.text).toContain('Jeudi à 14 h, très bien.');
    expect(back.text).not.toContain(b.owner.email);
    expect(back.replyTo).toContain(`relais+${c.id}-${a.owner.id}-`);
    expect((await browser.get(url)).body).toContain('réponse par e-mail');
  });

  it('refuse a tampered address, a former member, a missing address, an empty reply; ignore auto-replies', async () => {
    const { b, c, url, browser } = await thread();
    await browser.post(url, { body: 'Question' });
    const [toB] = await messageMails(b.owner.email);
    const address = toB.replyTo ?? '';
    const other = await makePerson(t.db);
    const tampered = address.replace(`-${b.owner.id}-`, `-${other.id}-`);
    expect(
      await receiveRelayedMail(t.db, reply(tampered, 'Je me fais passer pour un autre.'), options()),
    ).toEqual({
      status: 'rejected',
      reason: 'relay address with a bad signature',
    });
    const otherThread = address.replace(`relais+${c.id}-`, `relais+${c.id + 1}-`);
    expect((await receiveRelayedMail(t.db, reply(otherThread, 'Ailleurs'), options())).status).toBe(
      'rejected',
    );
    expect(
      (await receiveRelayedMail(t.db, reply('quelquun@exemple.fr', 'Sans relais'), options())).status,
    ).toBe('rejected');
    expect((await receiveRelayedMail(t.db, reply(address, ''), options())).status).toBe('rejected');
    expect(
      await receiveRelayedMail(
        t.db,
        reply(address, 'Absent jusqu’au 30', ['Auto-Submitted: auto-replied']),
        options(),
      ),
    ).toMatchObject({ status: 'ignored' });
    await t.db
      .delete(memberships)
      .where(and(eq(memberships.personId, b.owner.id), eq(memberships.organizationId, b.org.id)));
    expect(await receiveRelayedMail(t.db, reply(address, 'Je suis parti'), options())).toMatchObject({
      status: 'rejected',
      reason: 'the sender is no longer a member of a structure of this composition',
    });
    expect((await messagesOf(c.id)).map((m) => m.body)).toEqual(['Question']);
  });
});
