/**
 * Session times are typed and shown in Europe/Paris (a facilitator writes "jeudi 3 décembre, 9 h 30")
 * and stored as instants (timestamptz). These convert between the two without a time-zone library:
 * Intl knows the offset of Paris at any instant, summer time included.
 */

const TIME_ZONE = 'Europe/Paris';

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The Paris wall-clock date ("2026-12-03") and time ("09:30") of an instant. */
export function parisParts(instant: Date): { date: string; time: string } {
  const parts = Object.fromEntries(partsFormat.formatToParts(instant).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** Minutes Paris is ahead of UTC at this instant (60 in winter, 120 in summer). */
function offsetMinutes(instant: Date): number {
  const { date, time } = parisParts(instant);
  const asUtc = Date.parse(`${date}T${time}:00Z`);
  return Math.round((asUtc - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * The instant of a Paris wall-clock time. In the autumn hour that happens twice the first is taken; a
 * time skipped in spring lands an hour off (nobody schedules a meeting at 2 h 30).
 */
export function parisToInstant(date: string, time: string): Date {
  const naive = Date.parse(`${date}T${time}:00Z`);
  let instant = new Date(naive - offsetMinutes(new Date(naive)) * 60_000);
  const corrected = new Date(naive - offsetMinutes(instant) * 60_000);
  if (parisParts(corrected).time === time) instant = corrected;
  return instant;
}

const longDate = new Intl.DateTimeFormat('fr-FR', {
  timeZone: TIME_ZONE,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** "9 h 30": how French pages write a time. */
export function frenchTime(instant: Date): string {
  const [hours, minutes] = parisParts(instant).time.split(':');
  return `${Number(hours)} h${minutes === '00' ? '' : ` ${minutes}`}`;
}

/** "jeudi 3 décembre 2026, de 9 h 30 à 12 h" (the end's date too when it is another day). */
export function frenchSpan(start: Date, end: Date): string {
  const sameDay = parisParts(start).date === parisParts(end).date;
  return sameDay
    ? `${longDate.format(start)}, de ${frenchTime(start)} à ${frenchTime(end)}`
    : `du ${longDate.format(start)}, ${frenchTime(start)}, au ${longDate.format(end)}, ${frenchTime(end)}`;
}
