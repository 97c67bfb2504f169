/**
 * What participants say after a session: the 30-day follow-up (what came of their meetings) and the
 * satisfaction form. A follow-up answer "composition agreed" or "GE to create" is also recorded as an
 * outcome of the session (matchmaking_outcomes, with the organization), so the session's outcomes and the
 * indicators count it; answering again replaces the organization's answer and its outcomes. Satisfaction
 * answers are anonymous: the respondent is stored apart (one answer per organization), the answer without
 * any organization or person.
 */
import { and, avg, count, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import {
  type FollowUpAnswer,
  matchmakingFollowUps,
  matchmakingOutcomeOrganizations,
  matchmakingOutcomes,
  matchmakingSatisfaction,
  matchmakingSatisfactionRespondents,
} from '../../db/schema';

/** The note that marks the outcomes written by a follow-up answer (replaced when the answer changes). */
const FOLLOW_UP_NOTE = 'Réponse au suivi à 30 jours';

export async function getFollowUp(db: DbOrTx, sessionId: number, organizationId: number) {
  const [row] = await db
    .select()
    .from(matchmakingFollowUps)
    .where(
      and(
        eq(matchmakingFollowUps.sessionId, sessionId),
        eq(matchmakingFollowUps.organizationId, organizationId),
      ),
    );
  return row;
}

export async function saveFollowUp(
  db: DbOrTx,
  input: {
    sessionId: number;
    organizationId: number;
    personId: number;
    answers: FollowUpAnswer[];
    note: string;
  },
) {
  await db.transaction(async (tx) => {
    const values = {
      sessionId: input.sessionId,
      organizationId: input.organizationId,
      answers: input.answers,
      note: input.note,
      answeredBy: input.personId,
      answeredAt: new Date(),
    };
    await tx
      .insert(matchmakingFollowUps)
      .values(values)
      .onConflictDoUpdate({
        target: [matchmakingFollowUps.sessionId, matchmakingFollowUps.organizationId],
        set: values,
      });
    // The outcomes an earlier answer of this organization wrote go; the new answer writes its own.
    const earlier = await tx
      .select({ id: matchmakingOutcomes.id })
      .from(matchmakingOutcomes)
      .innerJoin(
        matchmakingOutcomeOrganizations,
        eq(matchmakingOutcomeOrganizations.outcomeId, matchmakingOutcomes.id),
      )
      .where(
        and(
          eq(matchmakingOutcomes.sessionId, input.sessionId),
          eq(matchmakingOutcomes.note, FOLLOW_UP_NOTE),
          eq(matchmakingOutcomeOrganizations.organizationId, input.organizationId),
        ),
      );
    if (earlier.length)
      await tx.delete(matchmakingOutcomes).where(
        inArray(
          matchmakingOutcomes.id,
          earlier.map((o) => o.id),
        ),
      );
    for (const kind of input.answers) {
      if (kind !== 'composition_agreed' && kind !== 'ge_to_create') continue;
      const [outcome] = await tx
        .insert(matchmakingOutcomes)
        .values({ sessionId: input.sessionId, kind, note: FOLLOW_UP_NOTE, createdBy: input.personId })
        .returning({ id: matchmakingOutcomes.id });
      await tx
        .insert(matchmakingOutcomeOrganizations)
        .values({ outcomeId: outcome.id, organizationId: input.organizationId });
    }
  });
}

/** How many organizations gave each follow-up answer, for one session or (null) every session. */
export async function followUpCounts(db: DbOrTx, sessionIds: number[] | null) {
  const rows = await db
    .select({ answer: sql<string>`unnest(${matchmakingFollowUps.answers})`, n: count() })
    .from(matchmakingFollowUps)
    .where(
      sessionIds === null
        ? undefined
        : inArray(matchmakingFollowUps.sessionId, sessionIds.length ? sessionIds : [0]),
    )
    .groupBy(sql`1`);
  const counts: Record<FollowUpAnswer, number> = {
    composition_agreed: 0,
    ge_to_create: 0,
    partnership: 0,
    nothing_yet: 0,
  };
  for (const r of rows) if (r.answer in counts) counts[r.answer as FollowUpAnswer] = Number(r.n);
  return counts;
}

export async function hasAnsweredSatisfaction(db: DbOrTx, sessionId: number, organizationId: number) {
  const [row] = await db
    .select({ id: matchmakingSatisfactionRespondents.organizationId })
    .from(matchmakingSatisfactionRespondents)
    .where(
      and(
        eq(matchmakingSatisfactionRespondents.sessionId, sessionId),
        eq(matchmakingSatisfactionRespondents.organizationId, organizationId),
      ),
    );
  return Boolean(row);
}

/** Records one anonymous answer; false when the organization has answered already (its key refuses it). */
export async function saveSatisfaction(
  db: DbOrTx,
  input: {
    sessionId: number;
    organizationId: number;
    usefulness: number;
    organisation: number;
    wouldReturn: boolean;
    comment: string;
  },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const first = await tx
      .insert(matchmakingSatisfactionRespondents)
      .values({ sessionId: input.sessionId, organizationId: input.organizationId })
      .onConflictDoNothing()
      .returning({ id: matchmakingSatisfactionRespondents.organizationId });
    if (!first.length) return false;
    await tx.insert(matchmakingSatisfaction).values({
      sessionId: input.sessionId,
      usefulness: input.usefulness,
      organisation: input.organisation,
      wouldReturn: input.wouldReturn,
      comment: input.comment,
    });
    return true;
  });
}

/** The results: answers, mean marks, share who would come back, and the comments in random order. */
export async function satisfactionResults(db: DbOrTx, sessionIds: number[] | null) {
  const where =
    sessionIds === null
      ? undefined
      : inArray(matchmakingSatisfaction.sessionId, sessionIds.length ? sessionIds : [0]);
  const [summary] = await db
    .select({
      answers: count(),
      usefulness: avg(matchmakingSatisfaction.usefulness),
      organisation: avg(matchmakingSatisfaction.organisation),
      wouldReturn: sql<number>`count(*) filter (where ${matchmakingSatisfaction.wouldReturn})`.mapWith(
        Number,
      ),
    })
    .from(matchmakingSatisfaction)
    .where(where);
  // Random order, so the order of the comments says nothing about who answered when.
  const comments = await db
    .select({ comment: matchmakingSatisfaction.comment })
    .from(matchmakingSatisfaction)
    .where(and(where, sql`${matchmakingSatisfaction.comment} <> ''`))
    .orderBy(sql`random()`)
    .limit(50);
  const mark = (v: string | null) => (v === null ? null : Math.round(Number(v) * 10) / 10);
  return {
    answers: Number(summary.answers),
    usefulness: mark(summary.usefulness),
    organisation: mark(summary.organisation),
    wouldReturnPercent: summary.answers
      ? Math.round((100 * summary.wouldReturn) / Number(summary.answers))
      : null,
    comments: comments.map((c) => c.comment),
  };
}
