/**
 * Recurring series (the Club RH that meets every two months): a session is duplicated to a new date with
 * its territory, scope (needs, offers), invited structures and registration settings; both belong to the
 * same series (created on the first duplicate, named after the session). The series page lists its
 * sessions with their outcomes over time.
 */
import { asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import {
  matchmakingEventSettings,
  matchmakingOutcomes,
  matchmakingSeries,
  matchmakingSessionNeeds,
  matchmakingSessionOffers,
  matchmakingSessionOrganizations,
  matchmakingSessions,
} from '../../db/schema';
import { parisDay, parisInstant, parisMinutes } from '../common/paris-time';
import type { SessionRow } from '../matchmaking/service';

/** Duplicates `session` to `day` (YYYY-MM-DD, same Paris clock times); returns the new session's id. */
export async function duplicateSession(db: DbOrTx, session: SessionRow, day: string, personId: number) {
  return db.transaction(async (tx) => {
    const [settings] = await tx
      .select()
      .from(matchmakingEventSettings)
      .where(eq(matchmakingEventSettings.sessionId, session.id))
      .for('update');
    let seriesId = settings?.seriesId ?? null;
    if (seriesId === null) {
      const [series] = await tx
        .insert(matchmakingSeries)
        .values({ title: session.title, createdBy: personId })
        .returning({ id: matchmakingSeries.id });
      seriesId = series.id;
    }
    // Same Paris clock times on the new day (a DST change in between keeps 9:30 at 9:30).
    const shift = (d: Date) => {
      const moved = parisInstant(day, parisMinutes(d));
      return parisDay(d) === parisDay(session.startsAt) ? moved : new Date(moved.getTime() + 86_400_000);
    };
    const [copy] = await tx
      .insert(matchmakingSessions)
      .values({
        kind: session.kind,
        title: session.title,
        startsAt: shift(session.startsAt),
        endsAt: shift(session.endsAt),
        place: session.place,
        communeCode: session.communeCode,
        communeName: session.communeName,
        departements: session.departements,
        description: session.description,
        createdBy: personId,
      })
      .returning({ id: matchmakingSessions.id });
    await tx.execute(sql`insert into ${matchmakingSessionOrganizations} (session_id, organization_id)
      select ${copy.id}, organization_id from ${matchmakingSessionOrganizations} where session_id = ${session.id}`);
    await tx.execute(sql`insert into ${matchmakingSessionNeeds} (session_id, need_id)
      select ${copy.id}, need_id from ${matchmakingSessionNeeds} where session_id = ${session.id}`);
    await tx.execute(sql`insert into ${matchmakingSessionOffers} (session_id, offer_id)
      select ${copy.id}, offer_id from ${matchmakingSessionOffers} where session_id = ${session.id}`);
    const base = {
      open: settings?.open ?? false,
      programme: settings?.programme ?? '',
      audience: settings?.audience ?? '',
      capacity: settings?.capacity ?? null,
      autoAccept: settings?.autoAccept ?? false,
      seriesId,
    };
    await tx
      .insert(matchmakingEventSettings)
      .values({ sessionId: session.id, ...base, open: settings?.open ?? false })
      .onConflictDoUpdate({ target: matchmakingEventSettings.sessionId, set: { seriesId } });
    await tx.insert(matchmakingEventSettings).values({ sessionId: copy.id, ...base });
    return { id: copy.id, seriesId };
  });
}

export async function getSeries(db: DbOrTx, id: number) {
  const [row] = await db.select().from(matchmakingSeries).where(eq(matchmakingSeries.id, id));
  return row;
}

/** The sessions of a series, oldest first, with their participants and outcomes by kind. */
export async function seriesSessions(db: DbOrTx, seriesId: number) {
  const sessions = await db
    .select({ session: matchmakingSessions })
    .from(matchmakingEventSettings)
    .innerJoin(matchmakingSessions, eq(matchmakingSessions.id, matchmakingEventSettings.sessionId))
    .where(eq(matchmakingEventSettings.seriesId, seriesId))
    .orderBy(asc(matchmakingSessions.startsAt));
  const ids = sessions.map((s) => s.session.id);
  const outcomes = ids.length
    ? await db
        .select({ sessionId: matchmakingOutcomes.sessionId, kind: matchmakingOutcomes.kind, n: count() })
        .from(matchmakingOutcomes)
        .where(inArray(matchmakingOutcomes.sessionId, ids))
        .groupBy(matchmakingOutcomes.sessionId, matchmakingOutcomes.kind)
    : [];
  const participants = ids.length
    ? await db
        .select({ sessionId: matchmakingSessionOrganizations.sessionId, n: count() })
        .from(matchmakingSessionOrganizations)
        .where(inArray(matchmakingSessionOrganizations.sessionId, ids))
        .groupBy(matchmakingSessionOrganizations.sessionId)
    : [];
  return sessions.map(({ session }) => ({
    session,
    participants: Number(participants.find((p) => p.sessionId === session.id)?.n ?? 0),
    outcomes: Object.fromEntries(
      outcomes.filter((o) => o.sessionId === session.id).map((o) => [o.kind, Number(o.n)]),
    ) as Record<string, number>,
  }));
}
