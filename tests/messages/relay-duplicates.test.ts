/**
 * A reply the mail server delivers twice (it redelivers when it is unsure the first delivery
 * succeeded): the second is ignored, whether it comes later, at the same moment, or after the sender
 * left the structure; the thread has the message once, and the other structures are mailed once. Two
 * threads may each hold a mail with the same Message-ID (the key is per thread); a reply without one
 * is posted (nothing to recognise it by).
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compositionMessages, mailOutbox, memberships } from '../../db/schema';
import { receiveRelayedMail } from '../../server/messages/inbound';
import { relayAddress } from '../../server/messages/relay';
import { insertProposal, makeMember, needOf, WEEK_A, WEEK_B } from '../compositions/helpers';
import { createTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const DOMAIN = 'mosaique.test';
const options = () => ({ secret: t.config.sessionSecret, domain: DOMAIN, publicUrl: t.config.publicUrl });

let counter = 0;
async function proposal() {
  counter++;
  const a = await makeMember(t.db, `Atelier Doublon ${counter}`);
  const b = await makeMember(t.db, `Régie Doublon ${counter}`);
  const c = await insertProposal(t.db, [
    { need: await needOf(t.db, a.org.id, 21, WEEK_A), slots: WEEK_A },
    { need: await needOf(t.db, b.org.id, 14, WEEK_B), slots: WEEK_B },
  ]);
  const address = relayAddress(t.config.sessionSecret, DOMAIN, { compositionId: c.id, personId: b.owner.id });
  return { a, b, c, address };
}

const reply = (to: string, text: string, messageId?: string) =>
  Buffer.from(
    [
      'From: Responsable <responsable@exemple.fr>',
      `To: Mosaïque <${to}>`,
      ...(messageId ? [`Message-ID: ${messageId}`] : []),
      'Subject: Re: Message',
      'Content-Type: text/plain; charset=utf-8',
      '',
      text,
      '',
    ].join('\r\n'),
  );

const bodies = async (compositionId: number) =>
  (
    await t.db.select().from(compositionMessages).where(eq(compositionMessages.compositionId, compositionId))
  ).map((m) => [m.body, m.mailMessageId]);
const mailsTo = async (email: string) =>
  (
    await t.db
      .select()
      .from(mailOutbox)
      .where(and(eq(mailOutbox.kind, 'message'), eq(mailOutbox.to, email)))
  ).length;

describe('a reply delivered twice', () => {
  it('is posted once: the second delivery is ignored', async () => {
    const { a, c, address } = await proposal();
    const mail = reply(address, 'Jeudi, très bien.', '<CAF=reponse-1@mail.exemple.fr>');
    expect(await receiveRelayedMail(t.db, mail, options())).toMatchObject({ status: 'posted' });
    expect(await receiveRelayedMail(t.db, mail, options())).toEqual({
      status: 'ignored',
      reason: 'a mail with this Message-ID is already in the thread (delivered twice)',
    });
    expect(await bodies(c.id)).toEqual([['Jeudi, très bien.', 'CAF=reponse-1@mail.exemple.fr']]);
    expect(await mailsTo(a.owner.email)).toBe(1);
  });

  it('is posted once when both deliveries arrive at the same moment', async () => {
    const { c, address } = await proposal();
    const mail = reply(address, 'En même temps.', '<simultane@mail.exemple.fr>');
    const results = await Promise.all([
      receiveRelayedMail(t.db, mail, options()),
      receiveRelayedMail(t.db, mail, options()),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['ignored', 'posted']);
    expect(await bodies(c.id)).toHaveLength(1);
  });

  it('is ignored, not refused, when the sender has left the structure since the first delivery', async () => {
    const { b, c, address } = await proposal();
    const mail = reply(address, 'Avant mon départ.', '<depart@mail.exemple.fr>');
    expect((await receiveRelayedMail(t.db, mail, options())).status).toBe('posted');
    await t.db
      .delete(memberships)
      .where(and(eq(memberships.personId, b.owner.id), eq(memberships.organizationId, b.org.id)));
    expect((await receiveRelayedMail(t.db, mail, options())).status).toBe('ignored');
    expect(await bodies(c.id)).toHaveLength(1);
  });

  it('keys on the thread: the same Message-ID may reach two threads; no Message-ID, no recognition', async () => {
    const first = await proposal();
    const second = await proposal();
    const id = '<copie@mail.exemple.fr>';
    expect((await receiveRelayedMail(t.db, reply(first.address, 'Ici.', id), options())).status).toBe(
      'posted',
    );
    expect((await receiveRelayedMail(t.db, reply(second.address, 'Là.', id), options())).status).toBe(
      'posted',
    );
    const bare = reply(first.address, 'Sans identifiant.');
    expect((await receiveRelayedMail(t.db, bare, options())).status).toBe('posted');
    expect((await receiveRelayedMail(t.db, bare, options())).status).toBe('posted');
    expect(await bodies(first.c.id)).toEqual([
      ['Ici.', 'copie@mail.exemple.fr'],
      ['Sans identifiant.', null],
      ['Sans identifiant.', null],
    ]);
  });
});
