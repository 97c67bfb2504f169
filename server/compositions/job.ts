/**
 * The background matching job: every run of the job checks whether anything changed (matching-status.ts:
 * a need, a decided composition, a matching request such as an organization validated) since the last
 * finished matching run started, and matches again only then. It runs under the matching lock
 * (matching-lock.ts): with several instances, one run at a time.
 */
import type { FastifyInstance } from 'fastify';
import { lastFinishedRunStart, withMatchingLock } from './matching-lock';
import { type RunSummary, runMatching } from './matching-run';
import { changedSinceLastRun, forgetAnsweredRequests } from './matching-status';

/** The run's summary; null when nothing changed or another instance's run is in progress. */
export async function matchIfNeedsChanged(app: FastifyInstance): Promise<RunSummary | null> {
  const outcome = await withMatchingLock(app.db, async () => {
    if (!(await changedSinceLastRun(app.db))) return null;
    const summary = await runMatching(app.db, {
      publicUrl: app.config.publicUrl,
      matcher: app.matcher.match,
    });
    const started = await lastFinishedRunStart(app.db);
    if (started) await forgetAnsweredRequests(app.db, started);
    return summary;
  });
  return outcome.status === 'ran' ? outcome.value : null;
}
