/**
 * Random small instances for the property suites (matcher, LP path, suggestions): each small enough for
 * the brute-force twin (≤ 12 needs).
 */
import fc from 'fast-check';
import { type Instance, SLOTS } from '../../server/matching';
import { BASE, KM_PER_DEG } from './factories';

const HOURS = [3.5, 7, 7, 10.5, 14, 14, 17.5, 17.5, 21, 21, 24.5, 28, 12.8, 22.2, 19.6, 2.6, 16];

const needArb = fc.record({
  org: fc.integer({ min: 0, max: 3 }),
  role: fc.constantFrom('M1203', 'M1203', 'M1203', 'M1203', 'K2204'),
  hours: fc.constantFrom(...HOURS),
  slotPool: fc.uniqueArray(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 8 }),
  slotsNeededSeed: fc.integer({ min: 1, max: 3 }),
  dNorth: fc.integer({ min: 0, max: 12 }),
  dEast: fc.integer({ min: 0, max: 12 }),
  maxTravelKm: fc.constantFrom(6, 12, 20, 20, 40),
  startDay: fc.integer({ min: 0, max: 100 }),
});

export const instanceArb = fc
  .record({
    needs: fc.array(needArb, { minLength: 2, maxLength: 10 }),
    orgGes: fc.array(fc.subarray(['g1', 'g2']), { minLength: 4, maxLength: 4 }),
    range: fc.constantFrom([35, 35], [35, 35], [32, 35]),
  })
  .map(
    ({ needs, orgGes, range }): Instance => ({
      fullTime: { minHours: range[0], maxHours: range[1] },
      startWindowDays: 92,
      organizations: orgGes.map((geIds, i) => ({ id: `o${i}`, geIds })),
      needs: needs.map((n, i) => ({
        id: `n${i}`,
        organizationId: `o${n.org}`,
        role: n.role,
        hours: n.hours,
        slotsNeeded: Math.min(n.slotsNeededSeed, n.slotPool.length),
        allowedSlots: [...n.slotPool].sort((a, b) => a - b).map((k) => SLOTS[k]),
        lat: BASE.lat + n.dNorth / KM_PER_DEG,
        lon: BASE.lon + n.dEast / 75,
        maxTravelKm: n.maxTravelKm,
        start: new Date(Date.UTC(2027, 0, 4) + n.startDay * 86_400_000).toISOString().slice(0, 10),
      })),
    }),
  );

/** Dense: one role, everyone within reach, flexible slots: many overlapping groups, ties on GE and travel. */
export const denseArb = fc
  .record({
    needs: fc.array(
      fc.record({
        org: fc.integer({ min: 0, max: 4 }),
        hours: fc.constantFrom(7, 10.5, 14, 17.5, 21, 24.5, 28, 12.8, 22.2),
        extra: fc.integer({ min: 0, max: 4 }),
        dNorth: fc.integer({ min: 0, max: 8 }),
        dEast: fc.integer({ min: 0, max: 8 }),
      }),
      { minLength: 6, maxLength: 12 },
    ),
    orgGes: fc.array(fc.subarray(['g1', 'g2']), { minLength: 5, maxLength: 5 }),
    range: fc.constantFrom([35, 35], [32, 35]),
  })
  .map(
    ({ needs, orgGes, range }): Instance => ({
      fullTime: { minHours: range[0], maxHours: range[1] },
      startWindowDays: 92,
      organizations: orgGes.map((geIds, i) => ({ id: `o${i}`, geIds })),
      needs: needs.map((n, i) => {
        const slotsNeeded = Math.max(1, Math.round(n.hours / 7));
        return {
          id: `n${i}`,
          organizationId: `o${n.org}`,
          role: 'M1203',
          hours: n.hours,
          slotsNeeded,
          allowedSlots: SLOTS.slice((i * 3) % 6, ((i * 3) % 6) + slotsNeeded + n.extra),
          lat: BASE.lat + n.dNorth / KM_PER_DEG,
          lon: BASE.lon + n.dEast / 75,
          maxTravelKm: 30,
          start: '2027-01-04',
        };
      }),
    }),
  );
