/** Shared set-up for need tests: a valid form, and a need row made directly. */
import type { Db } from '../../db/client';
import { needs } from '../../db/schema';

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

export async function insertNeed(
  db: Db,
  organizationId: number,
  overrides: Partial<typeof needs.$inferInsert> = {},
) {
  const [row] = await db
    .insert(needs)
    .values({
      organizationId,
      roleCode: 'M1203',
      roleLabel: 'Comptabilité',
      title: 'Comptable à temps partiel',
      description: 'Comptabilité générale.',
      hoursHundredths: 1400,
      slotsNeeded: 4,
      allowedSlots: ['mon-am', 'mon-pm', 'tue-am', 'tue-pm'],
      communeCode: '90010',
      communeName: 'Belfort',
      departement: '90',
      lat: 47.6384,
      lon: 6.8638,
      maxTravelKm: 20,
      startDate: '2027-01-04',
      status: 'published',
      publishedAt: new Date(),
      ...overrides,
    })
    .returning();
  return row;
}
