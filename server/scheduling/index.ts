/**
 * "Tout planifier": schedules a session's 1:1 meetings into time slots and tables. Pure and deterministic
 * (given the node limit; the time limit is a safety net). See docs/scheduling.md.
 */

import { anneal } from './anneal';
import { greedy, localSearch } from './heuristic';
import { compile } from './model';
import { assignTables, prepare } from './prepare';
import { branchAndBound } from './search';
import type { Assignment, Plan, ScheduleInput, ScheduleOptions, Unscheduled } from './types';
import { validatePlan } from './validate';

export { inputProblems, SchedulingInputError } from './model';
export type * from './types';
export { validatePlan } from './validate';
export { type AgendaEntry, type Grid, type GridCell, grid, participantAgenda } from './views';

export const DEFAULT_TIME_LIMIT_MS = 1000;
/**
 * Default node budget: a node costs about one pass over the free meetings and their slots, so the budget is
 * this much work divided by meetings × slots (50,000 nodes for 20 meetings in 8 slots, 1,000 for 200 in 12).
 */
export const DEFAULT_SEARCH_WORK = 8_000_000;
const MIN_NODE_LIMIT = 500;
const ANNEAL_ITERATIONS_PER_MEETING = 1_000;
const ANNEAL_MAX_ITERATIONS = 150_000;

export function schedule(input: ScheduleInput, options: ScheduleOptions = {}): Plan {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const deadline = started + (options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS);
  const outOfTime = () => now() >= deadline;
  const model = compile(input);
  const { state, lockedWeight, locked, impossible } = prepare(model);

  greedy(state);
  localSearch(state, outOfTime);
  anneal(
    state,
    Math.min(ANNEAL_MAX_ITERATIONS, ANNEAL_ITERATIONS_PER_MEETING * state.free.length),
    outOfTime,
  );
  localSearch(state, outOfTime);
  const incumbent = {
    slots: state.snapshot(),
    objective: { weight: lockedWeight + state.weight, gaps: state.totalGaps() },
  };
  state.restore(new Int32Array(state.free.length).fill(-1));
  const result = branchAndBound(state, lockedWeight, incumbent, {
    nodeLimit:
      options.nodeLimit ??
      Math.max(MIN_NODE_LIMIT, Math.floor(DEFAULT_SEARCH_WORK / Math.max(1, state.free.length * model.S))),
    outOfTime,
  });
  state.restore(result.best);

  const tables = assignTables(model, state);
  const assignments: (Assignment & { order: number[] })[] = [];
  for (const index of locked) {
    const m = model.meetings[index];
    const at = m.locked as { slot: number; table: number };
    assignments.push({
      meetingId: m.id,
      slotId: model.slotIds[at.slot],
      tableId: model.tableIds[at.table],
      order: [at.slot, at.table, index],
    });
  }
  state.free.forEach((m, i) => {
    const s = state.slotOf[i];
    if (s < 0) return;
    const t = tables.get(m.index) as number;
    assignments.push({
      meetingId: m.id,
      slotId: model.slotIds[s],
      tableId: model.tableIds[t],
      order: [s, t, m.index],
    });
  });
  assignments.sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1] || a.order[2] - b.order[2]);
  const unscheduled: Unscheduled[] = [
    ...impossible,
    ...state.free.flatMap((m, i) =>
      state.slotOf[i] < 0 ? [{ meetingId: m.id, reason: 'no-room' as const }] : [],
    ),
  ].sort((a, b) => meetingOrder(input, a.meetingId) - meetingOrder(input, b.meetingId));

  const lockedInput = { ...input, meetings: input.meetings.filter((m) => m.locked) };
  const plain = assignments.map(({ meetingId, slotId, tableId }) => ({ meetingId, slotId, tableId }));
  const conflicts = validatePlan(lockedInput, {
    assignments: plain.filter((a) => lockedInput.meetings.some((m) => m.id === a.meetingId)),
  });
  return {
    assignments: plain,
    unscheduled,
    conflicts,
    stats: {
      scheduled: plain.length,
      scheduledPriority: result.objective.weight,
      waitingGaps: result.objective.gaps,
      provedOptimal: result.stoppedBy === 'complete',
      stoppedBy: result.stoppedBy,
      nodes: result.nodes,
      elapsedMs: Math.round((now() - started) * 10) / 10,
    },
  };
}

function meetingOrder(input: ScheduleInput, id: string): number {
  return input.meetings.findIndex((m) => m.id === id);
}
