/**
 * A drainer process killed (SIGKILL) between two mails: the mail it sent stays sent, the others are
 * sent once by another drainer when its lease runs out. Two processes need a database server: this
 * file runs on the PostgreSQL pass only (DATABASE_URL); outbox.test.ts covers the same in one process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailOutbox } from '../../db/schema';
import { createMailer, enqueueMail } from '../../server/mail/service';
import { createTestDb, type TestDb } from '../support/db';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink';

const TSX = path.resolve('node_modules/.bin/tsx');

describe.skipIf(!process.env.DATABASE_URL)('a drainer process killed between two mails', () => {
  let handle: TestDb;
  let sink: SmtpSink;
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    handle = await createTestDb();
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await sink?.close();
    await handle?.destroy();
  });

  it('leaves each mail delivered exactly once once another drainer takes over', async () => {
    for (let i = 1; i <= 3; i++)
      await enqueueMail(handle.db, {
        to: `d${i}@exemple.invalid`,
        subject: `Message ${i}`,
        text: 'Bonjour',
        kind: 'test',
      });
    const stalled = sink.stallConnection(2);
    child = spawn(TSX, ['tests/mail/drain-child.ts'], {
      env: { ...process.env, DATABASE_URL: handle.databaseUrl, SMTP_URL: sink.url, LEASE_MS: '1500' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child?.once('exit', (_code, signal) => resolve(signal)),
    );
    await stalled; // the first mail went through; the process waits on the relay for the second
    const marked = await handle.db.select().from(mailOutbox).orderBy(asc(mailOutbox.id));
    expect(marked.map((r) => r.sentAt !== null)).toEqual([true, false, false]);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const other = createMailer(handle.db, {
      smtpUrl: sink.url,
      from: 'Mosaïque <test@mosaique.invalid>',
      dataDir: '/tmp',
    });
    try {
      expect(await other.drain()).toBe(0); // the dead drainer's lease still runs
      await new Promise((resolve) => setTimeout(resolve, 1_700));
      expect(await other.drain()).toBe(2);
      expect(await other.drain()).toBe(0);
    } finally {
      other.close();
    }
    expect(sink.messages.map((m) => m.subject).sort()).toEqual(['Message 1', 'Message 2', 'Message 3']);
    const after = await handle.db.select().from(mailOutbox);
    expect(after.every((r) => r.sentAt !== null && r.attempts === 1)).toBe(true);
  }, 60_000);
});
