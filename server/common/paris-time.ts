/**
 * Paris time, in one place. The site's dates and times are French wall-clock ones (Europe/Paris,
 * summer time included) whatever the server's own zone, and are written one way everywhere (pages,
 * mails, calendar texts, exports): "9 h", "9 h 30", "1er février 2027", "lundi 1er février 2027",
 * "3 décembre 2026 à 9 h 30".
 *
 * No date library: Intl already carries the time-zone database (Node's ICU), an instant's Paris wall
 * clock is one `formatToParts`, and the way back is the two candidate offsets checked against it
 * (below). The wording is ours, not Intl's: its French has no "1er" and writes "09:30", and its output
 * may change with the ICU version (the narrow no-break space of some versions).
 */

export const PARIS_TIME_ZONE = 'Europe/Paris';

/** The French months, as dates write them ("1er septembre 2026", "mars 2026"). */
export const FRENCH_MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
] as const;

const WEEKDAYS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'] as const;

const MINUTE = 60_000;
const DAY = 86_400_000;

const partsFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: PARIS_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** What Paris clocks show at an instant: the day ("2026-12-03") and the time of day. */
function wallClock(instant: Date): { day: string; minutes: number; seconds: number } {
  const p: Record<string, string> = {};
  for (const part of partsFormat.formatToParts(instant)) p[part.type] = part.value;
  return {
    day: `${p.year}-${p.month}-${p.day}`,
    minutes: Number(p.hour) * 60 + Number(p.minute),
    seconds: Number(p.second),
  };
}

/** A wall clock read as if it were UTC, in milliseconds: what offsets are measured against. */
function wallMs(day: string, minutes: number, seconds = 0): number {
  const [y, m, d] = day.split('-').map(Number);
  return Date.UTC(y, m - 1, d) + minutes * MINUTE + seconds * 1000;
}

/** How far Paris is ahead of UTC at an instant, in milliseconds (1 h in winter, 2 h in summer). */
function offsetAt(instant: number): number {
  const shown = wallClock(new Date(instant));
  return wallMs(shown.day, shown.minutes, shown.seconds) - Math.floor(instant / 1000) * 1000;
}

/** "2026-12-03": the Paris day of an instant. */
export function parisDay(instant: Date): string {
  return wallClock(instant).day;
}

/** Minutes since midnight, Paris time, of an instant. */
export function parisMinutes(instant: Date): number {
  return wallClock(instant).minutes;
}

/** Today in Paris, as an ISO date: the day a French person would write. */
export function parisToday(now = new Date()): string {
  return parisDay(now);
}

/**
 * The instant at which Paris clocks show `minutes` after midnight on `day`. Paris is on one of the two
 * offsets it has a day before and a day after; of those, the instant is the one whose wall clock is
 * the one asked for. In the autumn hour that happens twice, both are: the first is taken. In the spring
 * hour that does not exist, neither is: the time is moved forward by the gap (2 h 30 is 3 h 30 summer
 * time). These are Temporal's "compatible" choices, those of calendars.
 */
export function parisInstant(day: string, minutes: number): Date {
  const wall = wallMs(day, minutes);
  const before = offsetAt(wall - DAY);
  const after = offsetAt(wall + DAY);
  const candidates = [wall - Math.max(before, after), wall - Math.min(before, after)];
  const found = candidates.find((instant) => {
    const shown = wallClock(new Date(instant));
    return wallMs(shown.day, shown.minutes, shown.seconds) === wall;
  });
  return new Date(found ?? wall - before);
}

/** "9:30", "09h30", "9 h", "9h", "9" → 570 or 540; null when it is not a time of day. */
export function parseTimeOfDay(text: string): number | null {
  const match = /^\s*(\d{1,2})\s*(?:[:hH]\s*(\d{2})?)?\s*$/.exec(text);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = match[2] === undefined ? 0 : Number(match[2]);
  if (hours > 23 || minutes > 59) return null;
  if (match[2] === undefined && !/[hH:]/.test(text) && text.trim().length > 2) return null;
  return hours * 60 + minutes;
}

/** 570 → "9 h 30", 540 → "9 h", 545 → "9 h 05": a time of day as French writes it. */
export function timeLabel(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${String(rest).padStart(2, '0')}` : `${hours} h`;
}

/** 570 → "09:30": the value of an `<input type="time">`. */
export function timeValue(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** "09:30" (an `<input type="time">` value, already checked) → 570. */
export function minutesOfTimeValue(value: string): number {
  const [hours, minutes] = value.split(':').map(Number);
  return hours * 60 + minutes;
}

/** "9 h 30": the Paris time of an instant. */
export function parisTime(instant: Date): string {
  return timeLabel(parisMinutes(instant));
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The calendar day of a date column ("2027-02-01") or the Paris day of an instant; null if invalid. */
function calendarDay(value: Date | string): { year: number; month: number; day: number } | null {
  let iso: string;
  if (typeof value === 'string' && ISO_DAY.test(value)) iso = value;
  else {
    const date = typeof value === 'string' ? new Date(value) : value;
    if (Number.isNaN(date.getTime())) return null;
    iso = parisDay(date);
  }
  const [, year, month, day] = ISO_DAY.exec(iso)?.map(Number) ?? [];
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 ? { year, month, day } : null;
}

/**
 * "1er février 2027" ("lundi 1er février 2027" with the weekday) of a date column's value or of an
 * instant (its Paris day); '' for nothing or an invalid value. The templates' `date` filter.
 */
export function frenchDate(
  value: Date | string | null | undefined,
  options: { weekday?: boolean } = {},
): string {
  if (!value) return '';
  const date = calendarDay(value);
  if (!date) return '';
  const text = `${date.day === 1 ? '1er' : date.day} ${FRENCH_MONTHS[date.month - 1]} ${date.year}`;
  if (!options.weekday) return text;
  return `${WEEKDAYS[new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay()]} ${text}`;
}

/** "3 décembre 2026 à 9 h 30": an instant, in Paris. */
export function frenchDateTime(instant: Date): string {
  return `${frenchDate(instant)} à ${parisTime(instant)}`;
}

/** "jeudi 3 décembre 2026, de 9 h 30 à 12 h" (the end's date too when it is another day). */
export function frenchSpan(start: Date, end: Date): string {
  const long = (instant: Date) => frenchDate(instant, { weekday: true });
  return parisDay(start) === parisDay(end)
    ? `${long(start)}, de ${parisTime(start)} à ${parisTime(end)}`
    : `du ${long(start)}, ${parisTime(start)}, au ${long(end)}, ${parisTime(end)}`;
}

/** "2026-03" → "mars 2026". */
export function frenchMonth(month: string): string {
  const [year, m] = month.split('-');
  return `${FRENCH_MONTHS[Number(m) - 1]} ${year}`;
}

/** "2026-01-31" → "31/01/2026": a date in a spreadsheet cell, where a French spreadsheet reads it as one. */
export function numericDate(iso: string): string {
  return iso.split('-').reverse().join('/');
}
