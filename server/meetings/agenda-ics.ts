/**
 * An organization's agenda as an .ics file: one VEVENT per planned meeting, through the shared builder
 * (server/common/ics.ts). The UID is stable per meeting and organization, so re-downloading after a new
 * plan updates the calendar's events instead of adding copies.
 */
import { buildIcs, type IcsEvent } from '../common/ics';
import type { Board } from './board';
import { boardNames } from './page';

export function agendaIcs(board: Board, organizationId: number, host: string, now = new Date()): string {
  const { orgs, slots, tables } = boardNames(board);
  const session = board.session;
  const location = [session.place, session.communeName].filter(Boolean).join(', ');
  const events: IcsEvent[] = board.meetings
    .filter(
      (m) =>
        (m.organizationLowId === organizationId || m.organizationHighId === organizationId) &&
        m.slotId !== null &&
        m.tableId !== null,
    )
    .map((m) => {
      const slot = slots.get(m.slotId as number);
      const other = orgs.get(
        m.organizationLowId === organizationId ? m.organizationHighId : m.organizationLowId,
      );
      const table = tables.get(m.tableId as number) ?? '';
      return {
        uid: `rendez-vous-${m.id}-structure-${organizationId}@${host}`,
        start: slot?.startsAt ?? session.startsAt,
        end: slot?.endsAt ?? session.endsAt,
        summary: `Rendez-vous avec ${other} (${table})`,
        description: `${session.title} : rendez-vous avec ${other}, ${table}.${m.reason ? ` Motif : ${m.reason}` : ''}`,
        location: location ? `${table}, ${location}` : table,
        // A new plan may move the meeting: a higher sequence makes calendars take the new time.
        sequence: board.plan.version,
      };
    })
    .sort((a, b) => a.start.getTime() - b.start.getTime());
  // No meeting planned for this structure (yet): the file still holds the session itself, saying so,
  // rather than an empty calendar that imports as nothing. Its own UID, so a later agenda with meetings
  // does not collide with the invitation's event.
  if (!events.length)
    events.push({
      uid: `rencontre-${session.id}-agenda-structure-${organizationId}@${host}`,
      start: session.startsAt,
      end: session.endsAt,
      summary: session.title,
      description: `${session.title} : aucun rendez-vous n’est planifié pour ${orgs.get(organizationId) ?? 'votre structure'} pour l’instant. Téléchargez à nouveau l’agenda quand le planning change.`,
      location: location || undefined,
      sequence: board.plan.version,
    });
  return buildIcs({ method: 'PUBLISH', stamp: now, events });
}
