/**
 * Meeting requests: a participant asks to meet another invited organization, the facilitator adds meetings
 * by hand or from the suggestions. One meeting per pair of organizations per session, whoever asked first:
 * the pair is stored in id order under a unique index, so a second request is a duplicate, refused.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { sessionMeetings } from '../../db/schema';
import type { MeetingSource } from '../../db/schema/meetings';

export interface NewMeeting {
  sessionId: number;
  organizationIds: [number, number];
  source: MeetingSource;
  reason: string;
  requestedByOrganizationId: number | null;
  requestedBy: number | null;
}

export type AddResult = { ok: true; id: number } | { ok: false; problem: 'same' | 'duplicate' };

/**
 * Adds the meeting unless the pair already has one. Both organizations must be invited (the caller checks
 * against the session's list; the composite foreign keys refuse it otherwise).
 */
export async function addMeeting(db: DbOrTx, meeting: NewMeeting): Promise<AddResult> {
  const [a, b] = meeting.organizationIds;
  if (a === b) return { ok: false, problem: 'same' };
  const [row] = await db
    .insert(sessionMeetings)
    .values({
      sessionId: meeting.sessionId,
      organizationLowId: Math.min(a, b),
      organizationHighId: Math.max(a, b),
      source: meeting.source,
      reason: meeting.reason,
      requestedByOrganizationId: meeting.requestedByOrganizationId,
      requestedBy: meeting.requestedBy,
    })
    .onConflictDoNothing()
    .returning({ id: sessionMeetings.id });
  return row ? { ok: true, id: row.id } : { ok: false, problem: 'duplicate' };
}

/** Removes a meeting of the session; `requestedByOrganizationId` restricts it to that organization's own requests. */
export async function removeMeeting(
  db: DbOrTx,
  sessionId: number,
  meetingId: number,
  requestedByOrganizationIds?: number[],
): Promise<boolean> {
  const own =
    requestedByOrganizationIds === undefined
      ? undefined
      : requestedByOrganizationIds.length
        ? sql`${sessionMeetings.requestedByOrganizationId} in (${sql.join(
            requestedByOrganizationIds.map((id) => sql`${id}`),
            sql`, `,
          )})`
        : sql`false`;
  const removed = await db
    .delete(sessionMeetings)
    .where(and(eq(sessionMeetings.sessionId, sessionId), eq(sessionMeetings.id, meetingId), own))
    .returning({ id: sessionMeetings.id });
  return removed.length > 0;
}

/** Adds each suggestion whose pair has no meeting yet; returns how many were added and how many existed. */
export async function addSuggestions(
  db: DbOrTx,
  sessionId: number,
  personId: number,
  suggestions: { organizationIds: [number, number]; reason: string }[],
): Promise<{ added: number; existing: number }> {
  let added = 0;
  for (const s of suggestions) {
    const result = await addMeeting(db, {
      sessionId,
      organizationIds: s.organizationIds,
      source: 'suggested',
      reason: s.reason,
      requestedByOrganizationId: null,
      requestedBy: personId,
    });
    if (result.ok) added++;
  }
  return { added, existing: suggestions.length - added };
}
