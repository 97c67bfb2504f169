/**
 * The web process runs the matcher in a worker thread (server/compositions/matcher-pool.ts, `app.matcher`): requests
 * are answered while a long run is in progress, runs store the same proposals as the in-process matcher,
 * and stopping the server cuts a run short instead of waiting for it.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compositions } from '../../db/schema';
import { generateInstance } from '../../scripts/bench/matching/generate';
import { loadHighs } from '../../server/compositions/highs-runtime';
import { matchIfNeedsChanged } from '../../server/compositions/job';
import { createMatcherPool, MatcherStopped } from '../../server/compositions/matcher-pool';
import { runMatching } from '../../server/compositions/matching-run';
import { startBackgroundJobs } from '../../server/jobs';
import { match, suggest } from '../../server/matching';
import { createTestApp, type TestApp } from '../support/app';
import { makeMember, makeNeed, WEEK_A, WEEK_B } from '../support/factories';

/** One town, one role, 150 needs: the matcher cannot prove it within seconds, so it uses its whole limit. */
const dense = generateInstance({ size: 150, seed: 1, towns: 1, roles: 1 });

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('the matcher in a worker thread', () => {
  it('answers a request while a long matching run is in progress', async () => {
    const order: string[] = [];
    const run = t.app.matcher.match(dense, { timeLimitMs: 3_000 }).then((result) => {
      order.push('matching run');
      return result;
    });
    const response = await t.app.inject({ url: '/healthz' });
    order.push('request');
    const result = await run;

    expect(response.statusCode).toBe(200);
    expect(order).toEqual(['request', 'matching run']);
    // The worker's answer is the matcher's result, cloned across the thread boundary.
    expect(result.positions.length).toBeGreaterThan(20);
    expect(result.positions[0].needs[0]).toEqual({ id: expect.any(String), slots: expect.any(Array) });
  });

  it('gives the same result as match() in the process when the search completes', async () => {
    const small = generateInstance({ size: 200, seed: 2 });
    const inWorker = await t.app.matcher.match(small, { timeLimitMs: 10_000 });
    const inProcess = match(small, { timeLimitMs: 10_000 });
    expect(inWorker.stats.provedOptimal).toBe(true);
    expect(inWorker.positions).toEqual(inProcess.positions);
    expect(inWorker.partials).toEqual(inProcess.partials);
  });

  it('runs with HiGHS and gives the suggestions when asked, as the process does with HiGHS', async () => {
    const instance = generateInstance({ size: 300, seed: 4 });
    const highs = await loadHighs();
    expect(highs).toBeDefined();
    const inWorker = await t.app.matcher.match(instance, { timeLimitMs: 10_000, suggestTimeLimitMs: 10_000 });
    const inProcess = match(instance, { timeLimitMs: 10_000, highs });
    expect(inWorker.stats.provedOptimal).toBe(true);
    expect(inWorker.positions).toEqual(inProcess.positions);
    expect(inWorker.suggestions?.length).toBeGreaterThan(0);
    expect(inWorker.suggestions).toEqual(suggest(instance, inProcess, { timeLimitMs: 10_000, highs }));
    // Without a budget for them, no suggestions are computed.
    expect((await t.app.matcher.match(instance, { timeLimitMs: 10_000 })).suggestions).toBeUndefined();
  });

  it('stores the proposals of a run started by the background job', async () => {
    const a = await makeMember(t.db, { name: 'Atelier Worker' });
    const b = await makeMember(t.db, { name: 'Régie Worker' });
    const na = await makeNeed(t.db, { org: a.org, hours: 21, slots: WEEK_A, role: 'K2111' });
    const nb = await makeNeed(t.db, { org: b.org, hours: 14, slots: WEEK_B, role: 'K2111' });

    const summary = await matchIfNeedsChanged(t.app);
    expect(summary).toMatchObject({ proposed: 1 });
    const stored = await t.db
      .select()
      .from(compositions)
      .where(and(eq(compositions.roleCode, 'K2111'), eq(compositions.status, 'proposed')));
    expect(stored).toHaveLength(1);
    expect(stored[0].signature).toBe(`${na.id}:${na.version},${nb.id}:${nb.version}`);
    // Nothing changed since: the job does not run again.
    expect(await matchIfNeedsChanged(t.app)).toBeNull();
  });

  it('runs one at a time and answers each run', async () => {
    const [first, second] = await Promise.all([
      runMatching(t.db, { roleCode: 'K2112', matcher: t.app.matcher.match }),
      t.app.matcher.match(generateInstance({ size: 50, seed: 3 }), { timeLimitMs: 5_000 }),
    ]);
    expect(first).toMatchObject({ needs: 0, proposed: 0 });
    expect(second.positions).toHaveLength(1);
  });
});

describe('a worker that does not answer in time', () => {
  it('is terminated, its run fails, and the next run gets a new worker', async () => {
    // No grace: a 1 ms run cannot answer in time (the worker alone takes longer to start).
    const pool = createMatcherPool({ graceMs: 0 });
    try {
      await expect(pool.match(dense, { timeLimitMs: 1 })).rejects.toThrow(/did not answer within 1 ms/);
      const next = await pool.match(generateInstance({ size: 50, seed: 3 }), { timeLimitMs: 20_000 });
      expect(next.positions).toHaveLength(1);
    } finally {
      await pool.close();
    }
  });
});

describe('an idle worker', () => {
  it('is terminated after idleMs, and the next run starts a new one', async () => {
    const pool = createMatcherPool({ idleMs: 100 });
    try {
      const small = generateInstance({ size: 50, seed: 3 });
      expect((await pool.match(small, { timeLimitMs: 20_000 })).positions).toHaveLength(1);
      expect(pool.hasWorker()).toBe(true);
      for (let i = 0; i < 100 && pool.hasWorker(); i++) await new Promise((r) => setTimeout(r, 50));
      expect(pool.hasWorker()).toBe(false);
      expect((await pool.match(small, { timeLimitMs: 20_000 })).positions).toHaveLength(1);
    } finally {
      await pool.close();
    }
  });
});

describe('stopping the server', () => {
  it('cuts the matching job short and the app closes', async () => {
    const other = await createTestApp();
    let outcome: unknown = 'still running';
    const stop = startBackgroundJobs(other.app, [
      {
        name: 'matching',
        everyMs: 5,
        run: (app) =>
          app.matcher.match(dense, { timeLimitMs: 60_000 }).then(
            () => (outcome = 'finished'),
            (err) => (outcome = err),
          ),
        cancel: (app) => app.matcher.close(),
      },
    ]);
    // Let the interval fire and the worker take the run.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await stop();
    await other.close();
    expect(outcome).toBeInstanceOf(MatcherStopped);
    await expect(other.app.matcher.match(dense)).rejects.toBeInstanceOf(MatcherStopped);
  });
});
