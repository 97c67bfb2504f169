/** Admin forms, with their French messages. */
import { z } from 'zod';
import { ORGANIZATION_STATUSES } from '../../db/schema/organizations';
import { email, optionalText } from '../common/forms';
import { departements } from '../places';

let known: Set<string> | undefined;
const knownDepartements = () => {
  known ??= new Set(departements().map((d) => d.code));
  return known;
};

/** "90, 25" → ["90", "25"]; "1" → "01", "2a" → "2A". */
export function parseDepartementList(text: string): { codes: string[]; unknown: string[] } {
  const codes: string[] = [];
  const unknown: string[] = [];
  for (const token of text.split(/[\s,;]+/).filter(Boolean)) {
    const upper = token.toUpperCase();
    const code = /^\d$/.test(upper) ? `0${upper}` : upper;
    if (knownDepartements().has(code)) {
      if (!codes.includes(code)) codes.push(code);
    } else unknown.push(token);
  }
  return { codes, unknown };
}

const departementList = z
  .string({ error: 'Départements : champ obligatoire.' })
  .max(500, { error: 'Départements : 500 caractères au plus.' })
  .transform((text, ctx) => {
    const { codes, unknown } = parseDepartementList(text);
    if (unknown.length) {
      ctx.addIssue({
        code: 'custom',
        message: `Départements : ${unknown.slice(0, 5).join(', ')} ${unknown.length > 1 ? 'ne sont pas des numéros' : 'n’est pas un numéro'} de département (exemple : 90, 25, 2A, 974).`,
      });
      return z.NEVER;
    }
    if (!codes.length) {
      ctx.addIssue({ code: 'custom', message: 'Départements : indiquez au moins un numéro de département.' });
      return z.NEVER;
    }
    return codes;
  });

export const grantSchema = z.object({
  email: email('Adresse e-mail de la personne'),
  departements: departementList,
});

export const revokeSchema = z.object({
  departement: z
    .string()
    .optional()
    .transform((v) => v?.trim().toUpperCase() || undefined)
    .refine((v) => !v || knownDepartements().has(v), { error: 'Département inconnu.' }),
});

export const statusFilter = z.object({
  statut: z
    .enum([...ORGANIZATION_STATUSES, 'toutes'])
    .optional()
    .catch(undefined),
});

export const rejectSchema = z.object({ motif: optionalText('Motif', 1000) });
