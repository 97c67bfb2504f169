/**
 * What a need's week grid and hours say together, shown beside the need form and refreshed by htmx.
 */
import { canonicalSlots, hoursLabel, MAX_HUNDREDTHS_PER_SLOT, parseHours } from '../vocabulary/week';

export interface WeekSummary {
  hours: number | null;
  ticked: number;
  slotsNeeded: number | null;
  fixed: boolean;
  sentence: string;
  problems: string[];
}

/** What the grid and the hours say together, shown beside the form and refreshed by htmx. */
export function summarizeWeek(input: {
  hours: string;
  slots: readonly string[];
  timetable: string;
  slotsNeeded: string;
}): WeekSummary {
  const hours = parseHours(input.hours ?? '');
  const slots = canonicalSlots(input.slots);
  const fixed = input.timetable !== 'flexible';
  const asked = Number.parseInt(input.slotsNeeded ?? '', 10);
  const slotsNeeded = fixed ? slots.length : Number.isFinite(asked) ? asked : null;
  const problems: string[] = [];
  const parts: string[] = [];
  parts.push(hours === null ? 'Heures à préciser' : `${hoursLabel(hours)} par semaine`);
  if (!slots.length) problems.push('Cochez au moins une demi-journée dans la semaine type.');
  if (fixed) {
    parts.push(
      `sur ${slots.length} demi-journée${slots.length > 1 ? 's' : ''} fixe${slots.length > 1 ? 's' : ''}`,
    );
  } else if (slotsNeeded !== null) {
    parts.push(
      `sur ${slotsNeeded} demi-journée${slotsNeeded > 1 ? 's' : ''} à choisir parmi ${slots.length} possible${slots.length > 1 ? 's' : ''}`,
    );
    if (slotsNeeded > slots.length)
      problems.push('Cochez au moins autant de demi-journées possibles que de demi-journées travaillées.');
    if (slotsNeeded < 1) problems.push('Indiquez au moins une demi-journée travaillée.');
  } else {
    problems.push('Indiquez combien de demi-journées seront travaillées.');
  }
  if (hours !== null && slotsNeeded && slotsNeeded > 0) {
    const perSlot = hours / slotsNeeded;
    parts.push(`soit ${hoursLabel(Math.round(perSlot))} par demi-journée`);
    if (perSlot > MAX_HUNDREDTHS_PER_SLOT)
      problems.push(
        `Plus de ${MAX_HUNDREDTHS_PER_SLOT / 100} h par demi-journée : ajoutez des demi-journées ou réduisez les heures.`,
      );
  }
  return { hours, ticked: slots.length, slotsNeeded, fixed, sentence: `${parts.join(' ')}.`, problems };
}
