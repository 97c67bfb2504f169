/**
 * Days and half-days as people write them, into the matcher's slots (mon-am … sat-pm):
 * "lundi, mardi", "du lundi au jeudi", "jeudi matin", "lundi au vendredi après-midi", "lun. mar. mer.",
 * "mardi et jeudi matin", "tous les matins", "lundi matin, mercredi après-midi", "L M J", "9h-12h",
 * "2 demi-journées au choix", "du lundi au vendredi sauf mercredi".
 *
 * Rules (docs/import.md):
 * - A day without morning or afternoon means both half-days.
 * - "matin" / "après-midi" / "journée" apply to the days written just before them in the same part of the
 *   text (parts are separated by commas, semicolons, slashes or line breaks): "mardi et jeudi matin" is two
 *   mornings, "lundi, mardi matin" is all Monday and Tuesday morning. With no day before them they apply to
 *   every weekday ("tous les matins").
 * - "N demi-journées" or "N jours" give the number of half-days needed; with no day named, every weekday
 *   half-day is allowed. Saturday is allowed only when written.
 */
import { SLOTS, type Slot } from '../matching/types';
import { type Half, tokenize } from './day-tokens';
import { type CellValue, fail, ok, type Parsed } from './types';

export interface ParsedDays {
  /** Allowed slots, in canonical order. */
  slots: Slot[];
  /** Half-days needed when the text says so ("3 demi-journées", "2 jours"), otherwise null. */
  halfDays: number | null;
}

const DAY_NAMES = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];
const WEEKDAYS = [0, 1, 2, 3, 4];
function slotIndex(day: number, half: Half): number {
  return day * 2 + (half === 'am' ? 0 : 1);
}

export function parseDays(cell: CellValue): Parsed<ParsedDays> {
  if (cell === null || cell === '') return ok({ slots: [], halfDays: null });
  if (typeof cell !== 'string')
    return fail(`Jours illisibles : « ${String(cell)} » (exemple : « lundi et jeudi matin »).`);
  const written = cell.trim();
  const tokens = tokenize(written);

  const include = new Set<number>();
  const exclude = new Set<number>();
  let target = include;
  let pending: number[] = [];
  let lastQualified: number[] = [];
  let previousDay: number | null = null;
  let rangeOpen = false;
  let halfDays: number | null = null;
  let countHalves: Half[] | null = null;
  let sawLetters = false;
  let sawSunday = false;
  const unknown: string[] = [];

  const add = (days: number[], halves: Half[]) => {
    for (const day of days) for (const half of halves) target.add(slotIndex(day, half));
  };
  const flush = () => {
    add(pending, ['am', 'pm']);
    pending = [];
    lastQualified = [];
    previousDay = null;
    rangeOpen = false;
  };

  for (const token of tokens) {
    switch (token.kind) {
      case 'day': {
        if (token.letter) sawLetters = true;
        if (rangeOpen && previousDay !== null) {
          if (token.day < previousDay)
            return fail(
              `« ${written} » : la période ${DAY_NAMES[previousDay]} au ${DAY_NAMES[token.day]} est à l'envers.`,
            );
          for (let d = previousDay + 1; d <= token.day; d++) pending.push(d);
        } else pending.push(token.day);
        previousDay = token.day;
        rangeOpen = false;
        break;
      }
      case 'range':
        if (previousDay !== null) rangeOpen = true;
        break;
      case 'halves':
        if (pending.length > 0) {
          add(pending, token.halves);
          lastQualified = pending;
          pending = [];
        } else if (lastQualified.length > 0) add(lastQualified, token.halves);
        else {
          add(WEEKDAYS, token.halves);
          lastQualified = [];
        }
        previousDay = null;
        break;
      case 'count':
        halfDays = token.halfDays;
        if (token.halves) countHalves = token.halves;
        break;
      case 'except':
        flush();
        target = exclude;
        break;
      case 'separator':
        flush();
        break;
      case 'sunday':
        sawSunday = true;
        break;
      case 'unknown':
        unknown.push(token.word);
        break;
      default:
        break;
    }
  }
  flush();

  // No day named: a count ("3 demi-journées"), an exception ("sauf mercredi") or "au choix" allow every weekday.
  if (include.size === 0 && (halfDays !== null || exclude.size > 0 || isFlexibleText(written))) {
    for (const day of WEEKDAYS)
      for (const half of countHalves ?? (['am', 'pm'] as Half[])) include.add(slotIndex(day, half));
  }
  for (const index of exclude) include.delete(index);

  if (include.size === 0) {
    if (sawSunday) return fail('Le dimanche ne fait pas partie des créneaux possibles (du lundi au samedi).');
    return fail(
      `Jours illisibles : « ${written} » (exemples : « lundi et jeudi matin », « du lundi au mercredi »).`,
    );
  }
  if (halfDays !== null && halfDays <= 0)
    return fail(`« ${written} » : le nombre de demi-journées doit être supérieur à 0.`);

  const slots = SLOTS.filter((_, i) => include.has(i));
  const warnings: string[] = [];
  if (sawLetters) warnings.push(`Jours abrégés compris comme : ${describeSlots(slots)}.`);
  if (sawSunday) warnings.push('Le dimanche a été ignoré (créneaux du lundi au samedi).');
  if (unknown.length > 0) warnings.push(`Mots ignorés dans les jours : ${unknown.join(', ')}.`);
  return ok({ slots, halfDays }, warnings);
}

function isFlexibleText(written: string): boolean {
  const text = written
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  return /\b(?:indifferent|au choix|flexible|peu importe|n.importe|tous les jours|toute la semaine|libre|semaine)\b/.test(
    text,
  );
}

const HALF_LABEL: Record<string, string> = { am: 'matin', pm: 'après-midi' };

/** "lundi, mardi matin, jeudi après-midi": slots in words, for previews and messages. */
export function describeSlots(slots: readonly Slot[]): string {
  const byDay = new Map<number, string[]>();
  for (const slot of slots) {
    const day = SLOTS.indexOf(slot) >> 1;
    const half = slot.slice(4);
    byDay.set(day, [...(byDay.get(day) ?? []), half]);
  }
  return [...byDay.entries()]
    .map(([day, halves]) =>
      halves.length === 2 ? DAY_NAMES[day] : `${DAY_NAMES[day]} ${HALF_LABEL[halves[0]]}`,
    )
    .join(', ');
}
