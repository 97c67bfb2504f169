/**
 * The demo's upcoming Club RH comes with 1:1 meetings: suggested and requested meetings with their
 * reasons, slots, tables and a valid plan; the demo facilitator sees the grid and every invited demo
 * structure its agenda.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchmakingSessions, memberships, people } from '../../db/schema';
import { DEMO_PASSWORD, loadDemo } from '../../scripts/demo';
import { type Board, loadBoard } from '../../server/meetings/board';
import { scheduleInput, storedAssignments } from '../../server/meetings/plan';
import { validatePlan } from '../../server/scheduling';
import { createTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';

let t: TestApp;
let board: Board;

beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 1000, windowMs: 60_000 } });
  await loadDemo(t.db, { publicUrl: t.config.publicUrl });
  const [session] = await t.db
    .select()
    .from(matchmakingSessions)
    .where(eq(matchmakingSessions.status, 'planned'));
  board = await loadBoard(t.db, session);
}, 60_000);
afterAll(() => t.close());

describe('demo meetings', () => {
  it('has requests with reasons, slots, tables and a valid plan', () => {
    expect(board.meetings.length).toBeGreaterThanOrEqual(5);
    expect(board.meetings.some((m) => m.source === 'participant' && m.reason)).toBe(true);
    expect(board.slots).toHaveLength(6);
    expect(board.tables).toHaveLength(3);
    const assignments = storedAssignments(board);
    expect(assignments.length).toBeGreaterThan(0);
    expect(validatePlan(scheduleInput(board), { assignments })).toEqual([]);
    expect(board.plan.stats?.scheduled).toBe(assignments.length);
  });

  it('shows the grid to the demo facilitator and the agenda to an invited structure’s member', async () => {
    const facilitator = new Browser(t.app);
    await facilitator.signIn('animation@demo.invalid', DEMO_PASSWORD);
    const grid = await facilitator.get(`/animation/rencontres/${board.session.id}/rendez-vous/planning`);
    expect(grid.statusCode).toBe(200);
    expect(grid.body).toContain('meetings-cell-taken');

    const placed = board.meetings.find((m) => m.slotId !== null) as Board['meetings'][number];
    const [member] = await t.db
      .select({ email: people.email })
      .from(memberships)
      .innerJoin(people, eq(people.id, memberships.personId))
      .where(eq(memberships.organizationId, placed.organizationLowId))
      .limit(1);
    const browser = new Browser(t.app);
    await browser.signIn(member.email, DEMO_PASSWORD);
    const agenda = await browser.get(
      `/rencontres/${board.session.id}/agenda?structure=${placed.organizationLowId}`,
    );
    expect(agenda.statusCode).toBe(200);
    expect(agenda.body).toContain('meetings-agenda-meeting');
  });
});
