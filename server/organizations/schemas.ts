/** Zod schemas for the organization forms, with their French messages. */
import { z } from 'zod';
import { ORGANIZATION_KINDS } from '../../db/schema/organizations';
import { checkboxes, email, optionalText, text } from '../common/forms';
import { normalizeSiret, siretProblem } from '../vocabulary/siret';

export const siretField = z
  .string({ error: 'SIRET : champ obligatoire.' })
  .max(40, { error: 'SIRET : 14 chiffres attendus.' })
  .transform(normalizeSiret)
  .superRefine((value, ctx) => {
    if (!value) {
      ctx.addIssue({ code: 'custom', message: 'SIRET : champ obligatoire.' });
      return;
    }
    const problem = siretProblem(value);
    if (problem === 'format') {
      ctx.addIssue({ code: 'custom', message: 'SIRET : 14 chiffres attendus (les espaces sont acceptés).' });
    } else if (problem === 'checksum') {
      ctx.addIssue({
        code: 'custom',
        message:
          'SIRET : ce numéro n’existe pas (la clé de contrôle ne correspond pas). Vérifiez les chiffres.',
      });
    }
  });

const idList = checkboxes.transform((values, ctx) => {
  const ids: number[] = [];
  for (const v of values) {
    if (!/^[1-9]\d{0,9}$/.test(v)) {
      ctx.addIssue({ code: 'custom', message: 'Groupements : choix invalide.' });
      return z.NEVER;
    }
    ids.push(Number(v));
  }
  return [...new Set(ids)];
});

/** The organization form; the commune is resolved afterwards (it needs the places data). */
export const organizationSchema = z.object({
  name: text('Nom', { max: 200 }),
  siret: siretField,
  kind: z.enum(ORGANIZATION_KINDS, { error: 'Type de structure : choisissez dans la liste.' }),
  commune: z
    .string({ error: 'Commune : champ obligatoire.' })
    .trim()
    .max(120, { error: 'Commune : 120 caractères au plus.' })
    .optional()
    .default(''),
  communeCode: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined)
    .pipe(
      z
        .string()
        .regex(/^[0-9][0-9AB]\d{3}$/, { error: 'Commune : choix invalide.' })
        .optional(),
    ),
  idcc: optionalText('IDCC', 10).refine((v) => !v || /^\d{4}$/.test(v), {
    error: 'IDCC : 4 chiffres (exemple : 3016 pour les ateliers et chantiers d’insertion).',
  }),
  description: optionalText('Présentation', 5000),
  geIds: idList,
});
export type OrganizationInput = z.infer<typeof organizationSchema>;

export const versionField = z.object({
  version: z.coerce
    .number({ error: 'Version manquante : rechargez la page.' })
    .int()
    .positive({ error: 'Version manquante : rechargez la page.' }),
});

export const invitationSchema = z.object({ email: email('Adresse e-mail de la personne invitée') });
