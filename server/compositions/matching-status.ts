/**
 * Whether the proposals are up to date: the one definition of "something changed since the last run"
 * that the matching job acts on (job.ts) and the composition pages show ("calcul en cours").
 *
 * A change is a need edited (its updated_at), a composition decided (frees or holds needs), or a
 * matching request: an organization validated or rejected (`requestMatching`, in the transaction of
 * the change). Every instance reads the same rows, so the answer does not depend on which one asks.
 */
import { lt, max, sql } from 'drizzle-orm';
import { type Db, type DbOrTx, rawRows } from '../../db/client';
import { compositions, matchingRequests, needs } from '../../db/schema';
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
  // One statement, since every composition page asks (tests/pages/query-counts.test.ts): the same
  // reads as changedSinceLastRun plus an open run; greatest() skips nulls.
  const [row] = await rawRows<{ running: boolean; changed: boolean | null }>(
    db,
    sql`select
      exists(select 1 from matching_runs where finished_at is null
        and started_at > now() - make_interval(secs => ${DEAD_RUN_AFTER_MS / 1000})) as running,
      greatest((select max(updated_at) from needs), (select max(decided_at) from compositions),
        (select max(requested_at) from matching_requests))
      > coalesce((select started_at from matching_runs where finished_at is not null and not interrupted
        order by id desc limit 1), '-infinity'::timestamptz) as changed`,
  );
  if (row?.running) return 'running';
  return row?.changed ? 'pending' : 'idle';
}
