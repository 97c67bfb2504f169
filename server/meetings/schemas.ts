/**
 * The meeting forms, checked at the edge with French messages. Slot times are read as Paris wall-clock
 * times on the session's day and must lie within the session's hours.
 */
import { z } from 'zod';
import { type FormResult, formValues, optionalText, parseForm } from '../common/forms';
import { parisDay, parisInstant, parisMinutes, parseTimeOfDay, timeLabel } from '../common/paris-time';
import { formBody, idParams, queryValue } from '../common/route-schemas';
import type { SlotTimes } from './setup';

/** A page of a session's meetings, `/animation/rencontres/:id/rendez-vous…`, and one of its forms. */
export const meetingsPage = { params: idParams };
export const meetingsForm = { params: idParams, body: formBody };

/** A participant's pages: `?structure=` picks which of their invited organizations the page is for. */
export const participantQuery = z.object({ structure: queryValue });

const id = (label: string) =>
  z
    .string({ error: `${label} : choisissez une structure.` })
    .regex(/^[1-9]\d{0,9}$/, { error: `${label} : choisissez une structure.` })
    .transform(Number);

export const requestSchema = z.object({
  organisation: id('Structure à rencontrer'),
  structure: id('Votre structure').optional(),
  motif: optionalText('Motif', 500),
});

export const addMeetingSchema = z
  .object({
    organisationA: id('Première structure'),
    organisationB: id('Seconde structure'),
    motif: optionalText('Motif', 500),
  })
  .refine((v) => v.organisationA !== v.organisationB, {
    path: ['organisationB'],
    error: 'Seconde structure : choisissez une autre structure que la première.',
  });

/** The plan version a form was read at (0: nothing planned yet); null when missing or garbled (400). */
export function postedPlanVersion(body: unknown): number | null {
  const posted = planVersionField.safeParse(body);
  return posted.success ? posted.data.version : null;
}

const planVersionField = z.object({
  version: z
    .string()
    .regex(/^(?:0|[1-9]\d{0,8})$/)
    .transform(Number),
});

const MAX_SLOTS = 40;
/** A meeting's length when the slots form leaves it empty. */
export const DEFAULT_SLOT_MINUTES = 20;
const MAX_TABLES = 100;

const slotsSchema = z.object({
  debut: z.string().optional().default(''),
  duree: z.string().optional().default(''),
  pause: z.string().optional().default(''),
  nombre: z.string().optional().default(''),
  liste: z
    .string()
    .max(4000, { error: 'Liste des créneaux : 4000 caractères au plus.' })
    .optional()
    .default(''),
});

type SessionHours = { startsAt: Date; endsAt: Date };

