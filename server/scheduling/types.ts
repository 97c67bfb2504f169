/**
 * Public types of the 1:1 meeting scheduler ("tout planifier"). See docs/scheduling.md for the model and
 * the objective. Everything here is plain data so that a page can store it as JSON and show it back.
 */

export interface TimeSlot {
  id: string;
  /** ISO 8601 date-time; slots must not overlap. They are ordered by start whatever the input order. */
  start: string;
  end: string;
}

export interface Table {
  id: string;
  /** Participants the table seats; absent means any meeting fits. A positive integer. */
  capacity?: number;
}

export interface Participant {
  id: string;
  /** Slots the participant cannot attend (arriving late, leaving early, another commitment). */
  unavailable?: string[];
}

export interface Meeting {
  id: string;
  /** Two or more distinct participant ids. */
  participants: string[];
  /** A positive integer, default 1: a meeting of priority k is worth k ordinary meetings. */
  priority?: number;
  /** Set by the facilitator: the meeting stays exactly here, even when it clashes with another lock. */
  locked?: { slotId: string; tableId: string };
}

export interface ScheduleInput {
  slots: TimeSlot[];
  tables: Table[];
  participants: Participant[];
  meetings: Meeting[];
}

export interface ScheduleOptions {
  /** Wall-clock budget of the whole run; a safety net (the result then depends on machine speed). */
  timeLimitMs?: number;
  /** Budget of exact-search nodes; the deterministic budget. */
  nodeLimit?: number;
  /** Clock in milliseconds, injectable for tests. */
  now?: () => number;
}

export interface Assignment {
  meetingId: string;
  slotId: string;
  tableId: string;
}

export type UnscheduledReason =
  /** Fewer than two distinct participants. */
  | 'too-few-participants'
  /** No table seats that many participants. */
  | 'no-table-large-enough'
  /** No slot where every participant is available and not held by a locked meeting, with a table left. */
  | 'no-common-slot'
  /** Possible on its own, but every plan that includes it schedules less (or the search ran out of time). */
  | 'no-room';

export interface Unscheduled {
  meetingId: string;
  reason: UnscheduledReason;
}

export type ViolationKind =
  | 'unknown-meeting'
  | 'unknown-slot'
  | 'unknown-table'
  | 'meeting-twice'
  | 'participant-double-booked'
  | 'table-double-booked'
  | 'participant-unavailable'
  | 'table-too-small'
  | 'locked-moved';

/** A broken hard constraint; `meetingIds` are the meetings involved, sorted. */
export interface Violation {
  kind: ViolationKind;
  meetingIds: string[];
  slotId?: string;
  tableId?: string;
  participantId?: string;
}

export interface ScheduleStats {
  /** Meetings in the plan, locked ones included. */
  scheduled: number;
  /** Sum of the priorities of the meetings in the plan: the first objective. */
  scheduledPriority: number;
  /** Idle available slots between each participant's first and last meeting, summed: the second objective. */
  waitingGaps: number;
  /** True when the search proved that no valid plan has a better objective. */
  provedOptimal: boolean;
  /** Why the search stopped. */
  stoppedBy: 'complete' | 'nodeLimit' | 'timeLimit';
  /** Exact-search nodes visited. */
  nodes: number;
  elapsedMs: number;
}

export interface Plan {
  /** Sorted by slot order, then table order. */
  assignments: Assignment[];
  unscheduled: Unscheduled[];
  /** Violations among locked meetings, kept as the facilitator placed them. */
  conflicts: Violation[];
  stats: ScheduleStats;
}

/** The part of a plan that validatePlan, grid and participantAgenda read (a plan edited by hand fits). */
export interface PlanAssignments {
  assignments: Assignment[];
}
