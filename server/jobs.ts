/**
 * Background work of a running server (main.ts starts it; tests call the pieces directly):
 * each job runs on its own interval, never overlaps itself, and logs failures instead of crashing.
 * Every instance runs every job; what must not run twice at once takes a lock shared through the
 * database (matching, digests, purges: db/locks.ts) or claims rows (mail with a lease, the search
 * outbox with SKIP LOCKED).
 */
import type { FastifyInstance } from 'fastify';
import { refreshPlannerStatistics } from '../db/client';
import { tryWithLock } from '../db/locks';
import { purgeExpiredSignUps } from './accounts/sign-up';
import { sendAlertDigests } from './alerts/job';
import { purgeRateLimits } from './common/rate-limit';
import { matchIfNeedsChanged } from './compositions/job';
import { sendEventMails } from './events/reminders';
import { sweepAbandoned } from './facilitation/import-batches';
import { purgeExpiredCandidates } from './posts/service';

/**
 * Rows whose time is over: candidates past their keeping time, ended rate-limit windows, stale sign-ups,
 * and what an import left when its instance stopped mid-way (its lease run out; the next import would
 * undo it too, but there may be none for a while).
 */
export function purgeExpired(app: FastifyInstance) {
  return tryWithLock(app.db, 'purges', async () => ({
    candidates: await purgeExpiredCandidates(app.db),
    rateLimits: await purgeRateLimits(app.db),
    signUps: await purgeExpiredSignUps(app.db),
    abandonedImports: await sweepAbandoned(app.db),
  }));
}

export interface Job {
  name: string;
  everyMs: number;
  run(app: FastifyInstance): Promise<unknown>;
  /** Cuts a run in progress short when the server stops, instead of waiting for it. */
  cancel?(app: FastifyInstance): Promise<unknown>;
  /** Whether a run (given what it returned) did heavy work, whose garbage is worth collecting after it. */
  heavy?(result: unknown): boolean;
}

export const JOBS: Job[] = [
  { name: 'mail', everyMs: 5_000, run: (app) => app.mailer.drain() },
  { name: 'search-index', everyMs: 1_000, run: (app) => app.searchIndexer.drain() },
  { name: 'search-alerts', everyMs: 600_000, run: (app) => sendAlertDigests(app) },
  // The matcher runs in a worker thread (app.matcher) for up to 10 s; stopping terminates it.
  {
    name: 'matching',
    everyMs: 30_000,
    run: (app) => matchIfNeedsChanged(app),
    cancel: (app) => app.matcher.close(),
    heavy: (summary) => summary !== null,
  },
  { name: 'purge', everyMs: 3_600_000, run: (app) => purgeExpired(app) },
  // Session reminders (a week and a day before) and the 30-day follow-up: claimed rows, sent once.
  {
    name: 'event-mails',
    everyMs: 600_000,
    run: (app) => sendEventMails(app.db, { publicUrl: app.config.publicUrl, mailFrom: app.config.mailFrom }),
  },
  // Embedded PGlite has no autovacuum to keep the planner's statistics fresh (a server's does it).
  {
    name: 'planner-statistics',
    everyMs: 3_600_000,
    run: async (app) => {
      if (!app.config.databaseUrl) await refreshPlannerStatistics(app.db);
    },
  },
];

/** `afterHeavyRun`: told when a heavy run ended (serve.ts's idle collection, db/idle-gc.ts). */
export function startBackgroundJobs(
  app: FastifyInstance,
  jobs: Job[] = JOBS,
  options: { afterHeavyRun?: () => void } = {},
): () => Promise<void> {
  const running = new Map<string, Promise<unknown>>();
  let stopping = false;
  const timers = jobs.map((job) =>
    setInterval(() => {
      if (running.has(job.name)) return;
      const task = job
        .run(app)
        .then((result) => {
          if (job.heavy?.(result)) options.afterHeavyRun?.();
        })
        .catch((err) => {
          if (!stopping) app.log.warn({ err, job: job.name }, 'background job failed');
        })
        .finally(() => running.delete(job.name));
      running.set(job.name, task);
    }, job.everyMs).unref(),
  );
  return async () => {
    stopping = true;
    for (const t of timers) clearInterval(t);
    await Promise.allSettled(
      jobs.filter((job) => job.cancel && running.has(job.name)).map((job) => job.cancel?.(app)),
    );
    await Promise.allSettled(running.values());
  };
}
