/**
 * Leases on outbox rows, so that several drainers (instances) share the outbox and a drainer that dies
 * mid-batch loses nothing and sends nothing twice:
 * - a drainer claims a batch in one statement (SKIP LOCKED: two drainers never claim the same row),
 *   stamping each row with its token and an end of lease; the claim commits at once, no transaction
 *   stays open while mail is sent;
 * - before each send it renews that row's lease, and skips the row if the lease was lost (ended, and
 *   another drainer took the row);
 * - right after the relay accepted a message the row is marked sent, one by one: a row marked sent is
 *   never claimed again;
 * - a drainer that dies leaves its lease to run out; the rows it had not marked are claimed again.
 * The one window left is a death between the relay's acceptance and the mark (milliseconds); the
 * Message-ID, the same at every attempt, lets mail systems recognise such a duplicate.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { mailOutbox } from '../../db/schema';

/** Longer than one send can take (SMTP time-outs: 30 s to connect and greet, 60 s idle). */
export const DEFAULT_LEASE_MS = 5 * 60_000;

const leaseEnd = (leaseMs: number) => sql`now() + make_interval(secs => ${leaseMs / 1000})`;

const claimed = {
  id: mailOutbox.id,
  to: mailOutbox.to,
  subject: mailOutbox.subject,
  text: mailOutbox.text,
  replyTo: mailOutbox.replyTo,
  attachments: mailOutbox.attachments,
  attempts: mailOutbox.attempts,
  createdAt: mailOutbox.createdAt,
};

/**
 * `update … where id in (select … for update skip locked) returning …`: the sub-select locks the due
 * rows no other drainer holds, and the update stamps them with this drainer's token and lease.
 */
export async function claimBatch(db: Db, limit: number, leaseMs: number) {
  const token = randomUUID();
  const now = sql`now()`;
  const due = db
    .select({ id: mailOutbox.id })
    .from(mailOutbox)
    .where(
      and(
        isNull(mailOutbox.sentAt),
        lte(mailOutbox.nextAttemptAt, now),
        or(isNull(mailOutbox.claimedUntil), lt(mailOutbox.claimedUntil, now)),
      ),
    )
    .orderBy(asc(mailOutbox.id))
    .limit(limit)
    .for('update', { skipLocked: true });
  const rows = await db
    .update(mailOutbox)
    .set({ claimToken: token, claimedUntil: leaseEnd(leaseMs) })
    .where(inArray(mailOutbox.id, due))
    .returning(claimed);
  return { token, rows: rows.sort((a, b) => a.id - b.id) };
}

export type ClaimedMail = Awaited<ReturnType<typeof claimBatch>>['rows'][number];

/** Extends this drainer's lease on a row for one send; false when the row is no longer its own. */
export async function renewLease(db: Db, id: number, token: string, leaseMs: number): Promise<boolean> {
  const renewed = await db
    .update(mailOutbox)
    .set({ claimedUntil: leaseEnd(leaseMs) })
    .where(and(eq(mailOutbox.id, id), eq(mailOutbox.claimToken, token), isNull(mailOutbox.sentAt)))
    .returning({ id: mailOutbox.id });
  return renewed.length > 0;
}

/** The relay took it: never again, whoever holds the lease now (that drainer's renewal will fail). */
export async function markSent(db: Db, id: number): Promise<void> {
  await db
    .update(mailOutbox)
    .set({
      sentAt: sql`now()`,
      attempts: sql`${mailOutbox.attempts} + 1`,
      claimToken: null,
      claimedUntil: null,
    })
    .where(and(eq(mailOutbox.id, id), isNull(mailOutbox.sentAt)));
}

/** A failed send: retried after an exponential backoff capped at an hour; the lease is given back. */
export async function markFailed(db: Db, row: ClaimedMail, token: string, err: unknown): Promise<void> {
  const delaySeconds = Math.min(3600, 2 ** Math.min(row.attempts + 1, 12));
  await db
    .update(mailOutbox)
    .set({
      attempts: sql`${mailOutbox.attempts} + 1`,
      lastError: String(err).slice(0, 500),
      nextAttemptAt: sql`now() + make_interval(secs => ${delaySeconds})`,
      claimToken: null,
      claimedUntil: null,
    })
    .where(and(eq(mailOutbox.id, row.id), eq(mailOutbox.claimToken, token), isNull(mailOutbox.sentAt)));
}
