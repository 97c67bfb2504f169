/**
 * Matching runs never overlap, even with two apps on one database clicking "Recalculer" and running the
 * job at the same moment; a run killed mid-way (no end) stops counting once it is older than its limit
 * plus a margin, so the job matches again; a run cut short is closed as interrupted.
 */
import { asc, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tryWithLock, withLock } from '../../db/locks';
import { matchingRuns, needs } from '../../db/schema';
import { buildApp } from '../../server/app';
import { matchIfNeedsChanged } from '../../server/compositions/job';
import { DEAD_RUN_AFTER_MS, MATCHING_LOCK } from '../../server/compositions/matching-lock';
import { runMatching } from '../../server/compositions/matching-run';
import { createTestApp, type TestApp, testConfig } from '../support/app';
import { Browser } from '../support/browser';
import { TEST_PASSWORD } from '../support/factories';
import { makeMember, needOf, WEEK_A, WEEK_B } from './helpers';

let t: TestApp;
let second: FastifyInstance;
beforeAll(async () => {
  const limits = { rateLimit: { max: 10_000, windowMs: 60_000 } };
  t = await createTestApp(limits);
  second = await buildApp(testConfig({ ...limits, dataDir: t.config.dataDir }), {
    db: t.db,
    search: t.search,
  });
  await second.ready();
});
afterAll(async () => {
  await second?.close();
  await t?.close();
});

const runs = () => t.db.select().from(matchingRuns).orderBy(asc(matchingRuns.id));
const touchNeeds = () => t.db.update(needs).set({ updatedAt: sql`clock_timestamp()` });

/** Pairs of runs whose [started_at, finished_at] intervals intersect (an unfinished run never ends). */
async function overlaps() {
  const all = await runs();
  const end = (r: (typeof all)[number]) => r.finishedAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const found: [number, number][] = [];
  for (const a of all)
    for (const b of all)
      if (a.id < b.id && a.startedAt.getTime() <= end(b) && b.startedAt.getTime() <= end(a))
        found.push([a.id, b.id]);
  return found;
}

describe('locks', () => {
  it('let one holder at a time: a try while held does not run, a wait runs after the holder', async () => {
    let release = () => {};
    const held = withLock(t.db, 'essai', () => new Promise<void>((resolve) => (release = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await tryWithLock(t.db, 'essai', async () => 'ran')).toEqual({ ran: false });
    // Another name is another lock.
    expect(await tryWithLock(t.db, 'autre', async () => 'ran')).toEqual({ ran: true, value: 'ran' });
    const order: string[] = [];
    const waiting = withLock(t.db, 'essai', async () => order.push('waiter'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    order.push('release');
    release();
    await Promise.all([held, waiting]);
    expect(order).toEqual(['release', 'waiter']);
    expect(await tryWithLock(t.db, 'essai', async () => 'free')).toEqual({ ran: true, value: 'free' });
  });
});

describe('matching runs on two apps sharing a database', () => {
  it('never overlap under concurrent "Recalculer" and job runs', async () => {
    const a = await makeMember(t.db, 'Atelier Verrou');
    const b = await makeMember(t.db, 'Régie Verrou');
    await needOf(t.db, a.org.id, 21, WEEK_A, 'K2190');
    await needOf(t.db, b.org.id, 14, WEEK_B, 'K2190');
    const one = new Browser(t.app);
    const two = new Browser(second);
    await one.signIn(a.owner.email, TEST_PASSWORD);
    await two.signIn(b.owner.email, TEST_PASSWORD);

    const flashes: string[] = [];
    for (let round = 0; round < 3; round++) {
      await touchNeeds();
      const clicks = await Promise.all([
        one.post('/compositions/recalculer'),
        two.post('/compositions/recalculer'),
        matchIfNeedsChanged(t.app),
        matchIfNeedsChanged(second),
      ]);
      for (const click of clicks.slice(0, 2) as Awaited<ReturnType<Browser['post']>>[]) {
        expect(click.statusCode).toBe(303);
        flashes.push((await (click === clicks[0] ? one : two).get('/compositions')).body);
      }
    }
    expect(await overlaps()).toEqual([]);
    expect((await runs()).length).toBeGreaterThanOrEqual(3);
    expect((await runs()).every((r) => r.finishedAt && !r.interrupted)).toBe(true);
    // Every click got an answer a person understands: a result, "up to date", or "already running".
    for (const page of flashes)
      expect(page).toMatch(/Propositions recalculées|viennent d’être recalculées|déjà en cours/);
  });

  it('a click while another instance holds the run says a run is going on, and starts none', async () => {
    const before = (await runs()).length;
    const owner = (await makeMember(t.db, 'Atelier Patient')).owner;
    const browser = new Browser(second);
    await browser.signIn(owner.email, TEST_PASSWORD);
    let release = () => {};
    const held = tryWithLock(t.db, MATCHING_LOCK, () => new Promise<void>((resolve) => (release = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await touchNeeds();
    const response = await browser.post('/compositions/recalculer');
    expect(response.statusCode).toBe(303);
    expect((await browser.get('/compositions')).body).toContain(
      'Un calcul des propositions est déjà en cours',
    );
    expect(await matchIfNeedsChanged(t.app)).toBeNull();
    release();
    await held;
    expect((await runs()).length).toBe(before);
  });
});

describe('runs without an end', () => {
  it('one older than its limit plus the margin is closed as interrupted and the job matches again', async () => {
    await matchIfNeedsChanged(t.app); // whatever is pending
    const a = await makeMember(t.db, 'Atelier Relance');
    const b = await makeMember(t.db, 'Régie Relance');
    await needOf(t.db, a.org.id, 21, WEEK_A, 'K2191');
    await needOf(t.db, b.org.id, 14, WEEK_B, 'K2191');
    // An hour ago a run finished; then the needs changed; then a run started and was killed by a deploy.
    const ago = (seconds: number) => sql`now() - make_interval(secs => ${seconds})`;
    const deadAge = DEAD_RUN_AFTER_MS / 1000 + 60;
    await t.db.delete(matchingRuns);
    await t.db.insert(matchingRuns).values({ startedAt: ago(3600), finishedAt: ago(3590) });
    await t.db.update(needs).set({ updatedAt: ago(deadAge + 30) });
    const [dead] = await t.db
      .insert(matchingRuns)
      .values({ startedAt: ago(deadAge) })
      .returning();

    const summary = await matchIfNeedsChanged(t.app);
    expect(summary).not.toBeNull();
    const [closed] = await t.db.select().from(matchingRuns).where(eq(matchingRuns.id, dead.id));
    expect(closed.interrupted).toBe(true);
    expect(closed.finishedAt).not.toBeNull();
    expect(await overlaps()).toEqual([]);
    // Nothing changed since that run: the job rests.
    expect(await matchIfNeedsChanged(t.app)).toBeNull();
  });

  it('a younger one may still be running somewhere: nothing starts beside it', async () => {
    const [young] = await t.db.insert(matchingRuns).values({}).returning();
    await touchNeeds();
    expect(await matchIfNeedsChanged(second)).toBeNull();
    expect((await runs()).at(-1)?.id).toBe(young.id);
    await t.db.delete(matchingRuns).where(eq(matchingRuns.id, young.id));
  });

  it('a run cut short (the matcher stopped or failed) is closed as interrupted', async () => {
    await expect(
      runMatching(t.db, {
        matcher: () => {
          throw new Error('matcher stopped');
        },
      }),
    ).rejects.toThrow('matcher stopped');
    const last = (await runs()).at(-1);
    expect(last).toMatchObject({ interrupted: true, finishedAt: expect.any(Date) });
  });
});