function integerIn(text: string, min: number, max: number): number | null {
  if (!/^\d{1,4}$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return n >= min && n <= max ? n : null;
}

/**
 * The slots form: either an explicit list ("9:00-9:20", one per line) or a start, a duration, a pause and
 * a count. Errors name the field; slots must not overlap and must lie within the session's hours.
 */
export function parseSlotsForm(body: unknown, session: SessionHours): FormResult<SlotTimes[]> {
  const parsed = parseForm(slotsSchema, body);
  if (!parsed.ok) return parsed;
  const form = parsed.data;
  const fail = (field: string, message: string): FormResult<SlotTimes[]> => ({
    ok: false,
    errors: { [field]: message },
    values: formValues(body),
  });
  const day = parisDay(session.startsAt);
  const ranges: [number, number][] = [];
  if (form.liste.trim()) {
    const lines = form.liste
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
    for (const [i, line] of lines.entries()) {
      const [from, to, ...rest] = line.split(/\s*[-–à]\s*/);
      const start = parseTimeOfDay(from ?? '');
      const end = parseTimeOfDay(to ?? '');
      if (rest.length || start === null || end === null)
        return fail('liste', `Liste des créneaux, ligne ${i + 1} : écrivez « 9:00 - 9:20 ».`);
      if (end <= start)
        return fail('liste', `Liste des créneaux, ligne ${i + 1} : la fin doit suivre le début.`);
      ranges.push([start, end]);
    }
    if (ranges.length > MAX_SLOTS)
      return fail('liste', `Liste des créneaux : ${MAX_SLOTS} créneaux au plus.`);
  } else {
    // Every field marked "(facultatif)" is: the first slot at the session's start, 20-minute meetings,
    // no pause, and as many slots as fit before the session ends (at most MAX_SLOTS).
    const start = form.debut.trim() === '' ? parisMinutes(session.startsAt) : parseTimeOfDay(form.debut);
    if (start === null) return fail('debut', 'Heure du premier créneau : écrivez une heure comme 9:30.');
    const duration = form.duree.trim() === '' ? DEFAULT_SLOT_MINUTES : integerIn(form.duree, 5, 240);
    if (duration === null)
      return fail('duree', 'Durée d’un rendez-vous : un nombre de minutes entre 5 et 240.');
    const pause = form.pause.trim() === '' ? 0 : integerIn(form.pause, 0, 120);
    if (pause === null)
      return fail('pause', 'Pause entre deux rendez-vous : un nombre de minutes entre 0 et 120.');
    const closes = parisDay(session.endsAt) === day ? parisMinutes(session.endsAt) : 24 * 60;
    const fitting = Math.min(MAX_SLOTS, Math.floor((closes - start + pause) / (duration + pause)));
    const count = form.nombre.trim() === '' ? fitting : integerIn(form.nombre, 1, MAX_SLOTS);
    if (count === null) return fail('nombre', `Nombre de créneaux : entre 1 et ${MAX_SLOTS}.`);
    if (count < 1)
      return fail(
        'debut',
        'Heure du premier créneau : aucun rendez-vous ne tient avant la fin de la rencontre.',
      );
    for (let i = 0; i < count; i++) {
      const from = start + i * (duration + pause);
      ranges.push([from, from + duration]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const field = form.liste.trim() ? 'liste' : 'nombre';
  for (let i = 1; i < ranges.length; i++) {
    if (ranges[i][0] < ranges[i - 1][1])
      return fail(
        field,
        `Les créneaux de ${timeLabel(ranges[i - 1][0])} et de ${timeLabel(ranges[i][0])} se chevauchent.`,
      );
  }
  const opens = parisMinutes(session.startsAt);
  const sameDay = parisDay(session.endsAt) === day;
  const closes = sameDay ? parisMinutes(session.endsAt) : 24 * 60;
  const outside = ranges.find(([s, e]) => s < opens || e > closes);
  if (outside)
    return fail(
      field,
      `Les créneaux doivent tenir dans les horaires de la rencontre (${timeLabel(opens)} – ${timeLabel(closes)}) : celui de ${timeLabel(outside[0])} à ${timeLabel(outside[1])} en sort.`,
    );
  return {
    ok: true,
    data: ranges.map(([s, e]) => ({ startsAt: parisInstant(day, s), endsAt: parisInstant(day, e) })),
  };
}

const tablesSchema = z.object({
  nombreTables: z.string().optional().default(''),
  noms: z.string().max(4000, { error: 'Noms des tables : 4000 caractères au plus.' }).optional().default(''),
});

/** The tables form: names one per line, or a count ("Table 1" … "Table n"). */
export function parseTablesForm(body: unknown): FormResult<string[]> {
  const parsed = parseForm(tablesSchema, body);
  if (!parsed.ok) return parsed;
  const fail = (field: string, message: string): FormResult<string[]> => ({
    ok: false,
    errors: { [field]: message },
    values: formValues(body),
  });
  const names = parsed.data.noms
    .split(/\r?\n/)
    .map((n) => n.trim())
    .filter(Boolean);
  if (names.length) {
    if (names.length > MAX_TABLES) return fail('noms', `Noms des tables : ${MAX_TABLES} tables au plus.`);
    const long = names.find((n) => n.length > 60);
    if (long) return fail('noms', `Noms des tables : « ${long.slice(0, 20)}… » dépasse 60 caractères.`);
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice) return fail('noms', `Noms des tables : « ${twice} » apparaît deux fois.`);
    return { ok: true, data: names };
  }
  const count = integerIn(parsed.data.nombreTables, 1, MAX_TABLES);
  if (count === null)
    return fail('nombreTables', `Nombre de tables : entre 1 et ${MAX_TABLES}, ou écrivez leurs noms.`);
  return { ok: true, data: Array.from({ length: count }, (_, i) => `Table ${i + 1}`) };
}

export const moveSchema = z.object({
  rendezvous: z
    .string({ error: 'Rendez-vous : choisissez un rendez-vous.' })
    .regex(/^[1-9]\d{0,9}$/, { error: 'Rendez-vous : choisissez un rendez-vous.' })
    .transform(Number),
  creneau: z
    .string({ error: 'Créneau : choisissez un créneau.' })
    .regex(/^(?:|[1-9]\d{0,9})$/, { error: 'Créneau : choisissez un créneau.' }),
  table: z
    .string({ error: 'Table : choisissez une table.' })
    .regex(/^(?:|[1-9]\d{0,9})$/, { error: 'Table : choisissez une table.' })
    .optional()
    .default(''),
  verrouiller: z.string().optional(),
});
