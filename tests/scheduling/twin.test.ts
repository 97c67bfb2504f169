/**
 * The scheduler against its brute-force twin on random small sessions (up to 6 meetings, 4 slots, 2 tables,
 * 5 participants), locked meetings and clashes included: the same objective, proved optimal, and a plan
 * whose only violations are the locked clashes it reports.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Meeting, type ScheduleInput, schedule, validatePlan } from '../../server/scheduling';
import { compile } from '../../server/scheduling/model';
import { prepare } from '../../server/scheduling/prepare';
import { branchAndBound } from '../../server/scheduling/search';
import { bruteForce, objectiveOf } from './brute-force';
import { slots } from './instances';

const smallSession: fc.Arbitrary<ScheduleInput> = fc
  .record({
    // Biased towards more slots and meetings, where waiting gaps appear.
    slotCount: fc.constantFrom(1, 2, 3, 4, 4, 4),
    tableCaps: fc.array(fc.constantFrom(undefined, 2, 3), { minLength: 1, maxLength: 2 }),
    people: fc.integer({ min: 2, max: 5 }),
    seed: fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
    meetingCount: fc.constantFrom(0, 2, 3, 4, 5, 6, 6, 6),
    slotOrder: fc.boolean(),
  })
  .map(({ slotCount, tableCaps, people, seed, meetingCount, slotOrder }) => {
    let k = 0;
    const next = (n: number) => seed[k++ % seed.length] % n;
    const theSlots = slots(slotCount);
    const ids = Array.from({ length: people }, (_, i) => `p${i + 1}`);
    const participants = ids.map((id) => ({
      id,
      unavailable: theSlots.filter(() => next(8) === 0).map((s) => s.id),
    }));
    const meetings: Meeting[] = Array.from({ length: meetingCount }, (_, i) => {
      const size = next(6) === 0 ? 3 : 2;
      const first = next(people);
      const drawn = Array.from(
        { length: Math.min(size, people) },
        (_, j) => ids[(first + j * (1 + next(people - 1))) % people],
      );
      const m: Meeting = { id: `m${i + 1}`, participants: [...new Set(drawn)] };
      if (next(3) === 0) m.priority = 1 + next(3);
      if (next(8) === 0)
        m.locked = { slotId: theSlots[next(slotCount)].id, tableId: `t${next(tableCaps.length) + 1}` };
      return m;
    });
    return {
      slots: slotOrder ? theSlots : [...theSlots].reverse(),
      tables: tableCaps.map((capacity, i) => ({ id: `t${i + 1}`, ...(capacity ? { capacity } : {}) })),
      participants,
      meetings,
    };
  });

const sorted = (list: object[]) => list.map((v) => JSON.stringify(v)).sort();

describe('schedule against the brute-force twin', () => {
  it('finds the optimal objective on every small session, with a valid plan', () => {
    fc.assert(
      fc.property(smallSession, (input) => {
        const plan = schedule(input, { timeLimitMs: 10_000, nodeLimit: Number.POSITIVE_INFINITY });
        const best = bruteForce(input);
        expect(plan.stats.provedOptimal).toBe(true);
        expect({ weight: plan.stats.scheduledPriority, gaps: plan.stats.waitingGaps }).toEqual(best);
        expect(objectiveOf(input, plan.assignments)).toEqual(best);
        // Only locked meetings may break a rule, and exactly those clashes are reported.
        expect(sorted(validatePlan(input, plan))).toEqual(sorted(plan.conflicts));
        const lockedIds = new Set(input.meetings.filter((m) => m.locked).map((m) => m.id));
        for (const c of plan.conflicts) for (const id of c.meetingIds) expect(lockedIds.has(id)).toBe(true);
        // Every meeting is either placed once or reported unscheduled.
        const placed = plan.assignments.map((a) => a.meetingId);
        const left = plan.unscheduled.map((u) => u.meetingId);
        expect([...placed, ...left].sort()).toEqual(input.meetings.map((m) => m.id).sort());
      }),
      { numRuns: 300 },
    );
  });

  it('finds the optimum by exact search alone, without the heuristic start', () => {
    fc.assert(
      fc.property(smallSession, (input) => {
        const { state, lockedWeight } = prepare(compile(input));
        const none = {
          slots: new Int32Array(state.free.length).fill(-1),
          objective: { weight: -1, gaps: 0 },
        };
        const result = branchAndBound(state, lockedWeight, none, {
          nodeLimit: Number.POSITIVE_INFINITY,
          outOfTime: () => false,
        });
        expect(result.stoppedBy).toBe('complete');
        expect(result.objective).toEqual(bruteForce(input));
      }),
      { numRuns: 300 },
    );
  });
});
