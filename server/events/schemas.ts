/** The events forms (registration settings, registration, follow-up, satisfaction, duplicate), French messages. */
import { z } from 'zod';
import { FOLLOW_UP_ANSWERS } from '../../db/schema/events';
import { checkboxes, optionalText } from '../common/forms';

const idList = (label: string) =>
  checkboxes.transform((values, ctx) => {
    if (values.length > 200 || values.some((v) => !/^[1-9]\d{0,9}$/.test(v) || Number(v) > 2_147_483_647)) {
      ctx.addIssue({ code: 'custom', message: `${label} : choisissez dans la liste.` });
      return z.NEVER;
    }
    return [...new Set(values.map(Number))];
  });

const positiveId = (label: string) =>
  z
    .string({ error: `${label} : choisissez dans la liste.` })
    .trim()
    .regex(/^[1-9]\d{0,9}$/, { error: `${label} : choisissez dans la liste.` })
    .transform(Number)
    .refine((n) => n <= 2_147_483_647, { error: `${label} : choisissez dans la liste.` });

const box = z
  .string()
  .optional()
  .transform((v) => v === 'on' || v === '1' || v === 'true');

export const settingsSchema = z.object({
  open: box,
  autoAccept: box,
  programme: optionalText('Programme', 5000).transform((v) => v ?? ''),
  audience: optionalText('Public attendu', 1000).transform((v) => v ?? ''),
  capacity: z
    .string({ error: 'Nombre de places : nombre attendu.' })
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      if (!/^\d{1,4}$/.test(v) || Number(v) < 1 || Number(v) > 1000) {
        ctx.addIssue({ code: 'custom', message: 'Nombre de places : un nombre entre 1 et 1000, ou vide.' });
        return z.NEVER;
      }
      return Number(v);
    }),
});

export const registrationSchema = z.object({
  structure: positiveId('Structure'),
  needIds: idList('Besoins apportés'),
  offerIds: idList('Offres apportées'),
  seeks: optionalText('Ce que vous cherchez', 1000).transform((v) => v ?? ''),
});

export const decisionSchema = z.object({
  registration: positiveId('Inscription'),
  decision: z.enum(['accept', 'decline'], { error: 'Décision : accepter ou refuser.' }),
});

export const withdrawSchema = z.object({ structure: positiveId('Structure') });

export const followUpSchema = z.object({
  structure: positiveId('Structure'),
  answers: checkboxes.transform((values, ctx) => {
    const known = values.filter((v): v is (typeof FOLLOW_UP_ANSWERS)[number] =>
      (FOLLOW_UP_ANSWERS as readonly string[]).includes(v),
    );
    if (!values.length || known.length !== values.length) {
      ctx.addIssue({
        code: 'custom',
        message: 'Suites de vos rendez-vous : cochez au moins une réponse de la liste.',
      });
      return z.NEVER;
    }
    if (known.includes('nothing_yet') && known.length > 1) {
      ctx.addIssue({
        code: 'custom',
        message: 'Suites de vos rendez-vous : « rien pour l’instant » ne va pas avec une autre réponse.',
      });
      return z.NEVER;
    }
    return [...new Set(known)];
  }),
  note: optionalText('Précisions', 1000).transform((v) => v ?? ''),
});

const mark = (label: string) =>
  z
    .string({ error: `${label} : choisissez une note de 1 à 5.` })
    .regex(/^[1-5]$/, { error: `${label} : choisissez une note de 1 à 5.` })
    .transform(Number);

export const satisfactionSchema = z.object({
  structure: positiveId('Structure'),
  usefulness: mark('Utilité des rendez-vous'),
  organisation: mark('Organisation de la rencontre'),
  wouldReturn: z
    .enum(['oui', 'non'], { error: 'Reviendriez-vous : oui ou non.' })
    .transform((v) => v === 'oui'),
  comment: optionalText('Commentaire', 1000).transform((v) => v ?? ''),
});

export const FOLLOW_UP_LABELS = {
  composition_agreed: 'Une composition d’emploi partagé est convenue',
  ge_to_create: 'Un groupement d’employeurs est à créer',
  partnership: 'Un partenariat (offre, mutualisation)',
  nothing_yet: 'Rien pour l’instant',
} as const;

export const REGISTRATION_LABELS = {
  pending: 'en attente de validation',
  accepted: 'acceptée',
  waitlisted: 'sur liste d’attente',
  declined: 'refusée',
  withdrawn: 'retirée',
} as const;
