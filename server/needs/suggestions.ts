/**
 * "Ce qui compléterait le besoin": the matcher's suggestions for the needs a matching run left out
 * (server/matching/suggest.ts), stored by each run (server/compositions/matching-run.ts) and shown on the
 * need's page to its members, with a link that opens the need's form with the change filled in. Nothing
 * changes until the structure saves the form, which checks the need's version as any edit does.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { needSuggestions, needs, organizations } from '../../db/schema';
import type { FormValues } from '../common/forms';
import { frenchDate } from '../common/paris-time';
import type { NeedChange, Suggestion } from '../matching/types';
import { hoursInputValue, hoursLabel, MAX_HUNDREDTHS_PER_SLOT, slotLabel } from '../vocabulary/week';
import type { NeedRow } from './service';

/** The need form's own limits: a suggestion it would refuse is not offered. */
const MAX_FORM_TRAVEL_KM = 200;
const CHUNK = 1_000;

const list = new Intl.ListFormat('fr', { type: 'conjunction' });
/** French typography: a no-break space between a number and its unit. */
const nbsp = (text: string) => text.replace(/ (h|km)\b/g, '\u00a0$1');

type ChangedFields = Pick<
  NeedRow,
  'allowedSlots' | 'hoursHundredths' | 'maxTravelKm' | 'startDate' | 'slotsNeeded'
>;

/** True when the need form accepts the need with this change (hours per half-day, whole km up to 200). */
export function formAccepts(need: ChangedFields, change: NeedChange): boolean {
  if ('hours' in change) return Math.round(change.hours * 100) <= MAX_HUNDREDTHS_PER_SLOT * need.slotsNeeded;
  if ('maxTravelKm' in change)
    return Number.isInteger(change.maxTravelKm) && change.maxTravelKm <= MAX_FORM_TRAVEL_KM;
  return true;
}

/** "ajouter le jeudi après-midi", "passer de 14 h à 17,5 h par semaine", … */
export function describeChange(need: ChangedFields, change: NeedChange): string {
  if ('allowedSlots' in change) {
    const added = change.allowedSlots.filter((s) => !need.allowedSlots.includes(s));
    return `ajouter ${list.format(added.map((s) => `le ${slotLabel(s).toLowerCase()}`))}`;
  }
  if ('hours' in change)
    return nbsp(
      `passer de ${hoursLabel(need.hoursHundredths)} à ${hoursLabel(Math.round(change.hours * 100))} par semaine`,
    );
  if ('maxTravelKm' in change)
    return nbsp(
      `accepter jusqu’à ${change.maxTravelKm} km entre les lieux de travail (au lieu de ${need.maxTravelKm} km)`,
    );
  return `commencer le ${frenchDate(change.start)} (au lieu du ${frenchDate(need.startDate)})`;
}

/** "(avec Atelier X et Régie Y, 35 h)": the other structures of the position and its hours. */
export function describePosition(partners: string[], hoursHundredths: number): string {
  return nbsp(`avec ${list.format([...new Set(partners)])}, ${hoursLabel(hoursHundredths)}`);
}

/** The need form's values with the change filled in (a fixed week with a half-day more becomes flexible). */
export function valuesWithChange(values: FormValues, change: NeedChange): FormValues {
  if ('allowedSlots' in change) {
    return { ...values, slots: [...change.allowedSlots], timetable: 'flexible' };
  }
  if ('hours' in change) return { ...values, hours: hoursInputValue(Math.round(change.hours * 100)) };
  if ('maxTravelKm' in change) return { ...values, maxTravelKm: String(change.maxTravelKm) };
  return { ...values, startDate: change.start };
}

/**
 * Replaces the stored suggestions of the needs a run matched (`matched`, with their versions then) by
 * the run's (`suggestions`, at most three per need, smallest change first).
 */
export async function replaceSuggestions(
  tx: DbOrTx,
  matched: Map<number, ChangedFields & { version: number }>,
  suggestions: Suggestion[],
): Promise<number> {
  const ids = [...matched.keys()];
  for (let k = 0; k < ids.length; k += CHUNK)
    await tx.delete(needSuggestions).where(inArray(needSuggestions.needId, ids.slice(k, k + CHUNK)));
  const ranks = new Map<number, number>();
  const rows = suggestions.flatMap((s) => {
    const needId = Number(s.needId);
    const need = matched.get(needId);
    if (!need || !formAccepts(need, s.change)) return [];
    const rank = (ranks.get(needId) ?? 0) + 1;
    ranks.set(needId, rank);
    return [
      {
        needId,
        needVersion: need.version,
        rank,
        change: s.change,
        positionsGained: s.positionsGained,
        members: s.position.needs.map((m) => ({ needId: Number(m.id), slots: m.slots })),
        hoursHundredths: Math.round(s.position.hours * 100),
        maxDistanceKm: s.position.maxDistanceKm,
      },
    ];
  });
  for (let k = 0; k < rows.length; k += CHUNK) {
    // Embedded PGlite answers without I/O: give the event loop a turn between batches.
    await nextTurn();
    await tx
      .insert(needSuggestions)
      .values(rows.slice(k, k + CHUNK))
      .onConflictDoNothing();
  }
  return rows.length;
}

export interface ShownSuggestion {
  id: number;
  change: string;
  position: string;
  href: string;
}

/** The need's current suggestions (stale ones, from before its last edit, are not shown). */
export async function suggestionsForNeed(db: DbOrTx, need: NeedRow): Promise<ShownSuggestion[]> {
  const rows = await db
    .select()
    .from(needSuggestions)
    .where(and(eq(needSuggestions.needId, need.id), eq(needSuggestions.needVersion, need.version)))
    .orderBy(asc(needSuggestions.rank));
  const others = [...new Set(rows.flatMap((r) => r.members.map((m) => m.needId)))].filter(
    (id) => id !== need.id,
  );
  const names = others.length
    ? await db
        .select({ id: needs.id, name: organizations.name })
        .from(needs)
        .innerJoin(organizations, eq(organizations.id, needs.organizationId))
        .where(inArray(needs.id, others))
    : [];
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  return rows.map((r) => ({
    id: r.id,
    change: describeChange(need, r.change),
    position: describePosition(
      r.members.filter((m) => m.needId !== need.id).map((m) => nameOf.get(m.needId) ?? 'une autre structure'),
      r.hoursHundredths,
    ),
    href: `/besoins/${need.id}/modifier?suggestion=${r.id}`,
  }));
}

/** One stored suggestion of this need at its current version, or undefined (unknown, or stale). */
export async function currentSuggestion(db: DbOrTx, need: NeedRow, id: number) {
  const [row] = await db
    .select()
    .from(needSuggestions)
    .where(
      and(
        eq(needSuggestions.id, id),
        eq(needSuggestions.needId, need.id),
        eq(needSuggestions.needVersion, need.version),
      ),
    );
  return row;
}
