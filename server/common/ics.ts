/**
 * iCalendar (RFC 5545) files for calendar invitations: session invitations and, later, meeting agendas.
 * Pure functions: no clock, no database. Text values are escaped (backslash, semicolon, comma, newline)
 * and content lines folded at 75 octets (UTF-8, never inside a multi-byte character), with CRLF endings.
 */

export interface IcsEvent {
  /** Stable across re-sends so a calendar updates the event instead of adding a second one. */
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  description?: string;
  location?: string;
  /** Incremented when the event changes (RFC 5546): the session's version does. */
  sequence?: number;
  /** Cancelled events are sent with STATUS:CANCELLED so calendars remove them. */
  status?: 'CONFIRMED' | 'CANCELLED';
  organizer?: { name: string; email: string };
  url?: string;
}

export interface IcsCalendar {
  method?: 'REQUEST' | 'PUBLISH' | 'CANCEL';
  /** DTSTAMP of every event: when the file is produced. */
  stamp: Date;
  events: IcsEvent[];
}

const PRODID = '-//Mosaique//Rencontres//FR';

/** 20261123T143000Z: an instant in UTC, the form every calendar reads without a VTIMEZONE. */
export function icsDateTime(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Escapes a TEXT value (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Folds a content line at 75 octets (RFC 5545 §3.1): continuation lines start with one space, which
 * counts in their 75. Cuts only between characters so a UTF-8 sequence is never split.
 */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let current = '';
  let size = 0;
  let limit = 75;
  for (const char of line) {
    const bytes = encoder.encode(char).length;
    if (size + bytes > limit) {
      parts.push(current);
      current = '';
      size = 0;
      limit = 74; // the leading space of the continuation takes one octet
    }
    current += char;
    size += bytes;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

function eventLines(event: IcsEvent, stamp: Date): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}`,
    `DTSTAMP:${icsDateTime(stamp)}`,
    `DTSTART:${icsDateTime(event.start)}`,
    `DTEND:${icsDateTime(event.end)}`,
    `SEQUENCE:${event.sequence ?? 0}`,
    `STATUS:${event.status ?? 'CONFIRMED'}`,
    `SUMMARY:${escapeText(event.summary)}`,
  ];
  if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
  if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  if (event.url) lines.push(`URL:${event.url}`);
  if (event.organizer) {
    // A quoted parameter value cannot hold a double quote (RFC 5545 §3.2): drop them from the name.
    const name = event.organizer.name.replace(/["\r\n]/g, '');
    lines.push(`ORGANIZER;CN="${name}":mailto:${event.organizer.email}`);
  }
  lines.push('END:VEVENT');
  return lines;
}

/** The whole .ics file, CRLF line endings, folded. */
export function buildIcs(calendar: IcsCalendar): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${PRODID}`, 'CALSCALE:GREGORIAN'];
  if (calendar.method) lines.push(`METHOD:${calendar.method}`);
  for (const event of calendar.events) lines.push(...eventLines(event, calendar.stamp));
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
