/**
 * Whether the proposals are up to date: the one definition of "something changed since the last run"
 * that the matching job acts on (job.ts) and the composition pages show ("calcul en cours").
 *
 * A change is a need edited (its updated_at), a composition decided (frees or holds needs), or a
 * matching request: an organization validated or rejected (`requestMatching`, in the transaction of
 * the change). Every instance reads the same rows, so the answer does not depend on which one asks.
 */
import { lt, sql } from 'drizzle-orm';
import { type Db, type DbOrTx, rawRows } from '../../db/client';
import type { ReadCache } from '../../db/read-cache';
import { compositions, matchingRequests, matchingRuns, needs } from '../../db/schema';
import { DEAD_RUN_AFTER_MS } from './matching-lock';

/** Asks for a matching run (picked up by the job within its interval), in the caller's transaction. */
export async function requestMatching(db: DbOrTx, reason: string): Promise<void> {
  await db.insert(matchingRequests).values({ reason });
}

/**
 * Whether the latest change (a need edited, a composition decided, a matching request) came after the
 * start of the last finished run, or no run ever finished. One SQL expression for the job and the pages,
 * so that they cannot disagree; greatest() skips nulls, and the three max() read indexes.
 */
const changedSinceLastFinishedRun = sql<boolean>`greatest(
    (select max(${needs.updatedAt}) from ${needs}),
    (select max(${compositions.decidedAt}) from ${compositions}),
    (select max(${matchingRequests.requestedAt}) from ${matchingRequests}))
  > coalesce((select ${matchingRuns.startedAt} from ${matchingRuns}
      where ${matchingRuns.finishedAt} is not null and not ${matchingRuns.interrupted}
      order by ${matchingRuns.id} desc limit 1), '-infinity'::timestamptz)`;

/** True when something changed after the start of the last finished run (or no run ever finished). */
export async function changedSinceLastRun(db: Db): Promise<boolean> {
  const [row] = await rawRows<{ changed: boolean | null }>(
    db,
    sql`select ${changedSinceLastFinishedRun} as changed`,
  );
  return Boolean(row?.changed);
}

/** Requests older than the start of a finished run are answered: the table stays small. */
export async function forgetAnsweredRequests(db: Db, runStartedAt: Date): Promise<void> {
  await db.delete(matchingRequests).where(lt(matchingRequests.requestedAt, runStartedAt));
}

export type MatchingState = 'idle' | 'pending' | 'running';

/**
 * matchingState through the read cache (db/read-cache.ts): every composition page asks. A run that dies
 * without finishing stops counting as running once the entry expires (a minute at most).
 */
export function cachedMatchingState(cache: ReadCache, db: Db): Promise<MatchingState> {
  return cache.read('matching-state', [matchingRuns, needs, compositions, matchingRequests], () =>
    matchingState(db),
  );
}

/**
 * 'running' while a run is open (on any instance; a run older than its time limit is a dead one and
 * does not count), 'pending' when a change waits for the job, 'idle' when the proposals are current.
 */
export async function matchingState(db: Db): Promise<MatchingState> {
  // One statement, since every composition page asks (tests/pages/query-counts.test.ts).
  const [row] = await rawRows<{ running: boolean; changed: boolean | null }>(
    db,
    sql`select
      exists(select 1 from ${matchingRuns} where ${matchingRuns.finishedAt} is null
        and ${matchingRuns.startedAt} > now() - make_interval(secs => ${DEAD_RUN_AFTER_MS / 1000})) as running,
      ${changedSinceLastFinishedRun} as changed`,
  );
  if (row?.running) return 'running';
  return row?.changed ? 'pending' : 'idle';
}
