/**
 * The indicators' query string: `departement` (checked by the facilitation permissions), `du` and `au`
 * (ISO dates, as `<input type="date">` sends them). Absent or empty dates give the default period: the
 * last 12 months, from the first day of the month eleven months ago to today (Paris time). A bad date
 * is a French message beside its field (the page answers 422), a repeated parameter a 400.
 */
import { z } from 'zod';
import { parseForm } from '../common/forms';
import { parisToday } from '../common/paris-time';
import { queryValue } from '../common/route-schemas';
import { territoryQuery } from '../facilitation/schemas';
import type { Period } from './service';

/** Longest period shown: five years of months keeps the charts and the CSV readable. */
export const MAX_MONTHS = 60;

const isoDate = (label: string) =>
  z
    .string()
    .trim()
    .refine((value) => value === '' || /^\d{4}-\d{2}-\d{2}$/.test(value), {
      error: `${label} : indiquez une date au format jj/mm/aaaa.`,
    })
    .refine((value) => value === '' || isCalendarDate(value), {
      error: `${label} : cette date n’existe pas.`,
    })
    .refine((value) => value === '' || (value >= '2000-01-01' && value <= '2100-12-31'), {
      error: `${label} : choisissez une date entre 2000 et 2100.`,
    })
    .optional();

function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The page's and the CSV's query string; the dates' own checks are parsePeriod's (422 beside the fields). */
export const indicatorsQuery = territoryQuery.extend({ du: queryValue, au: queryValue });

const periodSchema = z.object({ du: isoDate('Début de la période'), au: isoDate('Fin de la période') });

/** The first day of the month `months` months before the month of `date`. */
function monthsBefore(date: string, months: number): string {
  const [year, month] = date.split('-').map(Number);
  const index = year * 12 + (month - 1) - months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

export type PeriodResult =
  | { ok: true; period: Period; values: { du: string; au: string } }
  | { ok: false; errors: Record<string, string>; values: { du: string; au: string } };

export function parsePeriod(query: { du?: string; au?: string }, today = parisToday()): PeriodResult {
  const values = { du: query.du ?? '', au: query.au ?? '' };
  const parsed = parseForm(periodSchema, values);
  if (!parsed.ok) return { ok: false, errors: parsed.errors, values };
  const to = parsed.data.au || today;
  const from = parsed.data.du || monthsBefore(to, 11);
  if (from > to) {
    return {
      ok: false,
      errors: { au: 'Fin de la période : elle doit venir après le début.' },
      values,
    };
  }
  if (from < monthsBefore(to, MAX_MONTHS - 1)) {
    return {
      ok: false,
      errors: { du: `Début de la période : la période ne peut pas dépasser ${MAX_MONTHS / 12} ans.` },
      values,
    };
  }
  return { ok: true, period: { from, to }, values: { du: from, au: to } };
}
