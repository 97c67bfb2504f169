/** The session and outcome forms, parsed at the edge with French messages beside each field. */
import { z } from 'zod';
import { MATCHMAKING_KINDS, OUTCOME_KINDS } from '../../db/schema/matchmaking';
import { checkboxes, optionalText, text } from '../common/forms';
import { minutesOfTimeValue, parisInstant } from '../common/paris-time';
import { queryValue } from '../common/route-schemas';
import { findCommune } from '../vocabulary/lookups';

const DEPARTEMENT_CODE = /^(?:\d{2}|2[AB]|97\d)$/;

const isoDate = (label: string) =>
  z
    .string({ error: `${label} : champ obligatoire.` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${label} : date attendue (jj/mm/aaaa).` })
    // Zod runs this check even when the pattern failed: an unparsable value must not throw here.
    .refine(
      (v) => {
        const date = new Date(`${v}T00:00:00Z`);
        return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(v);
      },
      {
        error: `${label} : cette date n’existe pas.`,
      },
    );

const clockTime = (label: string) =>
  z
    .string({ error: `${label} : champ obligatoire.` })
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: `${label} : heure attendue, par exemple 09:30.` });

const optionalId = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      if (!/^[1-9]\d{0,9}$/.test(v) || Number(v) > 2_147_483_647) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return Number(v);
    });

const commune = z
  .string({ error: 'Commune : champ obligatoire.' })
  .trim()
  .min(1, { error: 'Commune : champ obligatoire.' })
  .max(120, { error: 'Commune : 120 caractères au plus.' })
  .transform((v, ctx) => {
    const found = findCommune(v);
    if (!found.place) {
      ctx.addIssue({
        code: 'custom',
        message: found.suggestions.length
          ? `Commune : plusieurs communes correspondent, précisez le code postal. Vouliez-vous dire : ${found.suggestions.map((p) => p.label).join(', ')} ?`
          : 'Commune : commune introuvable, saisissez son nom ou son code postal.',
      });
      return z.NEVER;
    }
    return found.place;
  });

/**
 * The session form. `allowed` is the person's départements (null for an admin: any): the session's
 * territory must be among them, so a facilitator cannot open a session on someone else's territory.
 */
export function sessionFormSchema(allowed: string[] | null) {
  return z
    .object({
      kind: z.enum(MATCHMAKING_KINDS, { error: 'Type de rencontre : choisissez dans la liste.' }),
      title: text('Titre', { min: 3, max: 150 }),
      date: isoDate('Date'),
      startTime: clockTime('Heure de début'),
      endTime: clockTime('Heure de fin'),
      place: optionalText('Adresse', 300),
      commune,
      departements: checkboxes.transform((values, ctx) => {
        const unique = [...new Set(values)];
        if (!unique.length) {
          ctx.addIssue({ code: 'custom', message: 'Territoire : cochez au moins un département.' });
          return z.NEVER;
        }
        const refused = unique.filter(
          (d) => !DEPARTEMENT_CODE.test(d) || (allowed !== null && !allowed.includes(d)),
        );
        if (refused.length) {
          ctx.addIssue({
            code: 'custom',
            message: 'Territoire : choisissez parmi les départements de vos territoires d’animation.',
          });
          return z.NEVER;
        }
        return unique.sort();
      }),
      description: optionalText('Présentation', 5000),
      version: z.string().optional(),
    })
    .transform((form, ctx) => {
      if (form.endTime <= form.startTime) {
        ctx.addIssue({
          code: 'custom',
          path: ['endTime'],
          message: 'Heure de fin : elle doit venir après l’heure de début.',
        });
        return z.NEVER;
      }
      return {
        kind: form.kind,
        title: form.title,
        startsAt: parisInstant(form.date, minutesOfTimeValue(form.startTime)),
        endsAt: parisInstant(form.date, minutesOfTimeValue(form.endTime)),
        place: form.place ?? '',
        communeCode: form.commune.code,
        communeName: form.commune.name,
        departements: form.departements,
        description: form.description ?? '',
      };
    });
}

export type SessionInput = z.output<ReturnType<typeof sessionFormSchema>>;

export const outcomeFormSchema = z
  .object({
    kind: z.enum(OUTCOME_KINDS, { error: 'Type de suite : choisissez dans la liste.' }),
    compositionId: optionalId('Composition : choisissez dans la liste.'),
    postId: optionalId('Poste partagé : choisissez dans la liste.'),
    organizationIds: checkboxes.transform((values, ctx) => {
      if (values.some((v) => !/^[1-9]\d{0,9}$/.test(v) || Number(v) > 2_147_483_647)) {
        ctx.addIssue({ code: 'custom', message: 'Structures concernées : choisissez dans la liste.' });
        return z.NEVER;
      }
      return [...new Set(values.map(Number))];
    }),
    note: optionalText('Note', 3000),
    dueDate: z
      .string()
      .trim()
      .optional()
      .transform((v, ctx) => {
        if (!v) return null;
        const parsed = isoDate('Date de relance').safeParse(v);
        if (!parsed.success) {
          ctx.addIssue({ code: 'custom', message: parsed.error.issues[0].message });
          return z.NEVER;
        }
        return parsed.data;
      }),
  })
  .superRefine((form, ctx) => {
    if (form.kind === 'composition_agreed' && form.compositionId === null)
      ctx.addIssue({
        code: 'custom',
        path: ['compositionId'],
        message: 'Composition : choisissez la composition convenue.',
      });
    if (form.kind === 'post_opened' && form.postId === null)
      ctx.addIssue({
        code: 'custom',
        path: ['postId'],
        message: 'Poste partagé : choisissez le poste ouvert.',
      });
    if (form.kind === 'follow_up' && !form.note && form.dueDate === null)
      ctx.addIssue({
        code: 'custom',
        path: ['note'],
        message: 'Note : dites ce qu’il faut suivre, ou donnez une date de relance.',
      });
    if (form.kind === 'ge_to_create' && form.organizationIds.length < 2 && form.compositionId === null)
      ctx.addIssue({
        code: 'custom',
        path: ['organizationIds'],
        message: 'Structures concernées : cochez au moins deux structures, ou choisissez une composition.',
      });
  });

export type OutcomeInput = z.output<typeof outcomeFormSchema>;

/** The session page's filter of the structures to invite: `?q=` (a name) and `?type=` (a kind); repeated → 400. */
export const sessionPageQuery = z.object({ q: queryValue, type: queryValue });

/** The add/remove forms of the invitation list and the scope: one id each. */
/** The invitation form: the ticked structures (one `id` or several), at most 200 at once. */
export const idsFormSchema = z.object({
  id: checkboxes.pipe(
    z
      .array(
        z
          .string()
          .regex(/^[1-9]\d{0,9}$/, { error: 'Choisissez dans la liste.' })
          .transform(Number),
      )
      .max(200, { error: '200 structures au plus à la fois.' })
      .refine((ids) => ids.every((n) => n <= 2_147_483_647), { error: 'Choisissez dans la liste.' }),
  ),
});

export const idFormSchema = z.object({
  id: z
    .string({ error: 'Choisissez dans la liste.' })
    .regex(/^[1-9]\d{0,9}$/, { error: 'Choisissez dans la liste.' })
    .transform(Number)
    .refine((n) => n <= 2_147_483_647, { error: 'Choisissez dans la liste.' }),
});

export const KIND_LABELS: Record<(typeof MATCHMAKING_KINDS)[number], string> = {
  rencontre_affaires: 'Rencontre d’affaires',
  club_rh: 'Club RH',
};

export const STATUS_LABELS = { planned: 'Prévue', held: 'Tenue', cancelled: 'Annulée' } as const;

export const OUTCOME_LABELS: Record<(typeof OUTCOME_KINDS)[number], string> = {
  composition_agreed: 'Composition convenue',
  ge_to_create: 'Groupement d’employeurs à créer',
  post_opened: 'Poste partagé ouvert',
  follow_up: 'Suite à donner',
};
