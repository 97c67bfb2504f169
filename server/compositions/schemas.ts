/** Forms of the composition pages (zod at the edge, French messages). */
import { z } from 'zod';

export const decisionSchema = z.object({
  organizationId: z
    .string({ error: 'Structure : choisissez la structure pour laquelle vous répondez.' })
    .regex(/^\d{1,9}$/, { error: 'Structure : choisissez la structure pour laquelle vous répondez.' })
    .transform(Number)
    .optional(),
});

export const DECLINE_REASON_MAX = 500;

/** Declining: the confirmation step's answer and an optional reason shown to the other structures. */
export const declineSchema = decisionSchema.extend({
  confirm: z.literal('oui').optional(),
  reason: z
    .string()
    .trim()
    .max(DECLINE_REASON_MAX, {
      error: `Motif : ${DECLINE_REASON_MAX} caractères au plus (raccourcissez votre texte).`,
    })
    .optional()
    .transform((v) => v || undefined),
});

export const geChoiceSchema = z.object({
  ge: z
    .string({ error: 'Groupement d’employeurs : choisissez une option.' })
    .trim()
    .regex(/^(\d{1,9}|to_create)$/, { error: 'Groupement d’employeurs : choisissez une option de la liste.' })
    .transform((v) => (v === 'to_create' ? ('to_create' as const) : Number(v))),
});
