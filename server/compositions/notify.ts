/** Mail to the members of the organizations of a composition, through the outbox, in the caller's transaction. */
import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { compositionEvents, memberships, people } from '../../db/schema';
import { enqueueMail } from '../mail/service';

export type CompositionMailKind =
  | 'composition-proposed'
  | 'composition-withdrawn'
  | 'composition-decision'
  | 'composition-accepted'
  | 'composition-declined'
  | 'composition-ge';

/** Every member (owner or editor) of the organizations, once each even if they belong to several. */
export async function memberEmails(db: DbOrTx, organizationIds: number[]): Promise<string[]> {
  if (!organizationIds.length) return [];
  const rows = await db
    .selectDistinct({ email: people.email })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(inArray(memberships.organizationId, organizationIds));
  return rows.map((r) => r.email).sort();
}

export async function mailMembers(
  db: DbOrTx,
  organizationIds: number[],
  message: { kind: CompositionMailKind; subject: string; text: string },
): Promise<void> {
  for (const to of await memberEmails(db, organizationIds)) {
    await enqueueMail(db, { to, ...message });
  }
}

export async function recordEvent(
  db: DbOrTx,
  compositionId: number,
  kind: string,
  detail: string,
  personId: number | null = null,
): Promise<void> {
  await db.insert(compositionEvents).values({ compositionId, kind, detail, personId });
}

export const compositionLink = (publicUrl: string, id: number) => `${publicUrl}/compositions/${id}`;
