/** Cases worked out by hand: each asserts what a facilitator would see in the plan. */
import { describe, expect, it } from 'vitest';
import { type ScheduleInput, SchedulingInputError, schedule, validatePlan } from '../../server/scheduling';
import { meetings, participants, slots, tables } from './instances';

const slotOf = (plan: ReturnType<typeof schedule>, meetingId: string) =>
  plan.assignments.find((a) => a.meetingId === meetingId)?.slotId;

describe('schedule: hard constraints', () => {
  it('never puts a participant in two meetings of the same slot', () => {
    const input: ScheduleInput = {
      slots: slots(2),
      tables: tables(2),
      participants: participants(['A', 'B', 'C']),
      meetings: meetings([
        ['A', 'B'],
        ['A', 'C'],
      ]),
    };
    const plan = schedule(input);
    expect(plan.assignments).toHaveLength(2);
    expect(slotOf(plan, 'm1')).not.toBe(slotOf(plan, 'm2'));
    expect(plan.stats).toMatchObject({ scheduled: 2, waitingGaps: 0, provedOptimal: true });

    const oneSlot = schedule({ ...input, slots: slots(1) });
    expect(oneSlot.assignments).toHaveLength(1);
    expect(oneSlot.unscheduled).toEqual([{ meetingId: 'm2', reason: 'no-room' }]);
  });

  it('fills no more tables than there are, and keeps the higher-priority meeting', () => {
    const input: ScheduleInput = {
      slots: slots(1),
      tables: tables(2),
      participants: participants(['A', 'B', 'C', 'D', 'E', 'F']),
      meetings: [
        { id: 'm1', participants: ['A', 'B'] },
        { id: 'm2', participants: ['C', 'D'] },
        { id: 'm3', participants: ['E', 'F'], priority: 3 },
      ],
    };
    const plan = schedule(input);
    expect(plan.assignments.map((a) => a.tableId).sort()).toEqual(['t1', 't2']);
    expect(plan.assignments.map((a) => a.meetingId)).toContain('m3');
    expect(plan.stats.scheduledPriority).toBe(4);
    expect(plan.unscheduled).toHaveLength(1);
  });

  it('seats a three-party meeting only at a table large enough', () => {
    const three = { id: 'm1', participants: ['A', 'B', 'C'] };
    const pair = { id: 'm2', participants: ['D', 'E'] };
    const people = participants(['A', 'B', 'C', 'D', 'E']);
    const small = schedule({
      slots: slots(2),
      tables: tables(2, 2),
      participants: people,
      meetings: [three, pair],
    });
    expect(small.unscheduled).toEqual([{ meetingId: 'm1', reason: 'no-table-large-enough' }]);

    const mixed = schedule({
      slots: slots(1),
      tables: [
        { id: 'big', capacity: 4 },
        { id: 'small', capacity: 2 },
      ],
      participants: people,
      meetings: [pair, three],
    });
    expect(mixed.assignments).toEqual([
      { meetingId: 'm1', slotId: 's1', tableId: 'big' },
      { meetingId: 'm2', slotId: 's1', tableId: 'small' },
    ]);
  });

  it('respects unavailable slots and says when no slot suits everyone', () => {
    const plan = schedule({
      slots: slots(3),
      tables: tables(1),
      participants: participants(['A', 'B', 'C'], { A: ['s1', 's2'], B: ['s3'] }),
      meetings: meetings([['A', 'C'], ['A', 'B'], ['C']]),
    });
    expect(plan.assignments).toEqual([{ meetingId: 'm1', slotId: 's3', tableId: 't1' }]);
    expect(plan.unscheduled).toEqual([
      { meetingId: 'm2', reason: 'no-common-slot' },
      { meetingId: 'm3', reason: 'too-few-participants' },
    ]);
  });

  it('keeps locked meetings where the facilitator put them and plans around them', () => {
    const input: ScheduleInput = {
      slots: slots(3),
      tables: tables(2),
      participants: participants(['A', 'B', 'C']),
      meetings: [
        { id: 'm1', participants: ['A', 'B'], locked: { slotId: 's1', tableId: 't2' } },
        { id: 'm2', participants: ['A', 'C'] },
        { id: 'm3', participants: ['B', 'C'] },
      ],
    };
    const plan = schedule(input);
    expect(plan.assignments[0]).toEqual({ meetingId: 'm1', slotId: 's1', tableId: 't2' });
    expect(plan.assignments).toHaveLength(3);
    expect(plan.conflicts).toEqual([]);
    expect(validatePlan(input, plan)).toEqual([]);
    // m2 and m3 share C, so they take s2 and s3; whoever of A and B meets C in s3 waits through s2.
    expect(plan.stats).toMatchObject({ waitingGaps: 1, provedOptimal: true });
  });

  it('reports clashing locked meetings as conflicts and keeps both as given', () => {
    const input: ScheduleInput = {
      slots: slots(2),
      tables: tables(2),
      participants: participants(['A', 'B', 'C', 'D']),
      meetings: [
        { id: 'm1', participants: ['A', 'B'], locked: { slotId: 's1', tableId: 't1' } },
        { id: 'm2', participants: ['C', 'D'], locked: { slotId: 's1', tableId: 't1' } },
        { id: 'm3', participants: ['A', 'C'], locked: { slotId: 's2', tableId: 't1' } },
        { id: 'm4', participants: ['A', 'D'], locked: { slotId: 's2', tableId: 't2' } },
        { id: 'm5', participants: ['B', 'D'] },
      ],
    };
    const plan = schedule(input);
    expect(plan.assignments.filter((a) => a.meetingId !== 'm5')).toEqual([
      { meetingId: 'm1', slotId: 's1', tableId: 't1' },
      { meetingId: 'm2', slotId: 's1', tableId: 't1' },
      { meetingId: 'm3', slotId: 's2', tableId: 't1' },
      { meetingId: 'm4', slotId: 's2', tableId: 't2' },
    ]);
    expect(plan.conflicts).toEqual([
      { kind: 'table-double-booked', meetingIds: ['m1', 'm2'], slotId: 's1', tableId: 't1' },
      { kind: 'participant-double-booked', meetingIds: ['m3', 'm4'], slotId: 's2', participantId: 'A' },
    ]);
    // B and D are busy in s1 (m1, m2 locked there) and D in s2 (m4): m5 has nowhere to go.
    expect(plan.unscheduled).toEqual([{ meetingId: 'm5', reason: 'no-common-slot' }]);
  });
});

