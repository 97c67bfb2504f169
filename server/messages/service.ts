/**
 * A composition's thread: reading it, and posting a message (from the page or from a relayed mail's
 * reply). Posting is one transaction: the message, then a mail and a notification to each member of the
 * *other* organizations, whose Reply-To is that member's own relay address (server/messages/relay.ts).
 * The mail names the author and their organization, never their address.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import {
  compositionMessages,
  compositionNeeds,
  compositions,
  memberships,
  organizations,
  people,
} from '../../db/schema';
import type { MessageSource } from '../../db/schema/messages';
import { elide, frenchOrder } from '../common/french';
import { notifyMembers } from '../notifications/service';
import { isThreadOpen } from './permissions';
import { relayAddress } from './relay';

/** A thread longer than this shows its latest messages (a conversation between a few structures). */
export const THREAD_LIMIT = 500;

export interface ThreadMessage {
  id: number;
  body: string;
  source: MessageSource;
  createdAt: Date;
  organizationId: number;
  organizationName: string;
  authorName: string;
}

export async function listMessages(db: DbOrTx, compositionId: number): Promise<ThreadMessage[]> {
  const rows = await db
    .select({
      id: compositionMessages.id,
      body: compositionMessages.body,
      source: compositionMessages.source,
      createdAt: compositionMessages.createdAt,
      organizationId: compositionMessages.organizationId,
      organizationName: organizations.name,
      // The display name only: a thread never shows an email or a phone.
      authorName: people.displayName,
    })
    .from(compositionMessages)
    .innerJoin(organizations, eq(organizations.id, compositionMessages.organizationId))
    .innerJoin(people, eq(people.id, compositionMessages.personId))
    .where(eq(compositionMessages.compositionId, compositionId))
    .orderBy(asc(compositionMessages.id));
  return rows.slice(-THREAD_LIMIT);
}

export const threadPath = (compositionId: number) => `/compositions/${compositionId}/messages`;

export interface PostMessageInput {
  compositionId: number;
  personId: number;
  /** The organization the author speaks for; null: their first organization in the composition. */
  organizationId: number | null;
  body: string;
  source: MessageSource;
  /** A reply by mail: its Message-ID, posted once per thread (a second insert is a `duplicate`). */
  mailMessageId?: string | null;
  publicUrl: string;
  relay: { secret: string; domain: string };
}

export type PostMessageResult =
  | { ok: true; messageId: number; recipients: number }
  | { ok: false; code: 'no-composition' | 'closed' | 'not-member' | 'duplicate'; message: string };

export async function postMessage(db: Db, input: PostMessageInput): Promise<PostMessageResult> {
  return db.transaction(async (tx) => {
    const [c] = await tx
      .select({ id: compositions.id, status: compositions.status, roleLabel: compositions.roleLabel })
      .from(compositions)
      .where(eq(compositions.id, input.compositionId));
    if (!c) return { ok: false, code: 'no-composition', message: 'Cette composition n’existe pas.' };
    if (!isThreadOpen(c.status))
      return {
        ok: false,
        code: 'closed',
        message: 'Cette proposition est retirée : sa discussion est fermée.',
      };
    const organizationIds = (
      await tx
        .selectDistinct({ id: compositionNeeds.organizationId })
        .from(compositionNeeds)
        .where(eq(compositionNeeds.compositionId, c.id))
    ).map((r) => r.id);
    // Checked here too, not only in the routes: a relayed reply arrives without a session.
    const mine = await tx
      .select({ organizationId: memberships.organizationId, name: organizations.name })
      .from(memberships)
      .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
      .where(
        and(
          eq(memberships.personId, input.personId),
          inArray(memberships.organizationId, organizationIds.length ? organizationIds : [0]),
        ),
      )
      .orderBy(frenchOrder(organizations.name));
    const org =
      input.organizationId === null ? mine[0] : mine.find((m) => m.organizationId === input.organizationId);
    if (!org)
      return {
        ok: false,
        code: 'not-member',
        message: 'Seuls les membres des structures de cette proposition peuvent y écrire.',
      };
    const [author] = await tx
      .select({ name: people.displayName })
      .from(people)
      .where(eq(people.id, input.personId));
    const [message] = await tx
      .insert(compositionMessages)
      .values({
        compositionId: c.id,
        organizationId: org.organizationId,
        personId: input.personId,
        body: input.body,
        source: input.source,
        mailMessageId: input.mailMessageId ?? null,
      })
      .onConflictDoNothing({ target: [compositionMessages.compositionId, compositionMessages.mailMessageId] })
      .returning({ id: compositionMessages.id });
    if (!message) return { ok: false, code: 'duplicate', message: 'Ce message est déjà dans la discussion.' };
    const path = threadPath(c.id);
    const others = organizationIds.filter((id) => id !== org.organizationId);
    const told = await notifyMembers(tx, others, {
      kind: 'message',
      link: `${path}#message-${message.id}`,
      subject: `Message ${elide('de', org.name)} : ${c.roleLabel}`,
      text: `Bonjour,\n\n${author?.name ?? 'Un membre'} (${org.name}) a écrit dans la discussion de la proposition « ${c.roleLabel} » :\n\n${input.body}\n\n-- \nRépondez à ce message pour écrire dans la discussion : votre réponse y sera publiée sous votre nom, sans votre adresse e-mail. La discussion sur Mosaïque :\n${input.publicUrl}${path}\n\nMosaïque`,
      replyTo: (personId) =>
        relayAddress(input.relay.secret, input.relay.domain, { compositionId: c.id, personId }),
      except: [input.personId],
    });
    return { ok: true, messageId: message.id, recipients: told.length };
  });
}
