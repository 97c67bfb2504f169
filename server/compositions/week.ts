/**
 * The picture of a composition's week: six days × two half-days, each half-day given to one organization.
 * Colour classes org-1 … org-6 (cycling beyond six) with a letter in every cell, so that colour is never
 * the only cue (print, screen readers, colour blindness).
 */

import { distanceKm } from '../places/geo';
import { DAYS, HALVES, hoursLabel } from '../vocabulary/week';
import type { CompositionLine } from './service';

export interface LegendEntry {
  organizationId: number;
  letter: string;
  name: string;
  className: string;
  hours: string;
}

export interface WeekCell {
  slot: string;
  entry: LegendEntry | null;
}

export interface WeekPicture {
  days: { key: string; label: string }[];
  legend: LegendEntry[];
  rows: { label: string; cells: WeekCell[] }[];
  freeSlots: number;
}

export function weekPicture(lines: CompositionLine[], organizationIds: number[]): WeekPicture {
  const legend = organizationIds.map((id, i): LegendEntry => {
    const own = lines.filter((l) => l.organizationId === id);
    return {
      organizationId: id,
      letter: String.fromCharCode(65 + (i % 26)),
      name: own[0]?.organizationName ?? '',
      className: `org-${(i % 6) + 1}`,
      hours: hoursLabel(own.reduce((s, l) => s + l.hoursHundredths, 0)),
    };
  });
  const bySlot = new Map<string, LegendEntry>();
  for (const line of lines) {
    const entry = legend.find((e) => e.organizationId === line.organizationId);
    if (entry) for (const slot of line.slots) bySlot.set(slot, entry);
  }
  const rows = HALVES.map((h) => ({
    label: h.label,
    cells: DAYS.map((d) => {
      const slot = `${d.key}-${h.key}`;
      return { slot, entry: bySlot.get(slot) ?? null };
    }),
  }));
  return { days: [...DAYS], legend, rows, freeSlots: 12 - bySlot.size };
}

/** For each need, how far the farthest other need of the composition is (km, one decimal). */
export function farthestKm(lines: CompositionLine[]): Map<number, number> {
  const result = new Map<number, number>();
  for (const a of lines) {
    let far = 0;
    for (const b of lines) if (a !== b) far = Math.max(far, distanceKm(a, b));
    result.set(a.needId, Math.round(far * 10) / 10);
  }
  return result;
}
