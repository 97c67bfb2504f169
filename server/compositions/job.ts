/**
 * The background matching job: every run of the job checks whether any need changed (or a composition was
 * decided, which frees needs) since the last finished matching run started, and matches again only then.
 * It runs under the matching lock (matching-lock.ts): with several instances, one run at a time.
 */
import { max } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { compositions, needs } from '../../db/schema';
import { lastFinishedRunStart, withMatchingLock } from './matching-lock';
import { type RunSummary, runMatching } from './matching-run';

/** The run's summary; null when nothing changed or another instance's run is in progress. */
export async function matchIfNeedsChanged(app: FastifyInstance): Promise<RunSummary | null> {
  const outcome = await withMatchingLock(app.db, async () => {
    const [last, [needChange], [decision]] = await Promise.all([
      lastFinishedRunStart(app.db),
      app.db.select({ at: max(needs.updatedAt) }).from(needs),
      app.db.select({ at: max(compositions.decidedAt) }).from(compositions),
    ]);
    const changed = [needChange?.at, decision?.at].some((at) => at && (!last || at > last));
    if (!changed) return null;
    return runMatching(app.db, { publicUrl: app.config.publicUrl, matcher: app.matcher.match });
  });
  return outcome.status === 'ran' ? outcome.value : null;
}