describe('schedule: waiting gaps', () => {
  it('gives someone with three meetings consecutive slots, around a meeting fixed late', () => {
    // D can only come in s4; an earliest-slot plan would put A's other meetings in s1, s2 and make A wait.
    const plan = schedule({
      slots: slots(5),
      tables: tables(2),
      participants: participants(['A', 'B', 'C', 'D'], { D: ['s1', 's2', 's3', 's5'] }),
      meetings: meetings([
        ['A', 'B'],
        ['A', 'C'],
        ['A', 'D'],
      ]),
    });
    expect(plan.stats).toMatchObject({ scheduled: 3, waitingGaps: 0, provedOptimal: true });
    const aSlots = plan.assignments.map((a) => Number(a.slotId.slice(1))).sort();
    expect(aSlots).toContain(4);
    expect(aSlots[2] - aSlots[0]).toBe(2);
  });

  it('does not count a slot the participant is away as waiting', () => {
    const plan = schedule({
      slots: slots(3),
      tables: tables(1),
      participants: participants(['A', 'B', 'C'], { A: ['s2'], B: ['s2', 's3'], C: ['s1', 's2'] }),
      meetings: meetings([
        ['A', 'B'],
        ['A', 'C'],
      ]),
    });
    expect(plan.assignments.map((a) => a.slotId)).toEqual(['s1', 's3']);
    expect(plan.stats.waitingGaps).toBe(0);
  });

  it('counts one gap per idle slot, in time order whatever the input order', () => {
    const [s1, s2, s3] = slots(3);
    const plan = schedule({
      slots: [s3, s1, s2],
      tables: tables(1),
      participants: participants(['A', 'B', 'C'], { B: ['s2', 's3'], C: ['s1', 's2'] }),
      meetings: meetings([
        ['A', 'B'],
        ['A', 'C'],
      ]),
    });
    expect(plan.assignments.map((a) => a.slotId)).toEqual(['s1', 's3']);
    expect(plan.stats.waitingGaps).toBe(1);
  });
});

describe('schedule: input', () => {
  it('refuses structural mistakes with every problem listed', () => {
    const [s1, s2] = slots(2);
    const bad: ScheduleInput = {
      slots: [s1, { ...s2, start: s1.start }],
      tables: [{ id: 't1', capacity: 0 }],
      participants: participants(['A', 'A']),
      meetings: [{ id: 'm1', participants: ['A', 'Z'], locked: { slotId: 's9', tableId: 't1' } }],
    };
    expect(() => schedule(bad)).toThrow(SchedulingInputError);
    try {
      schedule(bad);
    } catch (e) {
      expect((e as SchedulingInputError).problems).toEqual([
        'duplicate participant id A',
        'slots s1 and s2 overlap',
        'table t1 has a bad capacity',
        'meeting m1 has unknown participant Z',
        'meeting m1 is locked to an unknown slot or table',
      ]);
    }
  });

  it('plans an empty session', () => {
    const plan = schedule({ slots: [], tables: [], participants: [], meetings: [] });
    expect(plan).toMatchObject({ assignments: [], unscheduled: [], conflicts: [] });
    expect(plan.stats.provedOptimal).toBe(true);
  });
});
