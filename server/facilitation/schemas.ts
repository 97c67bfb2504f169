/** Forms and query strings of the facilitator's pages, parsed at the edge (French messages). */
import { z } from 'zod';
import { email } from '../common/forms';
import { queryValue } from '../common/route-schemas';
import type { MappingOverride } from '../imports';
import { FIELDS, type Field } from '../imports/types';
import type { StructureChoice } from './import-structures';
import type { StructureState } from './service';
import { UPLOAD_ID_PATTERN } from './uploads';

/** `/animation/import/:id`: an upload's id (any other text names no upload: 404). */
export const uploadParams = z.object({ id: z.string().regex(UPLOAD_ID_PATTERN) });

export const inviteSchema = z.object({ email: email('Adresse e-mail de la personne à inviter') });

export const commitSchema = z.object({
  choix: z.enum(['tout', 'valides'], { error: 'Choisissez ce que vous voulez importer.' }),
});

const STATES = ['validated', 'pending', 'unclaimed', 'rejected'] as const satisfies StructureState[];

/**
 * `?departement=` of every /animation page: absent or empty for all the person's territories, else one
 * that must be theirs (facilitation/permissions.ts `scopeOf`). A repeated parameter is a 400.
 */
export const territoryQuery = z.object({ departement: queryValue });

/** /animation/structures: the territory and `?etat=` (a structure state, or empty for all); else 400. */
export const structuresQuery = territoryQuery.extend({
  etat: z
    .union([z.enum(STATES), z.literal('')])
    .optional()
    .transform((state) => state || undefined),
});

/**
 * The mapping form: one select per column, named `colonne-<index>`, holding a field or '' (ignore).
 * Null when a value is not one the page offers (a forged form): a malformed request.
 */
export function parseMappingForm(body: unknown, columns: number): MappingOverride | null {
  const values = (body ?? {}) as Record<string, unknown>;
  const mapping: MappingOverride = {};
  for (let column = 0; column < columns; column++) {
    const value = values[`colonne-${column}`];
    if (value === undefined) continue;
    if (typeof value !== 'string') return null;
    if (value === '') mapping[column] = null;
    else if ((FIELDS as readonly string[]).includes(value)) mapping[column] = value as Field;
    else return null;
  }
  return mapping;
}

/**
 * The preview's structure choice per row: `structure-<row>` holds an existing structure's id or
 * "nouvelle". Null when a name or value is not one the page makes (a forged form): a malformed request.
 * Whether the id is among the row's candidates is checked at the commit (import-structures.ts).
 */
export function parseStructureChoices(body: unknown): Map<number, StructureChoice> | null {
  const choices = new Map<number, StructureChoice>();
  for (const [name, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    const row = /^structure-([1-9][0-9]{0,6})$/.exec(name)?.[1];
    if (!row) continue;
    if (value === 'nouvelle') choices.set(Number(row), 'new');
    else if (typeof value === 'string' && /^[1-9][0-9]{0,9}$/.test(value))
      choices.set(Number(row), Number(value));
    else return null;
  }
  return choices;
}
