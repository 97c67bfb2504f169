/** Access rows: the facilitator's indicators page and its CSV (/animation/indicateurs). */
import { type Expect, FACILITATOR_ONLY, one, type RouteRow, signedIn } from './expect';

/** A département the fixtures' facilitator (90, 25) does not facilitate: admins only. */
const OTHER_TERRITORY: Expect = signedIn({ other: 'denied', owner: 'denied', facilitator: 'denied' });

const indicatorPages = (path: string): RouteRow => ({
  route: `GET ${path}`,
  cases: [
    ...one(path, FACILITATOR_ONLY, 'all their territories, the last 12 months'),
    ...one(
      `${path}?departement=90&du=2026-01-01&au=2026-06-30`,
      FACILITATOR_ONLY,
      'one of their départements',
    ),
    ...one(`${path}?departement=13`, OTHER_TERRITORY, 'another territory'),
  ],
});

export const INDICATOR_ROWS: RouteRow[] = [
  indicatorPages('/animation/indicateurs'),
  indicatorPages('/animation/indicateurs.csv'),
];
