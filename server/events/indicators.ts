/**
 * The events' part of the territory indicators (/animation/indicateurs): over the sessions of the
 * territory held in the period, what the participants said came of their meetings (30-day follow-up) and
 * the anonymous satisfaction results. "GE à créer" and "composition convenue" answers are outcomes too,
 * so the outcome indicators already count them.
 */
import { and, gte, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { matchmakingSessions } from '../../db/schema';
import { parisInstant } from '../common/paris-time';
import { followUpCounts, satisfactionResults } from './feedback';
import { FOLLOW_UP_LABELS } from './schemas';

export async function eventIndicators(
  db: DbOrTx,
  departements: string[] | null,
  period: { from: string; to: string },
) {
  const end = new Date(parisInstant(period.to, 0).getTime() + 86_400_000);
  const rows = await db
    .select({ id: matchmakingSessions.id })
    .from(matchmakingSessions)
    .where(
      and(
        gte(matchmakingSessions.startsAt, parisInstant(period.from, 0)),
        lt(matchmakingSessions.startsAt, end),
        sql`${matchmakingSessions.status} <> 'cancelled'`,
        departements
          ? sql`${matchmakingSessions.departements} && ${sql.param(departements)}::text[]`
          : undefined,
      ),
    );
  const ids = rows.map((r) => r.id);
  const counts = await followUpCounts(db, ids);
  return {
    sessions: ids.length,
    followUps: Object.entries(FOLLOW_UP_LABELS).map(([key, label]) => ({
      label,
      count: counts[key as keyof typeof counts],
    })),
    satisfaction: await satisfactionResults(db, ids),
  };
}
