/**
 * "Tout planifier" through the service on larger random sessions (seeded): the stored plan passes
 * validatePlan (nobody in two places, no table twice, no absent organization, locks where they were),
 * every meeting is either placed or has a stored reason, and the stored figures match what is stored.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meetingSlots, meetingTables, meetingUnavailabilities, sessionMeetings } from '../../db/schema';
import { getSession, loadBoard } from '../../server/meetings/board';
import { planAll, scheduleInput, storedAssignments } from '../../server/meetings/plan';
import { validatePlan } from '../../server/scheduling';
import { createTestApp, type TestApp } from '../support/app';
import { makeMatchmakingSession, makeOrganization, makePerson } from '../support/factories';

let t: TestApp;
let personId: number;

/** A small deterministic generator (mulberry32), so a failure replays. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

beforeAll(async () => {
  t = await createTestApp();
  personId = (await makePerson(t.db, { territories: ['90'] })).id;
});
afterAll(async () => {
  await t?.close();
});

async function randomSession(seed: number) {
  const next = random(seed);
  const orgs: { id: number }[] = [];
  for (let i = 0; i < 12; i++) orgs.push(await makeOrganization(t.db, {}));
  const session = await makeMatchmakingSession(t.db, { organizations: orgs.map((o) => o.id) });
  const slots = await t.db
    .insert(meetingSlots)
    .values(
      Array.from({ length: 8 }, (_, i) => ({
        sessionId: session.id,
        startsAt: new Date(Date.UTC(2027, 2, 10, 8, i * 25)),
        endsAt: new Date(Date.UTC(2027, 2, 10, 8, i * 25 + 20)),
      })),
    )
    .returning();
  const tables = await t.db
    .insert(meetingTables)
    .values(
      Array.from({ length: 4 }, (_, i) => ({ sessionId: session.id, name: `Table ${i + 1}`, position: i })),
    )
    .returning();
  const pairs = new Set<string>();
  while (pairs.size < 26) {
    const a = orgs[Math.floor(next() * orgs.length)].id;
    const b = orgs[Math.floor(next() * orgs.length)].id;
    if (a !== b) pairs.add([Math.min(a, b), Math.max(a, b)].join('-'));
  }
  const meetings = await t.db
    .insert(sessionMeetings)
    .values(
      [...pairs].map((p) => {
        const [low, high] = p.split('-').map(Number);
        return {
          sessionId: session.id,
          organizationLowId: low,
          organizationHighId: high,
          source: 'participant' as const,
        };
      }),
    )
    .returning();
  // Two organizations arrive late, one leaves early.
  await t.db.insert(meetingUnavailabilities).values([
    { sessionId: session.id, organizationId: orgs[0].id, slotId: slots[0].id },
    { sessionId: session.id, organizationId: orgs[1].id, slotId: slots[0].id },
    { sessionId: session.id, organizationId: orgs[2].id, slotId: slots[7].id },
  ]);
  // Two locks the facilitator placed by hand, on meetings with no organization in common.
  const first = meetings[0];
  const second = meetings.find(
    (m) =>
      ![first.organizationLowId, first.organizationHighId].includes(m.organizationLowId) &&
      ![first.organizationLowId, first.organizationHighId].includes(m.organizationHighId) &&
      ![orgs[0].id, orgs[1].id, orgs[2].id].some(
        (o) => o === m.organizationLowId || o === m.organizationHighId,
      ),
  ) as (typeof meetings)[number];
  const locks = [
    { id: first.id, slotId: slots[3].id, tableId: tables[2].id },
    { id: second.id, slotId: slots[3].id, tableId: tables[0].id },
  ];
  for (const l of locks)
    await t.db
      .update(sessionMeetings)
      .set({ slotId: l.slotId, tableId: l.tableId, locked: true })
      .where(eq(sessionMeetings.id, l.id));
  return { session, locks };
}

describe('tout planifier on random sessions', () => {
  for (const seed of [1, 2, 3]) {
    it(`stores a valid plan with locks kept (seed ${seed})`, async () => {
      const { session, locks } = await randomSession(seed);
      const before = await loadBoard(t.db, session);
      const result = await planAll(t.db, before, before.plan.version, personId);
      expect(result.ok).toBe(true);
      const after = await loadBoard(t.db, (await getSession(t.db, session.id)) as typeof session);
      const assignments = storedAssignments(after);
      expect(validatePlan(scheduleInput(after), { assignments })).toEqual([]);
      for (const l of locks)
        expect(after.meetings.find((m) => m.id === l.id)).toMatchObject({
          slotId: l.slotId,
          tableId: l.tableId,
          locked: true,
        });
      for (const m of after.meetings) {
        const placed = m.slotId !== null && m.tableId !== null;
        expect(placed || m.unscheduledReason !== null).toBe(true);
      }
      expect(after.plan.stats?.scheduled).toBe(assignments.length);
      expect(after.plan.stats?.unscheduled).toBe(after.meetings.length - assignments.length);
      expect(after.plan.version).toBe(before.plan.version + 1);
      // The version read before is now stale: planning with it is refused and changes nothing.
      const again = await planAll(t.db, before, before.plan.version, personId);
      expect(again.ok).toBe(false);
      expect(storedAssignments(await loadBoard(t.db, session))).toEqual(assignments);
    });
  }
});
