/** Shared set-up for need tests: a valid form (need rows: `makeNeed` in tests/support/factories). */
import type { Db } from '../../db/client';
import type { needs } from '../../db/schema';
import { makeNeed } from '../support/factories';

export function needForm(organizationId: number, overrides: Record<string, string | string[]> = {}) {
  return {
    organizationId: String(organizationId),
    roleCode: 'M1203',
    title: 'Comptable pour la paie et la clôture',
    description: 'Tenue de la comptabilité générale et paie de 25 salariés en insertion.',
    hours: '12,8',
    slots: ['mon-am', 'mon-pm', 'tue-am', 'thu-am', 'thu-pm'],
    timetable: 'flexible',
    slotsNeeded: '4',
    commune: 'Belfort',
    maxTravelKm: '25',
    startDate: '2027-01-04',
    action: 'publish',
    ...overrides,
  };
}

/** @deprecated Use `makeNeed(db, { org, … })` from tests/support/factories (kept for tests of other branches). */
export const insertNeed = (
  db: Db,
  organizationId: number,
  overrides: Partial<typeof needs.$inferInsert> = {},
) => makeNeed(db, { org: organizationId, title: 'Comptable à temps partiel', ...overrides });
