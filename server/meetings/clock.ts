/**
 * Wall-clock times of a session day in Paris and the instants they stand for. Facilitators type "9:30";
 * the database stores timestamps with time zone; pages print Paris time whatever the server's zone.
 */

export const SESSION_TIME_ZONE = 'Europe/Paris';

const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: SESSION_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function wallClock(instant: Date): { day: string; minutes: number; seconds: number } {
  const p = Object.fromEntries(parts.formatToParts(instant).map((x) => [x.type, x.value]));
  return {
    day: `${p.year}-${p.month}-${p.day}`,
    minutes: Number(p.hour) * 60 + Number(p.minute),
    seconds: Number(p.second),
  };
}

/** "2026-12-03" of an instant, in Paris. */
export function parisDay(instant: Date): string {
  return wallClock(instant).day;
}

/** Minutes since midnight of an instant, in Paris. */
export function parisMinutes(instant: Date): number {
  return wallClock(instant).minutes;
}

/** 570 → "9 h 30", 540 → "9 h 00": how the pages write a time. */
export function timeLabel(minutes: number): string {
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')}`;
}

/** "09:30" for an ICS summary or an input value. */
export function timeValue(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export function parisTimeLabel(instant: Date): string {
  return timeLabel(parisMinutes(instant));
}

/**
 * The instant at which Paris clocks show `minutes` after midnight on `day`. The offset is found by
 * guessing UTC and correcting by what Paris shows then (twice, for days when the offset changes).
 */
export function parisInstant(day: string, minutes: number): Date {
  const [y, m, d] = day.split('-').map(Number);
  const target = Date.UTC(y, m - 1, d) + minutes * 60_000;
  let guess = target;
  for (let i = 0; i < 2; i++) {
    const shown = wallClock(new Date(guess));
    const [sy, sm, sd] = shown.day.split('-').map(Number);
    const shownMs = Date.UTC(sy, sm - 1, sd) + shown.minutes * 60_000 + shown.seconds * 1000;
    guess += target - shownMs;
  }
  return new Date(guess);
}

/** "9:30", "09h30", "9 h", "9h" → 570; null when it is not a time of day. */
export function parseTimeOfDay(text: string): number | null {
  const match = /^\s*(\d{1,2})\s*(?:[:hH]\s*(\d{2})?)?\s*$/.exec(text);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = match[2] === undefined ? 0 : Number(match[2]);
  if (hours > 23 || minutes > 59) return null;
  if (match[2] === undefined && !/[hH:]/.test(text) && text.trim().length > 2) return null;
  return hours * 60 + minutes;
}
