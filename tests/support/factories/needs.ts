/**
 * Needs written straight into their table (no search outbox: search tests go through the service,
 * tests/search/helpers.ts). `makeNeed(db, { org, hours: 21, slots: WEEK_A })` is a published, fixed-week
 * need in Belfort; traits change what a test cares about, and any column can still be given as is.
 */
import type { Db } from '../../../db/client';
import { needs } from '../../../db/schema';
import type { NeedStatus } from '../../../db/schema/needs';
import { getRole } from '../../../server/roles';
import { TOWNS, type Town } from './towns';

type NeedRow = typeof needs.$inferInsert;

export interface NeedTraits extends Partial<Omit<NeedRow, 'organizationId' | 'status'>> {
  /** The organization (or its id). */
  org: { id: number } | number;
  /** Hours a week (a decimal number). Default 14. */
  hours?: number;
  /** The half-days it may be worked on. Default Monday and Tuesday. */
  slots?: string[];
  /** Worked on `flexible` of its `slots`; default: all of them (a fixed week). */
  flexible?: number;
  /** ROME code; the label follows from it. Default M1203 (Comptabilité). */
  role?: string;
  town?: Town;
  /** Default published (now); a draft has no publication date. */
  status?: NeedStatus;
}

export async function makeNeed(db: Db, traits: NeedTraits) {
  const {
    org,
    hours = 14,
    slots = ['mon-am', 'mon-pm', 'tue-am', 'tue-pm'],
    flexible,
    role = 'M1203',
    town = 'belfort',
    status = 'published',
    ...columns
  } = traits;
  const [row] = await db
    .insert(needs)
    .values({
      organizationId: typeof org === 'number' ? org : org.id,
      roleCode: role,
      roleLabel: getRole(role)?.label ?? role,
      title: `Besoin ${role} de ${hours} h`,
      description: 'Un besoin de test.',
      hoursHundredths: Math.round(hours * 100),
      slotsNeeded: flexible ?? slots.length,
      allowedSlots: slots,
      ...TOWNS[town],
      maxTravelKm: 20,
      startDate: '2027-01-04',
      status,
      publishedAt: status === 'draft' ? null : new Date(),
      ...columns,
    })
    .returning();
  return row;
}
