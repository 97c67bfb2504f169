/** Shared types of the spreadsheet import: cells, parse results, fields, need drafts. */
import type { Slot } from '../matching/types';

/** One cell as read from XLSX (numbers, dates, booleans kept) or CSV (always text). Null when empty. */
export type CellValue = string | number | boolean | Date | null;

/** What a small parser returns: a value with warnings to show, or a French message saying what is wrong. */
export type Parsed<T> = { ok: true; value: T; warnings: string[] } | { ok: false; message: string };

export function ok<T>(value: T, warnings: string[] = []): Parsed<T> {
  return { ok: true, value, warnings };
}

export function fail<T>(message: string): Parsed<T> {
  return { ok: false, message };
}

/** The columns an import understands. `contact` columns are recognised so that they are ignored. */
export const FIELDS = [
  'structureName',
  'siret',
  'postalCode',
  'commune',
  'role',
  'romeCode',
  'hours',
  'days',
  'halfDays',
  'start',
  'travel',
  'description',
  'contact',
] as const;

export type Field = (typeof FIELDS)[number];

/** A problem on one row, with the spreadsheet's own row number (1-based, header rows counted). */
export interface RowIssue {
  row: number;
  field: string;
  message: string;
}

/** A row turned into what a need needs; the page previews it and `--commit` stores it. */
export interface NeedDraft {
  row: number;
  structure: { name: string; siret: string | null; communeCode: string | null };
  role: { code: string; label: string } | null;
  roleSuggestions: { code: string; label: string; score: number }[];
  title: string;
  description: string | null;
  hoursHundredths: number;
  slotsNeeded: number;
  allowedSlots: Slot[];
  /** ISO date YYYY-MM-DD. */
  start: string | null;
  /** True when the file said "dès que possible" (then `start` is the import day). */
  startAsap: boolean;
  communeCode: string | null;
  communeName: string | null;
  departement: string | null;
  lat: number | null;
  lon: number | null;
  /** True when the commune's coordinates are an approximation (see docs/places.md). */
  approximateLocation: boolean;
  maxTravelKm: number | null;
}
