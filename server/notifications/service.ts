/**
 * In-app notifications and the mail that goes with them. `notifyMembers` is the one path for telling the
 * members of organizations about an event: in the caller's transaction it writes one mail per member to
 * the outbox and one notification per member, so that neither exists without the other.
 */
import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { memberships, notifications, people } from '../../db/schema';
import { NotFound } from '../common/errors';
import { enqueueMail } from '../mail/service';

export interface Recipient {
  id: number;
  email: string;
}

/** Every member (owner or editor) of the organizations, once each even if they belong to several. */
export async function membersOf(db: DbOrTx, organizationIds: number[]): Promise<Recipient[]> {
  if (!organizationIds.length) return [];
  return db
    .selectDistinct({ id: people.id, email: people.email })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(inArray(memberships.organizationId, organizationIds))
    .orderBy(people.email);
}

export interface Notice {
  kind: string;
  /** French, one sentence: what happened. */
  text: string;
  /** A path inside the site, e.g. /compositions/12. */
  link: string;
}

/** Writes one notification per person (duplicates removed). */
export async function notifyPeople(db: DbOrTx, personIds: number[], notice: Notice): Promise<void> {
  const ids = [...new Set(personIds)];
  if (!ids.length) return;
  if (!notice.link.startsWith('/') || notice.link.startsWith('//'))
    throw new Error(`notification link must be a path of the site: ${notice.link}`);
  await db.insert(notifications).values(ids.map((personId) => ({ personId, ...notice })));
}

export interface MemberMessage {
  kind: string;
  /** The mail's subject, also the notification's text. */
  subject: string;
  /** The mail's body. */
  text: string;
  /** Path of the page concerned, for the notification. */
  link: string;
  /** A Reply-To per recipient (the message relay); absent: replies go to the From address. */
  replyTo?: (personId: number) => string;
  /** People who are not told (the author of a message). */
  except?: number[];
}

/** Mails and notifies every member of the organizations; returns the people told. */
export async function notifyMembers(
  db: DbOrTx,
  organizationIds: number[],
  message: MemberMessage,
): Promise<Recipient[]> {
  const except = new Set(message.except ?? []);
  const recipients = (await membersOf(db, organizationIds)).filter((r) => !except.has(r.id));
  for (const r of recipients) {
    await enqueueMail(db, {
      to: r.email,
      kind: message.kind,
      subject: message.subject,
      text: message.text,
      replyTo: message.replyTo?.(r.id),
    });
  }
  await notifyPeople(
    db,
    recipients.map((r) => r.id),
    { kind: message.kind, text: message.subject, link: message.link },
  );
  return recipients;
}

/** The header's figure: one count on the partial index of unread rows. */
export async function unreadCount(db: DbOrTx, personId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.personId, personId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

export type NotificationRow = typeof notifications.$inferSelect;

/** The person's notifications, newest first (the page shows the latest ones only). */
export async function listNotifications(
  db: DbOrTx,
  personId: number,
  limit = 100,
): Promise<NotificationRow[]> {
  return db
    .select()
    .from(notifications)
    .where(eq(notifications.personId, personId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
}

/** Marks one of the person's notifications read; someone else's, or none, is a 404. */
export async function markRead(db: DbOrTx, personId: number, id: number): Promise<NotificationRow> {
  const [row] = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(eq(notifications.id, id), eq(notifications.personId, personId)))
    .returning();
  if (!row) throw new NotFound('Cette notification n’existe pas.');
  return row;
}

export async function markAllRead(db: DbOrTx, personId: number): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.personId, personId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}
