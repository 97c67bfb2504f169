/**
 * The gross pay a shared post states (pay transparency in job ads, expected from 2026): an amount or a
 * range, per month or per hour, kept in euro cents. Read from the form (French numbers: "1 850",
 * "12,50"), written for people ("1 850 € brut par mois", "de 12,50 € à 14 € brut de l’heure") and
 * for schema.org (`baseSalary`).
 */
import { z } from 'zod';

export const PAY_UNITS = ['month', 'hour'] as const;
export type PayUnit = (typeof PAY_UNITS)[number];

export interface Pay {
  minCents: number;
  maxCents: number;
  unit: PayUnit;
}

/**
 * Plausible gross amounts for a 35 h CDI: the floor sits under the SMIC (11,88 € an hour, 1 801,80 € a
 * month in 2025) so that a collective agreement's own minimum fits, the ceiling catches a misplaced digit.
 */
export const PAY_BOUNDS: Record<PayUnit, { min: number; max: number }> = {
  hour: { min: 10, max: 100 },
  month: { min: 1500, max: 15_000 },
};

const UNIT_WORDS: Record<PayUnit, string> = { month: 'brut par mois', hour: 'brut de l’heure' };

/** "1 850", "1850,5", "12.50 €" → cents; null when it is not a number. */
export function parseEuros(text: string): number | null {
  const cleaned = text.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
  if (!/^\d{1,6}(\.\d{1,2})?$/.test(cleaned)) return null;
  return Math.round(Number(cleaned) * 100);
}

/** 185000 → "1 850 €", 1250 → "12,50 €" (no-break spaces; cents only when there are some). */
export function euros(cents: number): string {
  const whole = cents % 100 === 0;
  return `${new Intl.NumberFormat('fr-FR', {
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: 2,
  })
    .format(cents / 100)
    .replace(/\u202f/g, '\u00a0')}\u00a0€`;
}

/** "1 850 € brut par mois", "de 12,50 € à 14 € brut de l’heure"; null for a post that states none. */
export function payLabel(pay: Pay | null): string | null {
  if (!pay) return null;
  const amount =
    pay.minCents === pay.maxCents
      ? euros(pay.minCents)
      : `de ${euros(pay.minCents)} à ${euros(pay.maxCents)}`;
  return `${amount} ${UNIT_WORDS[pay.unit]}`;
}

/** A post row's pay columns as one value (null when the post predates them). */
export function payOf(row: {
  payMinCents: number | null;
  payMaxCents: number | null;
  payUnit: string | null;
}): Pay | null {
  if (row.payMinCents === null || row.payUnit === null || !PAY_UNITS.includes(row.payUnit as PayUnit))
    return null;
  return {
    minCents: row.payMinCents,
    maxCents: row.payMaxCents ?? row.payMinCents,
    unit: row.payUnit as PayUnit,
  };
}

/** schema.org MonetaryAmount: a value, or minValue/maxValue for a range; unitText MONTH or HOUR. */
export function baseSalary(pay: Pay) {
  const value =
    pay.minCents === pay.maxCents
      ? { value: pay.minCents / 100 }
      : { minValue: pay.minCents / 100, maxValue: pay.maxCents / 100 };
  return {
    '@type': 'MonetaryAmount',
    currency: 'EUR',
    value: { '@type': 'QuantitativeValue', ...value, unitText: pay.unit === 'month' ? 'MONTH' : 'HOUR' },
  };
}

const amount = (label: string, required: boolean) =>
  z
    .string({ error: `${label} : champ obligatoire.` })
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v && required) {
        ctx.addIssue({
          code: 'custom',
          message: `${label} : indiquez le montant (ou le minimum d’une fourchette).`,
        });
        return z.NEVER;
      }
      if (!v) return null;
      const cents = parseEuros(v);
      if (cents === null || cents <= 0) {
        ctx.addIssue({
          code: 'custom',
          message: `${label} : montant en euros attendu (exemple : 1 850 ou 12,50).`,
        });
        return z.NEVER;
      }
      return cents;
    });

/** The form's pay fields: `payMin` (required), `payMax` (empty: a single amount), `payUnit`. */
export const payFields = {
  payMin: amount('Salaire brut', true),
  payMax: amount('Salaire brut maximum', false),
  payUnit: z.enum(PAY_UNITS, { error: 'Salaire : choisissez « par mois » ou « de l’heure ».' }),
};

/** The refinement of a form holding `payFields`: the amount given, min ≤ max, plausible bounds. */
export function checkPay(
  v: { payMin: number | null; payMax: number | null; payUnit: PayUnit },
  ctx: z.RefinementCtx,
): void {
  if (v.payMin === null) return; // refused by the field itself
  const bounds = PAY_BOUNDS[v.payUnit];
  const unit = v.payUnit === 'month' ? 'par mois' : 'de l’heure';
  for (const [field, cents] of [
    ['payMin', v.payMin],
    ['payMax', v.payMax],
  ] as const) {
    if (cents !== null && (cents < bounds.min * 100 || cents > bounds.max * 100))
      ctx.addIssue({
        code: 'custom',
        path: [field],
        message: `Salaire brut : entre ${euros(bounds.min * 100)} et ${euros(bounds.max * 100)} ${unit} (vérifiez le montant et l’unité).`,
      });
  }
  if (v.payMax !== null && v.payMax < v.payMin)
    ctx.addIssue({
      code: 'custom',
      path: ['payMax'],
      message: 'Salaire brut maximum : il doit être supérieur ou égal au minimum.',
    });
}

/** The form's values as a Pay (after checkPay). */
export function payFromForm(v: { payMin: number | null; payMax: number | null; payUnit: PayUnit }): Pay {
  const min = v.payMin ?? 0;
  return { minCents: min, maxCents: v.payMax ?? min, unit: v.payUnit };
}
