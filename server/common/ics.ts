/**
 * iCalendar (RFC 5545) files for calendar invitations: session invitations and meeting agendas.
 * Pure functions: no clock, no database. Text values are escaped (backslash, semicolon, comma, newline)
 * and content lines folded at 75 octets (UTF-8, never inside a multi-byte character), with CRLF endings.
 * Event times are Paris wall-clock times (`DTSTART;TZID=Europe/Paris:…`) with the zone's VTIMEZONE,
 * as the site shows them: a calendar set to another zone still converts them, and a reader of the raw
 * file sees the hours of the invitation mail.
 */
import { PARIS_TIME_ZONE, parisDay, parisMinutes } from './paris-time';

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
  /** The invited structures, one ATTENDEE each (CN = the structure's name; never a person's address). */
  attendees?: { name: string; email: string }[];
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

/** 20261123T093000: Paris wall-clock time of an instant, for `;TZID=Europe/Paris` properties. */
export function icsParisDateTime(date: Date): string {
  const minutes = parisMinutes(date);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${parisDay(date).replace(/-/g, '')}T${hh}${mm}00`;
}

/**
 * Europe/Paris since 1996 (EU rules): summer time from the last Sunday of March at 2:00 to the last
 * Sunday of October at 3:00. Calendars need the zone's definition in the file (RFC 5545 §3.6.5).
 */
export const PARIS_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${PARIS_TIME_ZONE}`,
  `X-LIC-LOCATION:${PARIS_TIME_ZONE}`,
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

/** A quoted parameter value (CN="…") cannot hold a double quote or a control character (§3.2). */
function paramText(value: string): string {
  return [...value]
    .filter((c) => c !== '"' && c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f)
    .join('')
    .trim();
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
    `DTSTART;TZID=${PARIS_TIME_ZONE}:${icsParisDateTime(event.start)}`,
    `DTEND;TZID=${PARIS_TIME_ZONE}:${icsParisDateTime(event.end)}`,
    `SEQUENCE:${event.sequence ?? 0}`,
    `STATUS:${event.status ?? 'CONFIRMED'}`,
    `SUMMARY:${escapeText(event.summary)}`,
  ];
  if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
  if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  if (event.url) lines.push(`URL:${event.url}`);
  if (event.organizer)
    lines.push(`ORGANIZER;CN="${paramText(event.organizer.name)}":mailto:${event.organizer.email}`);
  for (const attendee of event.attendees ?? [])
    lines.push(
      `ATTENDEE;CUTYPE=GROUP;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE;CN="${paramText(attendee.name)}":mailto:${attendee.email}`,
    );
  lines.push('END:VEVENT');
  return lines;
}

/** The whole .ics file, CRLF line endings, folded. */
export function buildIcs(calendar: IcsCalendar): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${PRODID}`, 'CALSCALE:GREGORIAN'];
  if (calendar.method) lines.push(`METHOD:${calendar.method}`);
  if (calendar.events.length) lines.push(...PARIS_VTIMEZONE);
  for (const event of calendar.events) lines.push(...eventLines(event, calendar.stamp));
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
