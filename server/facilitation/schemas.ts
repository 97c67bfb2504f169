/** Forms and query strings of the facilitator's pages, parsed at the edge (French messages). */
import { z } from 'zod';
import { email } from '../common/forms';
import type { MappingOverride } from '../imports';
import { FIELDS, type Field } from '../imports/types';
import type { StructureState } from './service';

export const inviteSchema = z.object({ email: email('Adresse e-mail de la personne à inviter') });

export const commitSchema = z.object({
  choix: z.enum(['tout', 'valides'], { error: 'Choisissez ce que vous voulez importer.' }),
});

const STATES: StructureState[] = ['validated', 'pending', 'unclaimed', 'rejected'];

/** One optional string from a query string: a repeated or odd parameter is a malformed request. */
export function queryParam(query: unknown, name: string): string | undefined | null {
  const value = (query as Record<string, unknown> | undefined)?.[name];
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : null;
}

export function parseState(value: string | undefined): StructureState | undefined | null {
  if (value === undefined || value === '') return undefined;
  return (STATES as string[]).includes(value) ? (value as StructureState) : null;
}

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
