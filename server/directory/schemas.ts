/** The directory's query string (lenient: links and people type it) and its two forms, French messages. */
import { z } from 'zod';
import { ORGANIZATION_KINDS } from '../../db/schema/organizations';
import { optionalText, text } from '../common/forms';
import { searchText } from '../common/route-schemas';

const lenientCode = (pattern: RegExp) =>
  z
    .unknown()
    .optional()
    .transform((v) => {
      const first = Array.isArray(v) ? v[0] : v;
      return typeof first === 'string' && pattern.test(first.trim()) ? first.trim() : undefined;
    });

export const directoryQuery = z.object({
  q: searchText,
  kind: z
    .unknown()
    .optional()
    .transform((v) => {
      const first = Array.isArray(v) ? v[0] : v;
      return ORGANIZATION_KINDS.find((k) => k === first);
    }),
  departement: lenientCode(/^(\d{2}|2A|2B|97\d)$/),
  activity: searchText.transform((v) => v || undefined),
  near: searchText.transform((v) => v || undefined),
  km: z
    .unknown()
    .optional()
    .transform((v) => {
      const n = Number(Array.isArray(v) ? v[0] : v);
      return Number.isFinite(n) && n >= 1 && n <= 500 ? Math.round(n) : 30;
    }),
  page: z
    .unknown()
    .optional()
    .transform((v) => {
      const n = Number(Array.isArray(v) ? v[0] : v);
      return Number.isInteger(n) && n >= 1 && n <= 500 ? n : 1;
    }),
});
export type DirectoryParams = z.infer<typeof directoryQuery>;

/** The query string of these params (shareable links, pagination), without defaults. */
export function directoryQueryString(params: DirectoryParams, change: Partial<DirectoryParams> = {}): string {
  const all = { ...params, ...change };
  const out = new URLSearchParams();
  if (all.q) out.set('q', all.q);
  if (all.kind) out.set('kind', all.kind);
  if (all.departement) out.set('departement', all.departement);
  if (all.activity) out.set('activity', all.activity);
  if (all.near) {
    out.set('near', all.near);
    if (all.km !== 30) out.set('km', String(all.km));
  }
  if (all.page && all.page > 1) out.set('page', String(all.page));
  return out.toString();
}

/** The organization page's directory setting. */
export const listingSchema = z.object({
  listed: z
    .union([z.literal('oui'), z.literal('non')], { error: 'Annuaire : choisissez oui ou non.' })
    .transform((v) => v === 'oui'),
  keywords: optionalText('Mots-clés', 500),
});

export const CONTACT_MAX_LENGTH = 4000;

/** "Contacter" on a structure's directory page: which of my structures writes, and the message. */
export const contactSchema = z.object({
  from: z.coerce
    .number({ error: 'Structure qui écrit : choisissez dans la liste.' })
    .int({ error: 'Structure qui écrit : choisissez dans la liste.' })
    .positive({ error: 'Structure qui écrit : choisissez dans la liste.' })
    .max(2_147_483_647, { error: 'Structure qui écrit : choisissez dans la liste.' }),
  message: text('Message', { max: CONTACT_MAX_LENGTH }),
});
