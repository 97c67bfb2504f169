/** Forms of shared posts (zod at the edge, French messages beside the fields). */
import { z } from 'zod';
import { email, optionalText, text } from '../common/forms';
import { parisToday } from '../common/paris-time';
import { checkPay, payFields } from './pay';

/** How long an expression of interest is kept before the purge deletes it; stated on the form. */
export const CANDIDATE_RETENTION_MONTHS = 6;

const isoDay = (label: string) =>
  z
    .string({ error: `${label} : champ obligatoire.` })
    .trim()
    .min(1, { error: `${label} : champ obligatoire.` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${label} : date attendue (jj/mm/aaaa).` })
    .refine(
      (v) =>
        !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
      {
        error: `${label} : cette date n’existe pas.`,
      },
    );

export const openPostSchema = z
  .object({
    title: text('Intitulé du poste', { min: 5, max: 120 }),
    description: text('Description', { min: 20, max: 5000 }),
    startDate: isoDay('Date de début').refine((v) => v >= parisToday(), {
      error: 'Date de début : choisissez une date à venir.',
    }),
    ...payFields,
  })
  .superRefine(checkPay);
export type OpenPostForm = z.infer<typeof openPostSchema>;

/** Digits, spaces, dots, dashes and a leading +: 9 to 15 digits. */
const phone = z
  .string()
  .trim()
  .max(30, { error: 'Téléphone : 30 caractères au plus.' })
  .refine((v) => v === '' || (/^\+?[\d\s.-]+$/.test(v) && /^\d{9,15}$/.test(v.replace(/\D/g, ''))), {
    error: 'Téléphone : numéro invalide (exemple : 06 12 34 56 78).',
  })
  .optional()
  .transform((v) => v || undefined);

export const interestSchema = z
  .object({
    name: text('Nom', { min: 2, max: 120 }),
    email: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || undefined)
      .pipe(email().optional()),
    phone,
    message: optionalText('Message', 2000),
    consent: z.literal('on', {
      error: 'Consentement : cochez la case pour que les structures puissent vous recontacter.',
    }),
  })
  .superRefine((v, ctx) => {
    if (!v.email && !v.phone)
      ctx.addIssue({
        code: 'custom',
        path: ['email'],
        message: 'Adresse e-mail ou téléphone : indiquez au moins l’un des deux pour être recontacté.',
      });
  });
export type InterestForm = z.infer<typeof interestSchema>;

export const closeSchema = z.object({
  outcome: z.enum(['filled', 'abandoned'], { error: 'Issue : choisissez « pourvu » ou « abandonné ».' }),
});
