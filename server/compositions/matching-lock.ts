/**
 * Matching runs never overlap, whichever instance starts them (the job every 30 s, "Recalculer"): a run
 * takes the `matching` lock (db/locks.ts) and a second one finds it held and does not start. So the rows
 * of matching_runs never have intersecting [started_at, finished_at] intervals.
 *
 * A run without an end is one that died (a deploy or a crash killed its process; its lock went with the
 * connection). Once it is older than its time limit plus a margin, the next run under the lock closes it
 * as interrupted, and the job compares changes with the last run that did finish: the job matches again
 * instead of believing everything was matched. A younger run without an end is left alone and nothing
 * starts (a lock lost with its connection while the run went on must not give two runs at once).
 */
import { and, desc, eq, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { tryWithLock } from '../../db/locks';
import { matchingRuns } from '../../db/schema';
import { RUN_TIME_LIMIT_MS, type RunOptions, type RunSummary, runMatching } from './matching-run';

export const MATCHING_LOCK = 'matching';

/** Reading the needs and storing proposals come on top of the matcher's time limit: a generous margin. */
export const DEAD_RUN_AFTER_MS = RUN_TIME_LIMIT_MS + 120_000;

export type Exclusive<T> = { status: 'ran'; value: T } | { status: 'busy' };

/** The start of the last run that finished (interrupted ones left out), or null. */
export async function lastFinishedRunStart(db: Db): Promise<Date | null> {
  const [last] = await db
    .select({ at: matchingRuns.startedAt })
    .from(matchingRuns)
    .where(and(isNotNull(matchingRuns.finishedAt), eq(matchingRuns.interrupted, false)))
    .orderBy(desc(matchingRuns.id))
    .limit(1);
  return last?.at ?? null;
}

/** Closes runs without an end older than DEAD_RUN_AFTER_MS; true when a younger one is still open. */
async function reapDeadRuns(db: Db): Promise<boolean> {
  const deadBefore = sql`now() - make_interval(secs => ${DEAD_RUN_AFTER_MS / 1000})`;
  await db
    .update(matchingRuns)
    .set({ finishedAt: sql`clock_timestamp()`, interrupted: true })
    .where(and(isNull(matchingRuns.finishedAt), lt(matchingRuns.startedAt, deadBefore)));
  const [open] = await db
    .select({ id: matchingRuns.id })
    .from(matchingRuns)
    .where(isNull(matchingRuns.finishedAt))
    .limit(1);
  return Boolean(open);
}

/**
 * Runs `work` (which starts a matching run) holding the matching lock, once dead runs are closed;
 * `busy` when another run is in progress on any instance.
 */
export async function withMatchingLock<T>(db: Db, work: () => Promise<T>): Promise<Exclusive<T>> {
  const outcome = await tryWithLock(db, MATCHING_LOCK, async (): Promise<Exclusive<T>> => {
    if (await reapDeadRuns(db)) return { status: 'busy' };
    return { status: 'ran', value: await work() };
  });
  return outcome.ran ? outcome.value : { status: 'busy' };
}

/** A run on demand is skipped when one started this recently: the button stays cheap. */
export const RUN_COOLDOWN_MS = 15_000;

/**
 * "Recalculer": a run under the matching lock, so a click while a run goes on (on any instance) starts
 * nothing (`busy`); null when a finished run started less than RUN_COOLDOWN_MS ago (up to date).
 */
export function runMatchingOnDemand(db: Db, options: RunOptions): Promise<Exclusive<RunSummary | null>> {
  return withMatchingLock(db, async () => {
    const last = await lastFinishedRunStart(db);
    if (last && last.getTime() > Date.now() - RUN_COOLDOWN_MS) return null;
    return runMatching(db, options);
  });
}
