/**
 * Mail and in-app notifications to the members of the organizations of a composition, through the outbox,
 * in the caller's transaction.
 */
import type { DbOrTx } from '../../db/client';
import { compositionEvents } from '../../db/schema';
import { notifyMembers } from '../notifications/service';

export type CompositionMailKind =
  | 'composition-proposed'
  | 'composition-withdrawn'
  | 'composition-decision'
  | 'composition-accepted'
  | 'composition-declined'
  | 'composition-ge';

/** Mails the members and notifies them in the app (`link`: the page's path), in the caller's transaction. */
export async function mailMembers(
  db: DbOrTx,
  organizationIds: number[],
  message: {
    kind: CompositionMailKind;
    subject: string;
    text: string;
    link: string;
    /** The person who acted: never told of their own action. */
    except?: number[];
  },
): Promise<void> {
  await notifyMembers(db, organizationIds, message);
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

export const compositionPath = (id: number) => `/compositions/${id}`;
export const compositionLink = (publicUrl: string, id: number) => `${publicUrl}${compositionPath(id)}`;
