/** The cooperation offer form, parsed at the edge with French messages. */
import { z } from 'zod';
import { OFFER_KINDS } from '../../db/schema/offers';
import { ORGANIZATION_KINDS } from '../../db/schema/organizations';
import { checkboxes, optionalText, text } from '../common/forms';
import { departementName } from '../places';

const positiveId = (message: string) =>
  z
    .string({ error: message })
    .regex(/^[1-9]\d{0,9}$/, { error: message })
    .transform(Number)
    .refine((n) => n <= 2_147_483_647, { error: message });

/** "90, 25 70" → ["90", "25", "70"]; each must be a real département code. */
export function parseDepartements(value: string): { codes: string[]; unknown: string[] } {
  const tokens = value
    .toUpperCase()
    .split(/[\s,;]+/)
    .map((t) => t.trim())
    .filter(Boolean);
  const codes: string[] = [];
  const unknown: string[] = [];
  for (const token of tokens.slice(0, 120)) {
    const code = /^\d$/.test(token) ? `0${token}` : token;
    if (/^[0-9AB]{2,3}$/.test(code) && departementName(code)) {
      if (!codes.includes(code)) codes.push(code);
    } else unknown.push(token.slice(0, 20));
  }
  return { codes, unknown };
}

export const offerFormSchema = z.object({
  organizationId: positiveId('Structure : choisissez une de vos structures.'),
  kind: z.enum(OFFER_KINDS, { error: 'Type de coopération : choisissez dans la liste.' }),
  title: text('Intitulé', { min: 3, max: 140 }),
  description: optionalText('Description', 5000),
  departements: z
    .string({ error: 'Territoire : champ obligatoire.' })
    .max(600, { error: 'Territoire : 600 caractères au plus.' })
    .transform((v, ctx) => {
      const { codes, unknown } = parseDepartements(v);
      if (unknown.length) {
        ctx.addIssue({
          code: 'custom',
          message: `Territoire : département inconnu (${unknown.slice(0, 3).join(', ')}). Indiquez des numéros comme 90, 25 ou 2A.`,
        });
        return z.NEVER;
      }
      if (!codes.length) {
        ctx.addIssue({
          code: 'custom',
          message: 'Territoire : indiquez au moins un département (par exemple 90).',
        });
        return z.NEVER;
      }
      return codes;
    }),
  tenderDeadline: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      const ok =
        /^\d{4}-\d{2}-\d{2}$/.test(v) &&
        !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
        new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
      if (!ok) {
        ctx.addIssue({ code: 'custom', message: 'Date limite : date attendue (jj/mm/aaaa).' });
        return z.NEVER;
      }
      return v;
    }),
  partnerKinds: checkboxes.transform((values, ctx) => {
    const allowed = new Set<string>(ORGANIZATION_KINDS);
    if (values.some((v) => !allowed.has(v))) {
      ctx.addIssue({ code: 'custom', message: 'Partenaires recherchés : type de structure inconnu.' });
      return z.NEVER;
    }
    return [...new Set(values)];
  }),
  version: z.string().optional(),
});

export type OfferInput = Omit<z.infer<typeof offerFormSchema>, 'version' | 'description'> & {
  description: string;
};
