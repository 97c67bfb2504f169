/**
 * A drainer in a process of its own, for tests/mail/outbox-kill.test.ts: drains the outbox of
 * DATABASE_URL once through SMTP_URL with a lease of LEASE_MS, prints how many went out, exits.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb } from '../../db/client';
import { createMailer } from '../../server/mail/service';

const handle = await openDb({ databaseUrl: process.env.DATABASE_URL, maxConnections: 2 });
const mailer = createMailer(handle.db, {
  smtpUrl: process.env.SMTP_URL,
  from: 'Mosaïque <test@mosaique.invalid>',
  dataDir: mkdtempSync(path.join(os.tmpdir(), 'mosaique-drain-child-')),
  leaseMs: Number(process.env.LEASE_MS),
});
console.log(`sent ${await mailer.drain()}`);
mailer.close();
await handle.close();
