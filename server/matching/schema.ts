/**
 * The instance schema (zod), shared by the CLI and the web app. Errors name the field the way a person
 * would look for it: `needs[3].allowedSlots[1]: unknown slot "sun-am"`.
 */
import { z } from 'zod';
import { dayNumber } from './prepare';
import { SLOTS } from './types';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const day = dayNumber(value);
  return Number.isFinite(day) && new Date(day * 86_400_000).toISOString().slice(0, 10) === value;
}

const finite = (what: string) =>
  z.number({ error: (iss) => (iss.input === undefined ? 'required' : `must be a number (${what})`) });

const hours = finite('hours').gt(0, { error: 'must be greater than 0' });

const slot = z.enum(SLOTS, {
  error: (iss) =>
    typeof iss.input === 'string'
      ? `unknown slot ${JSON.stringify(iss.input)} (expected one of ${SLOTS.join(', ')})`
      : 'must be a slot name such as "mon-am"',
});

const text = z
  .string({ error: (iss) => (iss.input === undefined ? 'required' : 'must be a string') })
  .min(1, { error: 'must not be empty' });

const organization = z.object({
  id: text,
  geIds: z.array(text).default([]),
});

const need = z.object({
  id: text,
  organizationId: text,
  role: text,
  hours,
  slotsNeeded: finite('whole number of half-days')
    .int({ error: 'must be a whole number' })
    .gt(0, { error: 'must be at least 1' }),
  allowedSlots: z.array(slot, { error: 'must be a list of slots' }),
  lat: finite('latitude').min(-90, { error: 'must be between -90 and 90' }).max(90, {
    error: 'must be between -90 and 90',
  }),
  lon: finite('longitude').min(-180, { error: 'must be between -180 and 180' }).max(180, {
    error: 'must be between -180 and 180',
  }),
  maxTravelKm: finite('kilometres').min(0, { error: 'must not be negative' }),
  start: z
    .string({ error: (iss) => (iss.input === undefined ? 'required' : 'must be a date YYYY-MM-DD') })
    .refine(isRealDate, {
      error: (iss) => `invalid date ${JSON.stringify(iss.input)} (expected YYYY-MM-DD)`,
    }),
});

export const instanceSchema = z
  .object({
    fullTime: z.object({ minHours: hours, maxHours: hours }),
    startWindowDays: finite('days').min(0, { error: 'must not be negative' }),
    organizations: z.array(organization, { error: 'must be a list' }),
    needs: z.array(need, { error: 'must be a list' }),
  })
  .superRefine((inst, ctx) => {
    if (inst.fullTime.minHours > inst.fullTime.maxHours) {
      ctx.addIssue({
        code: 'custom',
        path: ['fullTime', 'minHours'],
        message: `must not exceed maxHours (${inst.fullTime.minHours} > ${inst.fullTime.maxHours})`,
      });
    }
    const orgIds = new Set<string>();
    inst.organizations.forEach((o, i) => {
      if (orgIds.has(o.id))
        ctx.addIssue({
          code: 'custom',
          path: ['organizations', i, 'id'],
          message: `duplicate id ${JSON.stringify(o.id)}`,
        });
      orgIds.add(o.id);
    });
    const needIds = new Set<string>();
    inst.needs.forEach((n, i) => {
      if (needIds.has(n.id))
        ctx.addIssue({
          code: 'custom',
          path: ['needs', i, 'id'],
          message: `duplicate id ${JSON.stringify(n.id)}`,
        });
      needIds.add(n.id);
      if (!orgIds.has(n.organizationId))
        ctx.addIssue({
          code: 'custom',
          path: ['needs', i, 'organizationId'],
          message: `unknown organization ${JSON.stringify(n.organizationId)}`,
        });
      const seen = new Set<string>();
      n.allowedSlots.forEach((s, k) => {
        if (seen.has(s))
          ctx.addIssue({
            code: 'custom',
            path: ['needs', i, 'allowedSlots', k],
            message: `duplicate slot ${JSON.stringify(s)}`,
          });
        seen.add(s);
      });
      if (n.slotsNeeded > seen.size)
        ctx.addIssue({
          code: 'custom',
          path: ['needs', i, 'slotsNeeded'],
          message: `${n.slotsNeeded} slots needed but only ${seen.size} allowed`,
        });
    });
  });

export type InstanceInput = z.input<typeof instanceSchema>;

export interface InstanceIssue {
  /** Field path such as `needs[3].allowedSlots[1]` (empty for the whole document). */
  path: string;
  message: string;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

export type ParseResult =
  | { ok: true; instance: z.output<typeof instanceSchema> }
  | { ok: false; issues: InstanceIssue[] };

export function parseInstance(data: unknown): ParseResult {
  const parsed = instanceSchema.safeParse(data);
  if (parsed.success) return { ok: true, instance: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((iss) => ({ path: formatPath(iss.path), message: iss.message })),
  };
}

/** One line per issue: `path: message`. */
export function formatIssues(issues: InstanceIssue[]): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('\n');
}
