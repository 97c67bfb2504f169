/**
 * Form parsing at the edge: one zod schema per form, French messages beside the fields,
 * and the user's input kept for the re-rendered form.
 */
import { z } from 'zod';

z.config(z.locales.fr());

export type FormValues = Record<string, string | string[]>;
export type FieldErrors = Record<string, string>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; values: FormValues };

/** Keeps what the user typed (strings or lists of strings only), whatever the body looked like. */
export function formValues(body: unknown): FormValues {
  const values: FormValues = {};
  if (!body || typeof body !== 'object') return values;
  for (const [key, raw] of Object.entries(body as Record<string, unknown>)) {
    if (key === '_csrf' || key === 'password' || key === 'passwordConfirm') continue;
    if (typeof raw === 'string') values[key] = raw.slice(0, 5000);
    else if (Array.isArray(raw))
      values[key] = raw.filter((v) => typeof v === 'string').map((v) => v.slice(0, 5000));
  }
  return values;
}

/** PostgreSQL text cannot hold NUL characters: drop them at the edge instead of failing at the database. */
function withoutNul(body: object): object {
  const clean = (v: unknown): unknown =>
    typeof v === 'string' ? v.replaceAll('\u0000', '') : Array.isArray(v) ? v.map(clean) : v;
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, clean(v)]));
}

export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  const input = body && typeof body === 'object' ? withoutNul(body) : {};
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : '_form';
    errors[key] ??= issue.message;
  }
  return { ok: false, errors, values: formValues(body) };
}

/** A single text field: trimmed, required unless `optional`, bounded in length, French messages. */
export function text(label: string, { min = 1, max = 200 }: { min?: number; max?: number } = {}) {
  return z
    .string({ error: `${label} : champ obligatoire.` })
    .trim()
    .min(min, {
      error: min <= 1 ? `${label} : champ obligatoire.` : `${label} : au moins ${min} caractères.`,
    })
    .max(max, { error: `${label} : ${max} caractères au plus.` });
}

export function optionalText(label: string, max = 2000) {
  return z
    .string({ error: `${label} : texte attendu.` })
    .trim()
    .max(max, { error: `${label} : ${max} caractères au plus.` })
    .optional()
    .transform((v) => v || undefined);
}

export const email = (label = 'Adresse e-mail') =>
  z
    .string({ error: `${label} : champ obligatoire.` })
    .trim()
    .toLowerCase()
    .max(254, { error: `${label} : 254 caractères au plus.` })
    .pipe(z.email({ error: `${label} : adresse invalide (exemple : nom@structure.fr).` }));

/** A checkbox list: absent, one value or several, always an array of strings. */
export const checkboxes = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));
