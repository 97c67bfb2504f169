/**
 * Outgoing mail goes through an outbox: `enqueueMail` writes a row in the caller's transaction, and
 * `drainMail` sends pending rows (SMTP through nodemailer when SMTP_URL is set, otherwise one .eml file
 * per message in DATA_DIR/mail). Several app instances may drain at once: rows are claimed with SKIP LOCKED.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import nodemailer from 'nodemailer';
import { type Db, type DbOrTx, rawRows } from '../../db/client';
import { type MailAttachment, mailOutbox } from '../../db/schema';

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

export function createMailer(db: Db, options: { smtpUrl?: string; from: string; dataDir: string }): Mailer {
  const mailDir = path.join(options.dataDir, 'mail');
  const transport = options.smtpUrl
    ? nodemailer.createTransport(options.smtpUrl)
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  async function deliver(row: {
    id: number;
    to: string;
    subject: string;
    text: string;
    reply_to: string | null;
    attachments: MailAttachment[] | null;
  }) {
    const info = await transport.sendMail({
      from: options.from,
      to: row.to,
      ...(row.reply_to ? { replyTo: row.reply_to } : {}),
      subject: row.subject,
      text: row.text,
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
      let sent = 0;
      await db.transaction(async (tx) => {
        // Raw SQL: drizzle cannot say FOR UPDATE SKIP LOCKED on this builder path for both drivers.
        const rows = await rawRows<{
          id: number;
          to: string;
          subject: string;
          text: string;
          reply_to: string | null;
          attachments: MailAttachment[] | null;
          attempts: number;
        }>(
          tx,
          sql`select id, "to", subject, text, reply_to, attachments, attempts from mail_outbox
              where sent_at is null and next_attempt_at <= now()
              order by id limit ${limit} for update skip locked`,
        );
        for (const row of rows) {
          try {
            await deliver(row);
            await tx.execute(
              sql`update mail_outbox set sent_at = now(), attempts = attempts + 1 where id = ${row.id}`,
            );
            sent++;
          } catch (err) {
            // Exponential backoff, capped at an hour.
            const delaySeconds = Math.min(3600, 2 ** Math.min(row.attempts + 1, 12));
            await tx.execute(sql`update mail_outbox set attempts = attempts + 1, last_error = ${String(err).slice(0, 500)},
              next_attempt_at = now() + make_interval(secs => ${delaySeconds}) where id = ${row.id}`);
          }
        }
      });
      return sent;
    },
    close() {
      transport.close();
    },
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    mailer: Mailer;
  }
}

export default fp(
  async (app: FastifyInstance, opts: { smtpUrl?: string; from: string; dataDir: string }) => {
    const mailer = createMailer(app.db, opts);
    app.decorate('mailer', mailer);
    app.addHook('onClose', async () => mailer.close());
  },
  { name: 'mail', dependencies: ['db'] },
);
