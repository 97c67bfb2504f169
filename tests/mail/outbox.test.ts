/**
 * The mail outbox through a real SMTP exchange (a sink on loopback): rows are sent outside any
 * transaction and marked sent one by one; a drainer that stops answering mid-batch loses its lease and
 * another drainer sends the rest, each mail exactly once; a failed send is retried later.
 */
import { asc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mailOutbox } from '../../db/schema';
import { createMailer, enqueueMail } from '../../server/mail/service';
import { createTestApp, type TestApp } from '../support/app';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink';

let t: TestApp;
let sink: SmtpSink;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});
beforeEach(async () => {
  sink = await startSmtpSink();
  await t.db.delete(mailOutbox);
});
afterEach(async () => {
  await sink.close();
});

const queue = async (count: number) => {
  for (let i = 1; i <= count; i++)
    await enqueueMail(t.db, {
      to: `destinataire${i}@exemple.invalid`,
      subject: `Message ${i}`,
      text: 'Bonjour',
      kind: 'test',
    });
  return t.db.select().from(mailOutbox).orderBy(asc(mailOutbox.id));
};
const mailer = (leaseMs = 60_000) =>
  createMailer(t.db, {
    smtpUrl: sink.url,
    from: 'Mosaïque <test@mosaique.invalid>',
    dataDir: t.config.dataDir,
    leaseMs,
  });
const subjects = () => sink.messages.map((m) => m.subject).sort();

describe('draining the outbox', () => {
  it('sends each row once, with a Message-ID of its own, and marks it sent', async () => {
    const rows = await queue(2);
    const m = mailer();
    try {
      expect(await m.drain()).toBe(2);
      expect(await m.drain()).toBe(0);
    } finally {
      m.close();
    }
    expect(subjects()).toEqual(['Message 1', 'Message 2']);
    expect(sink.messages[0].to).toEqual(['destinataire1@exemple.invalid']);
    expect(sink.messages[0].messageId).toMatch(
      new RegExp(`^<outbox-${rows[0].id}-\\d+@mosaique\\.invalid>$`),
    );
    const after = await t.db.select().from(mailOutbox);
    expect(after.every((r) => r.sentAt && r.attempts === 1 && r.claimToken === null)).toBe(true);
  });

  it('backs off after a failed send and gives the row back', async () => {
    await queue(1);
    await sink.close(); // nobody listens there any more
    const m = mailer();
    try {
      expect(await m.drain()).toBe(0);
      expect(await m.drain()).toBe(0); // not due yet
    } finally {
      m.close();
    }
    const [row] = await t.db.select().from(mailOutbox);
    expect(row).toMatchObject({ sentAt: null, attempts: 1, claimToken: null, claimedUntil: null });
    expect(row.lastError).toMatch(/ECONNREFUSED/);
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    sink = await startSmtpSink(); // for afterEach
  });

  it('leaves the database free while a relay keeps a send waiting (embedded PGlite has one connection)', async () => {
    await queue(1);
    const stalled = sink.stallConnection(1);
    const m = mailer();
    const draining = m.drain();
    const socket = await stalled;
    const health = await Promise.race([
      t.app.inject({ url: '/healthz' }),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 10_000)),
    ]);
    expect(health?.statusCode).toBe(200);
    socket.destroy();
    await draining;
    m.close();
  });
});

describe('a drainer that dies between two mails', () => {
  it('loses its lease; another drainer sends the rest; every mail is delivered exactly once', async () => {
    const rows = await queue(3);
    // Drainer A: the first mail goes through, then the relay never answers the second (one connection
    // per mail): for the outbox A is as good as dead, it will not mark anything any more.
    const stalled = sink.stallConnection(2);
    const a = mailer(1_000);
    const draining = a.drain();
    const socket = await stalled;
    expect(subjects()).toEqual(['Message 1']);
    const [first] = await t.db.select().from(mailOutbox).where(eq(mailOutbox.id, rows[0].id));
    expect(first.sentAt).not.toBeNull();

    // B: until A's lease ends, nothing is claimable; then it takes the two A did not send.
    const b = mailer(60_000);
    expect(await b.drain()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(await b.drain()).toBe(2);

    // A comes back to life: its send fails, and it changes nothing (the rows are B's, and sent).
    socket.destroy();
    expect(await draining).toBe(1);
    a.close();
    b.close();

    expect(subjects()).toEqual(['Message 1', 'Message 2', 'Message 3']);
    const after = await t.db.select().from(mailOutbox).orderBy(asc(mailOutbox.id));
    expect(after.map((r) => [r.sentAt !== null, r.attempts, r.lastError])).toEqual([
      [true, 1, null],
      [true, 1, null],
      [true, 1, null],
    ]);
  });
});
