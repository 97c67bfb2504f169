/**
 * The background matching job: every run of the job checks whether any need changed (or a composition was
 * decided, which frees needs) since the last matching run started, and matches again only then.
 */
import { desc, max } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { compositions, matchingRuns, needs } from '../../db/schema';
import { type RunSummary, runMatching } from './matching-run';

export async function matchIfNeedsChanged(app: FastifyInstance): Promise<RunSummary | null> {
  const [[last], [needChange], [decision]] = await Promise.all([
    app.db.select({ at: matchingRuns.startedAt }).from(matchingRuns).orderBy(desc(matchingRuns.id)).limit(1),
    app.db.select({ at: max(needs.updatedAt) }).from(needs),
    app.db.select({ at: max(compositions.decidedAt) }).from(compositions),
  ]);
  const changed = [needChange?.at, decision?.at].some((at) => at && (!last || at > last.at));
  if (!changed) return null;
  return runMatching(app.db, { publicUrl: app.config.publicUrl, matcher: app.matcher.match });
}
