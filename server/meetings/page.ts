/**
 * Read models of the meeting pages, in French: meetings with who, why and where; the slots × tables grid
 * (free, taken, conflict); the list of meetings left out with why; one organization's agenda.
 */
import { parisTime } from '../common/paris-time';
import { grid, participantAgenda, type ViolationKind } from '../scheduling';
import type { Board, MeetingRow, SlotRow } from './board';
import { meetingKey, orgKey, scheduleInput, storedAssignments, UNSCHEDULED_LABELS } from './plan';

const SOURCE_LABELS = {
  participant: 'Demandé par',
  facilitator: 'Ajouté par l’animation',
  suggested: 'Suggéré',
} as const;

const PROBLEM_LABELS: Record<ViolationKind, string> = {
  'unknown-meeting': 'rendez-vous inconnu',
  'unknown-slot': 'créneau inconnu',
  'unknown-table': 'table inconnue',
  'meeting-twice': 'rendez-vous placé deux fois',
  'participant-double-booked': 'une structure a deux rendez-vous en même temps',
  'table-double-booked': 'deux rendez-vous à la même table',
  'participant-unavailable': 'une structure n’est pas disponible à ce créneau',
  'table-too-small': 'table trop petite',
  'locked-moved': 'rendez-vous verrouillé déplacé',
};

export function slotLabel(slot: Pick<SlotRow, 'startsAt' | 'endsAt'>): string {
  return `${parisTime(slot.startsAt)} – ${parisTime(slot.endsAt)}`;
}

export interface MeetingView {
  id: number;
  organizationIds: [number, number];
  names: [string, string];
  origin: string;
  reason: string;
  requestedByOrganizationId: number | null;
  slotId: number | null;
  tableId: number | null;
  placement: string | null;
  locked: boolean;
  unscheduled: string | null;
}

export function boardNames(board: Board) {
  const orgs = new Map(board.organizations.map((o) => [o.id, o.name]));
  const slots = new Map(board.slots.map((s) => [s.id, s]));
  const tables = new Map(board.tables.map((t) => [t.id, t.name]));
  return { orgs, slots, tables };
}

export function meetingViews(board: Board): MeetingView[] {
  const { orgs, slots, tables } = boardNames(board);
  return board.meetings.map((m: MeetingRow) => {
    const slot = m.slotId === null ? undefined : slots.get(m.slotId);
    const table = m.tableId === null ? undefined : tables.get(m.tableId);
    const by = m.requestedByOrganizationId === null ? undefined : orgs.get(m.requestedByOrganizationId);
    return {
      id: m.id,
      organizationIds: [m.organizationLowId, m.organizationHighId],
      names: [orgs.get(m.organizationLowId) ?? '', orgs.get(m.organizationHighId) ?? ''],
      origin:
        m.source === 'participant' && by ? `${SOURCE_LABELS.participant} ${by}` : SOURCE_LABELS[m.source],
      reason: m.reason,
      requestedByOrganizationId: m.requestedByOrganizationId,
      slotId: m.slotId,
      tableId: m.tableId,
      placement: slot && table ? `${slotLabel(slot)}, ${table}` : null,
      locked: m.locked && Boolean(slot && table),
      unscheduled:
        slot && table
          ? null
          : m.unscheduledReason
            ? (UNSCHEDULED_LABELS[m.unscheduledReason as keyof typeof UNSCHEDULED_LABELS] ??
              m.unscheduledReason)
            : 'pas encore planifié',
    };
  });
}

export function gridView(board: Board) {
  const { orgs, tables } = boardNames(board);
  const byKey = new Map(board.meetings.map((m) => [meetingKey(m.id), m]));
  const g = grid(scheduleInput(board), { assignments: storedAssignments(board) });
  const slots = new Map(board.slots.map((s) => [`s${s.id}`, s]));
  return {
    columns: g.slots.map((s) => ({ id: s.id, label: slotLabel(slots.get(s.id) as SlotRow) })),
    rows: g.rows.map((row) => ({
      name: tables.get(Number(row.table.id.slice(1))) ?? row.table.id,
      cells: row.cells.map((cell) => ({
        state: cell.state,
        stateLabel: cell.state === 'free' ? 'libre' : cell.state === 'taken' ? 'occupée' : 'conflit',
        meetings: cell.meetingIds.map((key) => {
          const m = byKey.get(key) as MeetingRow;
          return {
            id: m.id,
            locked: m.locked,
            text: `${orgs.get(m.organizationLowId)} / ${orgs.get(m.organizationHighId)}`,
          };
        }),
        problems: cell.problems.map((p) => PROBLEM_LABELS[p]),
      })),
    })),
    conflicts: g.violations.length,
  };
}

export interface AgendaLine {
  time: string;
  state: 'meeting' | 'free' | 'waiting' | 'unavailable' | 'conflict';
  stateLabel: string;
  table: string;
  with: string;
  startsAt: Date;
  endsAt: Date;
}

const AGENDA_STATES = {
  meeting: 'Rendez-vous',
  free: 'Libre',
  waiting: 'Pause',
  unavailable: 'Absent',
  conflict: 'Conflit',
} as const;

/** One organization's day: each slot, with the meeting (table, whom) or why it is free. */
export function agendaLines(board: Board, organizationId: number): AgendaLine[] {
  const { orgs, tables } = boardNames(board);
  const slots = new Map(board.slots.map((s) => [`s${s.id}`, s]));
  const entries = participantAgenda(
    scheduleInput(board),
    { assignments: storedAssignments(board) },
    orgKey(organizationId),
  );
  return entries.map((e) => {
    const slot = slots.get(e.slot.id) as SlotRow;
    return {
      time: slotLabel(slot),
      state: e.state,
      stateLabel: AGENDA_STATES[e.state],
      table: e.meetings.map((m) => tables.get(Number(m.tableId.slice(1))) ?? '').join(', '),
      with: e.meetings.flatMap((m) => m.with.map((p) => orgs.get(Number(p.slice(1))) ?? '')).join(', '),
      startsAt: slot.startsAt,
      endsAt: slot.endsAt,
    };
  });
}

/** Slot and table choices for the move form. */
export function placeOptions(board: Board) {
  return {
    slotOptions: board.slots.map((s) => ({ value: String(s.id), label: slotLabel(s) })),
    tableOptions: board.tables.map((t) => ({ value: String(t.id), label: t.name })),
  };
}
