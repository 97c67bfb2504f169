/** validatePlan, grid and participantAgenda on plans a facilitator edited by hand. */
import { describe, expect, it } from 'vitest';
import { grid, participantAgenda, type ScheduleInput, validatePlan } from '../../server/scheduling';
import { participants, slots } from './instances';

const input: ScheduleInput = {
  slots: slots(4),
  tables: [{ id: 't1' }, { id: 't2', capacity: 2 }],
  participants: participants(['A', 'B', 'C', 'D'], { D: ['s4'] }),
  meetings: [
    { id: 'm1', participants: ['A', 'B'], locked: { slotId: 's1', tableId: 't1' } },
    { id: 'm2', participants: ['A', 'C'] },
    { id: 'm3', participants: ['B', 'C', 'D'] },
    { id: 'm4', participants: ['C', 'D'] },
  ],
};

describe('validatePlan', () => {
  it('accepts a plan that keeps every rule', () => {
    const plan = {
      assignments: [
        { meetingId: 'm1', slotId: 's1', tableId: 't1' },
        { meetingId: 'm2', slotId: 's2', tableId: 't2' },
        { meetingId: 'm3', slotId: 's3', tableId: 't1' },
      ],
    };
    expect(validatePlan(input, plan)).toEqual([]);
  });

  it('names every broken rule and the meetings involved', () => {
    const plan = {
      assignments: [
        { meetingId: 'm1', slotId: 's2', tableId: 't1' },
        { meetingId: 'm2', slotId: 's2', tableId: 't1' },
        { meetingId: 'm3', slotId: 's3', tableId: 't2' },
        { meetingId: 'm4', slotId: 's4', tableId: 't1' },
        { meetingId: 'm4', slotId: 's3', tableId: 't1' },
        { meetingId: 'm9', slotId: 's1', tableId: 't1' },
        { meetingId: 'm2', slotId: 's9', tableId: 't1' },
        { meetingId: 'm2', slotId: 's1', tableId: 't9' },
      ],
    };
    expect(validatePlan(input, plan)).toEqual([
      { kind: 'unknown-meeting', meetingIds: ['m9'] },
      { kind: 'unknown-slot', meetingIds: ['m2'], slotId: 's9' },
      { kind: 'unknown-table', meetingIds: ['m2'], tableId: 't9' },
      { kind: 'meeting-twice', meetingIds: ['m4'] },
      { kind: 'table-double-booked', meetingIds: ['m1', 'm2'], slotId: 's2', tableId: 't1' },
      { kind: 'participant-double-booked', meetingIds: ['m1', 'm2'], slotId: 's2', participantId: 'A' },
      { kind: 'participant-double-booked', meetingIds: ['m3', 'm4'], slotId: 's3', participantId: 'C' },
      { kind: 'participant-double-booked', meetingIds: ['m3', 'm4'], slotId: 's3', participantId: 'D' },
      { kind: 'participant-unavailable', meetingIds: ['m4'], slotId: 's4', participantId: 'D' },
      { kind: 'table-too-small', meetingIds: ['m3'], slotId: 's3', tableId: 't2' },
      { kind: 'locked-moved', meetingIds: ['m1'], slotId: 's1', tableId: 't1' },
    ]);
  });
});

describe('grid', () => {
  it('shows each table × slot as free, taken or in conflict', () => {
    const g = grid(input, {
      assignments: [
        { meetingId: 'm1', slotId: 's1', tableId: 't1' },
        { meetingId: 'm2', slotId: 's1', tableId: 't2' },
        { meetingId: 'm3', slotId: 's3', tableId: 't1' },
      ],
    });
    expect(g.slots.map((s) => s.id)).toEqual(['s1', 's2', 's3', 's4']);
    expect(g.rows.map((r) => r.table.id)).toEqual(['t1', 't2']);
    const states = g.rows.map((r) => r.cells.map((c) => c.state));
    expect(states).toEqual([
      ['conflict', 'free', 'taken', 'free'],
      ['conflict', 'free', 'free', 'free'],
    ]);
    expect(g.rows[0].cells[0]).toMatchObject({ meetingIds: ['m1'], problems: ['participant-double-booked'] });
    expect(g.rows[0].cells[2]).toMatchObject({ meetingIds: ['m3'], problems: [] });
  });
});

describe('participantAgenda', () => {
  it('lists every slot with the meeting, waiting time and absences', () => {
    const plan = {
      assignments: [
        { meetingId: 'm3', slotId: 's1', tableId: 't1' },
        { meetingId: 'm4', slotId: 's3', tableId: 't2' },
      ],
    };
    const agenda = participantAgenda(input, plan, 'D');
    expect(agenda.map((e) => [e.slot.id, e.state])).toEqual([
      ['s1', 'meeting'],
      ['s2', 'waiting'],
      ['s3', 'meeting'],
      ['s4', 'unavailable'],
    ]);
    expect(agenda[0].meetings).toEqual([{ meetingId: 'm3', tableId: 't1', with: ['B', 'C'] }]);
  });

  it('flags two meetings at once and a meeting while away', () => {
    const plan = {
      assignments: [
        { meetingId: 'm3', slotId: 's4', tableId: 't1' },
        { meetingId: 'm4', slotId: 's4', tableId: 't2' },
      ],
    };
    expect(participantAgenda(input, plan, 'D').map((e) => e.state)).toEqual([
      'free',
      'free',
      'free',
      'conflict',
    ]);
    expect(participantAgenda(input, plan, 'B').map((e) => e.state)).toEqual([
      'free',
      'free',
      'free',
      'meeting',
    ]);
  });
});
