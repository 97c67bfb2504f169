/**
 * A reply to a relayed mail, as the mail server hands it over (scripts/relay-inbound.ts): find the relay
 * address in To / Delivered-To / X-Original-To / Cc, verify its signature, check that the person is still a
 * member of an organization of the composition, keep the new text only, and post it into the thread as
 * that person (which mails the other structures in turn). A mail whose Message-ID is already in that
 * thread was delivered twice (mail servers redeliver when unsure): it is ignored, not posted again.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { compositionMessages, compositionNeeds, memberships } from '../../db/schema';
import { BadMessage, header, parseMail, stripQuoted } from './mime';
import { tokensIn, verifyRelayToken } from './relay';
import { MESSAGE_MAX_LENGTH } from './schemas';
import { postMessage } from './service';

export type InboundResult =
  | { status: 'posted'; messageId: number; compositionId: number; personId: number }
  | { status: 'ignored'; reason: string }
  | { status: 'rejected'; reason: string };

/** Headers a relay address may be read from, the envelope's first (what the MTA delivered to). */
const ADDRESS_HEADERS = ['delivered-to', 'x-original-to', 'to', 'cc'];

/** The largest mail the relay reads (Postfix's default message_size_limit is about the same). */
export const RELAY_MAX_BYTES = 10 * 1024 * 1024;

const DUPLICATE = 'a mail with this Message-ID is already in the thread (delivered twice)';

/** `raw` is the mail's bytes as the mail server handed them over. */
export async function receiveRelayedMail(
  db: Db,
  raw: Uint8Array,
  options: { secret: string; domain: string; publicUrl: string },
): Promise<InboundResult> {
  let mail: Awaited<ReturnType<typeof parseMail>>;
  try {
    mail = await parseMail(raw);
  } catch (err) {
    if (err instanceof BadMessage) return { status: 'rejected', reason: err.message };
    throw err;
  }
  // Out-of-office answers and bounces must not land in the thread (nor start a mail loop).
  const auto = header(mail.headers, 'auto-submitted')?.toLowerCase();
  if ((auto && auto !== 'no') || /^(bulk|junk|list)$/i.test(header(mail.headers, 'precedence') ?? ''))
    return { status: 'ignored', reason: 'automatic message (Auto-Submitted or Precedence) ignored' };

  const tokens = ADDRESS_HEADERS.flatMap((name) =>
    (mail.headers.get(name) ?? []).flatMap((value) => tokensIn(value, options.domain)),
  );
  if (!tokens.length)
    return { status: 'rejected', reason: `no relais+…@${options.domain} address in the recipients` };
  const target = tokens.map((t) => verifyRelayToken(options.secret, t)).find((t) => t !== null);
  if (!target) return { status: 'rejected', reason: 'relay address with a bad signature' };
  // Before the other checks: a redelivery must be ignored even if the sender has left since.
  if (mail.messageId && (await alreadyPosted(db, target.compositionId, mail.messageId))) {
    return { status: 'ignored', reason: DUPLICATE };
  }

  const orgIds = (
    await db
      .selectDistinct({ id: compositionNeeds.organizationId })
      .from(compositionNeeds)
      .where(eq(compositionNeeds.compositionId, target.compositionId))
  ).map((r) => r.id);
  const [member] = orgIds.length
    ? await db
        .select({ organizationId: memberships.organizationId })
        .from(memberships)
        .where(and(eq(memberships.personId, target.personId), inArray(memberships.organizationId, orgIds)))
        .limit(1)
    : [];
  if (!member)
    return {
      status: 'rejected',
      reason: 'the sender is no longer a member of a structure of this composition',
    };

  if (mail.text === null) return { status: 'rejected', reason: 'no text/plain body' };
  const body = stripQuoted(mail.text);
  if (!body) return { status: 'rejected', reason: 'empty message once quoted text is removed' };
  if (body.length > MESSAGE_MAX_LENGTH)
    return { status: 'rejected', reason: `message longer than ${MESSAGE_MAX_LENGTH} characters` };

  const result = await postMessage(db, {
    compositionId: target.compositionId,
    personId: target.personId,
    organizationId: null,
    body: body.replaceAll('\u0000', ''),
    source: 'mail',
    mailMessageId: mail.messageId,
    publicUrl: options.publicUrl,
    relay: { secret: options.secret, domain: options.domain },
  });
  // The same mail delivered twice at once: the second insert met the first's unique key.
  if (!result.ok && result.code === 'duplicate') return { status: 'ignored', reason: DUPLICATE };
  if (!result.ok) return { status: 'rejected', reason: `${result.code}: ${result.message}` };
  return { status: 'posted', messageId: result.messageId, ...target };
}

async function alreadyPosted(db: Db, compositionId: number, messageId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: compositionMessages.id })
    .from(compositionMessages)
    .where(
      and(
        eq(compositionMessages.compositionId, compositionId),
        eq(compositionMessages.mailMessageId, messageId),
      ),
    )
    .limit(1);
  return row !== undefined;
}
