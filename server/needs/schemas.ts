/** The need form, parsed at the edge with French messages beside each field, and the needs pages' query strings. */
import { z } from 'zod';
import { checkboxes, optionalText, text } from '../common/forms';
import { id, lenientQueryValue, searchText } from '../common/route-schemas';
import { findCommune, roleByCode } from '../vocabulary/lookups';
import { canonicalSlots, isWeekSlot, MAX_HUNDREDTHS_PER_SLOT, parseHours } from '../vocabulary/week';

const MAX_HUNDREDTHS = 3500;

const positiveId = (message: string) =>
  z
    .string({ error: message })
    .regex(/^[1-9]\d{0,9}$/, { error: message })
    .transform(Number)
    .refine((n) => n <= 2_147_483_647, { error: message });

const isoDate = (label: string) =>
  z
    .string({ error: `${label} : champ obligatoire.` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${label} : date attendue (jj/mm/aaaa).` })
    .refine(
      (v) =>
        !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
      {
        error: `${label} : cette date n’existe pas.`,
      },
    );

export const needFormSchema = z
  .object({
    organizationId: positiveId('Structure : choisissez une de vos structures.'),
    roleCode: z
      .string({ error: 'Métier : choisissez un métier dans la liste.' })
      .trim()
      .refine((code) => Boolean(roleByCode(code)), { error: 'Métier : choisissez un métier dans la liste.' }),
    title: text('Intitulé', { min: 3, max: 120 }),
    description: optionalText('Description', 5000),
    hours: z.string({ error: 'Heures par semaine : champ obligatoire.' }).transform((v, ctx) => {
      const hundredths = parseHours(v);
      if (hundredths === null) {
        ctx.addIssue({
          code: 'custom',
          message: 'Heures par semaine : nombre attendu, par exemple 12,8 ou 14.',
        });
        return z.NEVER;
      }
      if (hundredths <= 0 || hundredths > MAX_HUNDREDTHS) {
        ctx.addIssue({ code: 'custom', message: 'Heures par semaine : entre 0,25 et 35 heures.' });
        return z.NEVER;
      }
      return hundredths;
    }),
    slots: checkboxes.transform((values, ctx) => {
      if (values.some((v) => !isWeekSlot(v))) {
        ctx.addIssue({ code: 'custom', message: 'Semaine type : demi-journée inconnue.' });
        return z.NEVER;
      }
      const slots = canonicalSlots(values);
      if (!slots.length) {
        ctx.addIssue({ code: 'custom', message: 'Semaine type : cochez au moins une demi-journée.' });
        return z.NEVER;
      }
      return slots;
    }),
    timetable: z.enum(['fixed', 'flexible'], {
      error: 'Horaires : choisissez « fixes » ou « à choisir parmi les demi-journées cochées ».',
    }),
    slotsNeeded: z.string().trim().optional(),
    commune: z
      .string({ error: 'Commune : champ obligatoire.' })
      .trim()
      .min(1, { error: 'Commune : champ obligatoire.' })
      .max(120, { error: 'Commune : 120 caractères au plus.' })
      .transform((v, ctx) => {
        const found = findCommune(v);
        if (!found.place) {
          const hint = found.suggestions.length
            ? ` Vouliez-vous dire : ${found.suggestions.map((p) => p.label).join(', ')} ?`
            : '';
          ctx.addIssue({
            code: 'custom',
            message: found.suggestions.length
              ? `Commune : plusieurs communes correspondent, précisez le code postal.${hint}`
              : 'Commune : commune introuvable, saisissez son nom ou son code postal.',
          });
          return z.NEVER;
        }
        return found.place;
      }),
    maxTravelKm: z
      .string({ error: 'Distance : champ obligatoire.' })
      .trim()
      .regex(/^\d{1,3}$/, { error: 'Distance : nombre entier de kilomètres, entre 0 et 200.' })
      .transform(Number)
      .refine((n) => n <= 200, { error: 'Distance : nombre entier de kilomètres, entre 0 et 200.' }),
    startDate: isoDate('Date de début'),
    version: z.string().optional(),
  })
  .transform((form, ctx) => {
    const flexibleCount = /^\d{1,2}$/.test(form.slotsNeeded ?? '') ? Number(form.slotsNeeded) : 0;
    const asked = form.timetable === 'fixed' ? form.slots.length : flexibleCount;
    if (asked < 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['slotsNeeded'],
        message: 'Demi-journées travaillées : indiquez un nombre entier, au moins 1.',
      });
      return z.NEVER;
    }
    if (asked > form.slots.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['slotsNeeded'],
        message: `Demi-journées travaillées : ${asked} demandées mais ${form.slots.length} cochée${form.slots.length > 1 ? 's' : ''} ; cochez plus de demi-journées possibles.`,
      });
      return z.NEVER;
    }
    if (form.hours / asked > MAX_HUNDREDTHS_PER_SLOT) {
      ctx.addIssue({
        code: 'custom',
        path: ['hours'],
        message: `Heures par semaine : plus de ${MAX_HUNDREDTHS_PER_SLOT / 100} h par demi-journée ; ajoutez des demi-journées ou réduisez les heures.`,
      });
      return z.NEVER;
    }
    const role = roleByCode(form.roleCode);
    return {
      organizationId: form.organizationId,
      roleCode: role?.code ?? form.roleCode,
      roleLabel: role?.label ?? form.roleCode,
      title: form.title,
      description: form.description ?? '',
      hoursHundredths: form.hours,
      slotsNeeded: asked,
      allowedSlots: form.slots,
      communeCode: form.commune.code,
      communeName: form.commune.name,
      departement: form.commune.departement,
      lat: form.commune.lat,
      lon: form.commune.lon,
      coordsApproximate: form.commune.approximate,
      maxTravelKm: form.maxTravelKm,
      startDate: form.startDate,
    };
  });

export type NeedInput = z.infer<typeof needFormSchema>;

/** `/besoins/nouveau?organisation=ID`: the structure picked in advance, when it is one of the person's. */
export const newNeedQuery = z.object({ organisation: lenientQueryValue });

/** `/besoins/resume`: the need form's fields as typed so far (htmx sends the whole form). */
export const summaryQuery = z.record(z.string(), z.union([z.string(), z.array(z.string())])).catch({});

/** `/besoins/communes?commune=`: the text typed in the commune field. */
export const communesQuery = z.object({ commune: searchText });

/** `/besoins/:id/modifier?suggestion=ID`: a suggested change to fill in; a garbled id is 0 (no longer offered). */
export const editQuery = z.object({ suggestion: id.optional().catch(0) });
