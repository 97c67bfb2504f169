/**
 * Whether the proposals are up to date: the one definition of "something changed since the last run"
 * that the matching job acts on (job.ts) and the composition pages show ("calcul en cours").
 *
 * A change is a need edited (its updated_at), a composition decided (frees or holds needs), or a
 * matching request: an organization validated or rejected (`requestMatching`, in the transaction of
 * the change). Every instance reads the same rows, so the answer does not depend on which one asks.
 */
import { and, gt, isNull, lt, max, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { compositions, matchingRequests, matchingRuns, needs } from '../../db/schema';
import { DEAD_RUN_AFTER_MS, lastFinishedRunStart } from './matching-lock';

/** Asks for a matching run (picked up by the job within its interval), in the caller's transaction. */
export async function requestMatching(db: DbOrTx, reason: string): Promise<void> {
  await db.insert(matchingRequests).values({ reason });
}

/** The latest change that matching has to take into account, or null when nothing ever changed. */
export async function latestMatchingChange(db: Db): Promise<Date | null> {
  const [[need], [decision], [request]] = await Promise.all([
    db.select({ at: max(needs.updatedAt) }).from(needs),
    db.select({ at: max(compositions.decidedAt) }).from(compositions),
    db.select({ at: max(matchingRequests.requestedAt) }).from(matchingRequests),
  ]);
  const dates = [need?.at, decision?.at, request?.at].filter((d): d is Date => d instanceof Date);
  return dates.length ? new Date(Math.max(...dates.map((d) => d.getTime()))) : null;
}

/** True when something changed after the start of the last finished run (or no run ever finished). */
export async function changedSinceLastRun(db: Db): Promise<boolean> {
  const [last, change] = await Promise.all([lastFinishedRunStart(db), latestMatchingChange(db)]);
  return Boolean(change && (!last || change > last));
}

/** Requests older than the start of a finished run are answered: the table stays small. */
export async function forgetAnsweredRequests(db: Db, runStartedAt: Date): Promise<void> {
  await db.delete(matchingRequests).where(lt(matchingRequests.requestedAt, runStartedAt));
}

export type MatchingState = 'idle' | 'pending' | 'running';

/**
 * 'running' while a run is open (on any instance; a run older than its time limit is a dead one and
 * does not count), 'pending' when a change waits for the job, 'idle' when the proposals are current.
 */
export async function matchingState(db: Db): Promise<MatchingState> {
  const aliveAfter = sql`now() - make_interval(secs => ${DEAD_RUN_AFTER_MS / 1000})`;
  const [[open], changed] = await Promise.all([
    db
      .select({ id: matchingRuns.id })
      .from(matchingRuns)
      .where(and(isNull(matchingRuns.finishedAt), gt(matchingRuns.startedAt, aliveAfter)))
      .limit(1),
    changedSinceLastRun(db),
  ]);
  if (open) return 'running';
  return changed ? 'pending' : 'idle';
}
