/**
 * Outgoing mail goes through an outbox: `enqueueMail` writes a row in the caller's transaction, and
 * `drain` sends pending rows (SMTP through nodemailer when SMTP_URL is set, otherwise one .eml file per
 * message in DATA_DIR/mail). Several instances may drain at once; sending happens outside any transaction
 * (a slow relay never holds the database, nor embedded PGlite's single connection). See claim.ts for the
 * lease that makes a row go out once even when a drainer dies mid-batch.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Transporter } from 'nodemailer';
import type { Db, DbOrTx } from '../../db/client';
import { type MailAttachment, mailOutbox } from '../../db/schema';
import { type ClaimedMail, claimBatch, DEFAULT_LEASE_MS, markFailed, markSent, renewLease } from './claim';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  kind: string;
  /** Files sent with the message (a calendar invitation's .ics). */
  attachments?: MailAttachment[];
  /** Where replies go when not to the From address (the message relay). */
  replyTo?: string;
}

export async function enqueueMail(db: DbOrTx, message: MailMessage): Promise<void> {
  await db.insert(mailOutbox).values(message);
}

export interface Mailer {
  /** Sends what is due; returns how many messages went out. */
  drain(limit?: number): Promise<number>;
  close(): void;
}

export interface MailerOptions {
  smtpUrl?: string;
  from: string;
  dataDir: string;
  /** How long a claimed row stays this drainer's (tests shorten it); longer than one send can take. */
  leaseMs?: number;
}

/**
 * SMTP time-outs well inside the lease: a relay that stops answering fails the send (retried later)
 * before the lease ends and another drainer may take the row.
 */
const SMTP_TIMEOUTS = { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 };

/** The domain of the From address, for Message-IDs. */
function fromDomain(from: string): string {
  return /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'mosaique.invalid';
}

export function createMailer(db: Db, options: MailerOptions): Mailer {
  const mailDir = path.join(options.dataDir, 'mail');
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  // nodemailer is loaded by the first send, not by the server's start (tens of milliseconds of modules).
  let transport: Transporter | null = null;
  const openTransport = async (): Promise<Transporter> => {
    const { default: nodemailer } = await import('nodemailer');
    transport ??= options.smtpUrl
      ? nodemailer.createTransport({ url: options.smtpUrl, ...SMTP_TIMEOUTS })
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    return transport;
  };
  const domain = fromDomain(options.from);

  async function deliver(row: ClaimedMail) {
    const info = await (transport ?? (await openTransport())).sendMail({
      from: options.from,
      to: row.to,
      ...(row.replyTo ? { replyTo: row.replyTo } : {}),
      subject: row.subject,
      text: row.text,
      // One Message-ID per outbox row: should a row ever go out twice (a drainer killed after the relay
      // took it and before it was marked sent), mail systems can recognise the duplicate.
      messageId: `<outbox-${row.id}-${row.createdAt.getTime()}@${domain}>`,
      ...(row.attachments?.length ? { attachments: row.attachments } : {}),
    });
    if (!options.smtpUrl) {
      mkdirSync(mailDir, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      writeFileSync(
        path.join(mailDir, `${stamp}-${row.id}.eml`),
        (info as unknown as { message: Buffer }).message,
      );
    }
  }

  return {
    async drain(limit = 50) {
      const { token, rows } = await claimBatch(db, limit, leaseMs);
      let sent = 0;
      for (const row of rows) {
        // Another drainer may have taken the row once this one's lease ended (a long batch): skip it.
        if (!(await renewLease(db, row.id, token, leaseMs))) continue;
        try {
          await deliver(row);
        } catch (err) {
          await markFailed(db, row, token, err);
          continue;
        }
        await markSent(db, row.id);
        sent++;
      }
      return sent;
    },
    close() {
      transport?.close();
    },
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    mailer: Mailer;
  }
}

export default fp(
  async (app: FastifyInstance, opts: MailerOptions) => {
    const mailer = createMailer(app.db, opts);
    app.decorate('mailer', mailer);
    app.addHook('onClose', async () => mailer.close());
  },
  { name: 'mail', dependencies: ['db'] },
);
