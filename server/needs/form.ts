/** What the need form template needs: values from a row, the role picker, the week grid, the summary. */
import type { CurrentPerson } from '../accounts/session';
import type { FieldErrors, FormValues } from '../common/forms';
import { pickRole, type RoleMatch, roleDisplay } from '../roles/picker';
import { communeByCode, findCommune, roleByCode } from '../vocabulary/lookups';
import { DAYS, HALVES, hoursInputValue, slotLabel } from '../vocabulary/week';
import type { NeedRow } from './service';
import { summarizeWeek } from './week-summary';

/** The form's values for an existing need (or a duplicate), as the person would have typed them. */
export function valuesFromNeed(need: NeedRow): FormValues {
  return {
    organizationId: String(need.organizationId),
    roleCode: need.roleCode,
    roleText: roleDisplay({ code: need.roleCode, label: roleByCode(need.roleCode)?.label ?? need.roleLabel }),
    title: need.title,
    description: need.description,
    hours: hoursInputValue(need.hoursHundredths),
    slots: [...need.allowedSlots],
    timetable: need.allowedSlots.length === need.slotsNeeded ? 'fixed' : 'flexible',
    slotsNeeded: String(need.slotsNeeded),
    commune: communeByCode(need.communeCode)?.label ?? need.communeName,
    maxTravelKm: String(need.maxTravelKm),
    startDate: need.startDate,
    version: String(need.version),
  };
}

export function weekGrid(values: FormValues) {
  const raw = values.slots ?? [];
  const ticked = new Set(Array.isArray(raw) ? raw : [raw]);
  return HALVES.map((half) => ({
    label: half.label,
    cells: DAYS.map((day) => {
      const slot = `${day.key}-${half.key}`;
      return { slot, day: day.label, label: slotLabel(slot), checked: ticked.has(slot) };
    }),
  }));
}

export function summaryFromValues(values: FormValues) {
  const slots = values.slots ?? [];
  return summarizeWeek({
    hours: String(values.hours ?? ''),
    slots: Array.isArray(slots) ? slots : [slots],
    timetable: String(values.timetable ?? 'fixed'),
    slotsNeeded: String(values.slotsNeeded ?? ''),
  });
}

/** Commune radios when the typed text matches several communes. */
export function communeChoices(values: FormValues, errors: FieldErrors) {
  if (!errors.commune || typeof values.commune !== 'string') return [];
  return findCommune(values.commune).suggestions;
}

export function needFormData(
  person: CurrentPerson,
  values: FormValues,
  errors: FieldErrors,
  extra: Record<string, unknown> = {},
) {
  return {
    values,
    errors,
    organizations: person.memberships.map((m) => ({ value: String(m.organizationId), label: m.name })),
    roleChoices: [] as RoleMatch[],
    grid: weekGrid(values),
    summary: summaryFromValues(values),
    communeChoices: communeChoices(values, errors),
    days: DAYS,
    ...extra,
  };
}

const ROLE_CHOICE = 'Métier : choisissez votre métier parmi ceux proposés ci-dessous.';
const ROLE_UNKNOWN = (text: string) =>
  `Métier : aucun métier ne correspond à « ${text} ». Essayez un autre intitulé ou un code ROME.`;

/**
 * The role picker's fields of a posted need form (roleCode, roleText, roleChoice) resolved to one code
 * (server/roles/picker.ts): the body to validate, with the code in `roleCode`; or, when the text stands
 * for no role or for several, the French message and the candidates the form offers as radios.
 */
export function pickedRole(body: unknown) {
  const raw = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const text = (value: unknown) =>
    typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '';
  const picked = pickRole({
    code: text(raw.roleCode),
    text: raw.roleText === undefined ? undefined : text(raw.roleText),
    choice: text(raw.roleChoice),
  });
  const unresolved = picked.code === null && picked.text !== '';
  return {
    body: { ...raw, roleCode: picked.code ?? '', roleText: picked.text },
    error: unresolved ? (picked.candidates.length ? ROLE_CHOICE : ROLE_UNKNOWN(picked.text)) : undefined,
    choices: picked.code === null ? picked.candidates : [],
  };
}
