/** A large session finishes fast with a good valid plan; the limits stop the search and keep the best. */
import { describe, expect, it } from 'vitest';
import { schedule, validatePlan } from '../../server/scheduling';
import { largeSession } from './instances';

const sorted = (list: object[]) => list.map((v) => JSON.stringify(v)).sort();

describe('schedule on a large session', () => {
  const input = largeSession({ participants: 60, meetings: 200, slots: 12, tables: 20, seed: 1 });

  it('plans 60 participants, 200 meetings, 12 slots and 20 tables in well under a second', () => {
    schedule(input); // warm-up: the first call also compiles the code
    // CPU time, not wall time: the two cores are shared, and a busy neighbour must not fail this test.
    const cpu = process.cpuUsage();
    const plan = schedule(input, { timeLimitMs: 60_000 }); // the default node budget, not the clock, stops it
    const used = process.cpuUsage(cpu);
    expect((used.user + used.system) / 1000).toBeLessThan(600);
    expect(plan.stats.stoppedBy).toBe('nodeLimit');
    // The locks of largeSession clash on purpose once (a participant away); nothing else breaks a rule.
    expect(sorted(validatePlan(input, plan))).toEqual(sorted(plan.conflicts));
    expect(plan.assignments.length + plan.unscheduled.length).toBe(200);
    // Three meetings cannot fit: two participants have more meetings than slots they attend (1 + 2 over).
    expect(plan.stats.scheduledPriority).toBe(237);
    expect(plan.stats.waitingGaps).toBeLessThan(60);
  });

  it('gives the same plan on every run under the node limit', () => {
    const a = schedule(input, { nodeLimit: 3000, timeLimitMs: 60_000 });
    const b = schedule(input, { nodeLimit: 3000, timeLimitMs: 60_000 });
    expect(a.stats.stoppedBy).toBe('nodeLimit');
    expect(b.assignments).toEqual(a.assignments);
    expect(b.unscheduled).toEqual(a.unscheduled);
  });

  it('honours the time limit and keeps the best plan found', () => {
    const hard = largeSession({ participants: 40, meetings: 150, slots: 10, tables: 12, seed: 7 });
    const started = performance.now();
    const plan = schedule(hard, { timeLimitMs: 150, nodeLimit: Number.POSITIVE_INFINITY });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(plan.stats).toMatchObject({ stoppedBy: 'timeLimit', provedOptimal: false });
    expect(sorted(validatePlan(hard, plan))).toEqual(sorted(plan.conflicts));
    expect(plan.stats.scheduled).toBeGreaterThan(100);
  });

  it('stops on an injected clock without looking at the real one', () => {
    let t = 0;
    const plan = schedule(input, { timeLimitMs: 5, nodeLimit: Number.POSITIVE_INFINITY, now: () => t++ });
    expect(plan.stats).toMatchObject({ stoppedBy: 'timeLimit', provedOptimal: false });
    expect(plan.assignments.length).toBeGreaterThan(0);
  });
});
