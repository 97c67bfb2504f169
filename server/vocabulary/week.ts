/**
 * The week grid of a need and its hours, in the matcher's words (twelve half-days, mon-am … sat-pm;
 * hours in integer hundredths), with the French labels and parsing people need. Shared vocabulary:
 * needs, compositions, posts, search and matchmaking all speak it.
 */
import { WEEK_SLOTS, type WeekSlot } from '../../db/schema/needs';
import type { SLOTS } from '../matching/types';

export type { WeekSlot };

/** The stored list and the matcher's are one list: this fails to compile when they differ. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const SLOTS_AGREE: Same<typeof WEEK_SLOTS, typeof SLOTS> = true;
void SLOTS_AGREE;

export const DAYS = [
  { key: 'mon', label: 'Lundi' },
  { key: 'tue', label: 'Mardi' },
  { key: 'wed', label: 'Mercredi' },
  { key: 'thu', label: 'Jeudi' },
  { key: 'fri', label: 'Vendredi' },
  { key: 'sat', label: 'Samedi' },
] as const;

export const HALVES = [
  { key: 'am', label: 'Matin' },
  { key: 'pm', label: 'Après-midi' },
] as const;

const SLOT_SET = new Set<string>(WEEK_SLOTS);

export function isWeekSlot(value: string): value is WeekSlot {
  return SLOT_SET.has(value);
}

/** Distinct valid slots in canonical order. */
export function canonicalSlots(values: readonly string[]): WeekSlot[] {
  const chosen = new Set(values);
  return WEEK_SLOTS.filter((s) => chosen.has(s));
}

export function slotLabel(slot: string): string {
  const day = DAYS.find((d) => slot.startsWith(d.key));
  const half = HALVES.find((h) => slot.endsWith(h.key));
  return day && half ? `${day.label} ${half.label.toLowerCase()}` : slot;
}

/** Day names ("lundi", …) a set of slots touches: the "days of the week" search facet. */
export function slotDays(slots: readonly string[]): string[] {
  return DAYS.filter((d) => slots.some((s) => s.startsWith(`${d.key}-`))).map((d) => d.label.toLowerCase());
}

/**
 * "12,8" / "12.8" / "12 h 30" / "12h" → 1280 / 1280 / 1250 / 1200 hundredths; null when unreadable.
 * People write a French decimal comma; more than two decimals are rounded to the hundredth.
 */
export function parseHours(input: string): number | null {
  const text = input.trim().toLowerCase().replace(/\s+/g, ' ');
  const hm = /^(\d{1,2}) ?h ?(\d{1,2})?(?: ?min)?$/.exec(text);
  if (hm) {
    const minutes = hm[2] ? Number(hm[2]) : 0;
    if (minutes >= 60) return null;
    return Number(hm[1]) * 100 + Math.round((minutes * 100) / 60);
  }
  const decimal = /^(\d{1,3})(?:[.,](\d{1,6}))?(?: ?h)?$/.exec(text);
  if (!decimal) return null;
  return Math.round(Number(`${decimal[1]}.${decimal[2] ?? '0'}`) * 100);
}

/** 1280 → "12,8" (the form's value, French decimal comma). */
export function hoursInputValue(hundredths: number): string {
  // Integer hundredths divided by 100 print with at most two decimals; only the separator is French.
  return String(Math.round(hundredths) / 100).replace('.', ',');
}

/** 1280 → "12,8 h" (a reader's label: decimal hours, as people write them on their needs). */
export function hoursLabel(hundredths: number): string {
  return `${hoursInputValue(hundredths)} h`;
}

/** The "hours band" search facet. */
export function hoursBand(hundredths: number): string {
  if (hundredths < 700) return 'moins de 7 h';
  if (hundredths < 1400) return '7 à 14 h';
  if (hundredths < 2100) return '14 à 21 h';
  if (hundredths < 2800) return '21 à 28 h';
  return '28 h et plus';
}
export const HOURS_BANDS = ['moins de 7 h', '7 à 14 h', '14 à 21 h', '21 à 28 h', '28 h et plus'];

/** At most this many hours on one half-day: above it, the hours and the grid disagree. */
export const MAX_HUNDREDTHS_PER_SLOT = 500;
