/**
 * THE ACCESS TABLE: one row per route of `app.routeTable` ("METHOD /url/:param"), with concrete URLs
 * built from the fixtures and the outcome expected for each role (vocabulary in ./table/expect.ts).
 * The rows live in ./table/<capability>.ts; tests/security/route-access.test.ts fails when a route has
 * no row, so every new route must be declared, with its expectations, in its capability's file (add a
 * file here for a new capability).
 */
import { COMPOSITION_ROWS } from './table/compositions';
import { DIRECTORY_ROWS } from './table/directory';
import { DISCOVERY_ROWS } from './table/discovery';
import { EVENT_ROWS } from './table/events';
import type { RouteRow } from './table/expect';
import { FACILITATION_ROWS } from './table/facilitation';
import { HOME_AND_ACCOUNT_ROWS } from './table/home-accounts';
import { INDICATOR_ROWS } from './table/indicators';
import { MATCHMAKING_ROWS } from './table/matchmaking';
import { MEETING_ROWS } from './table/meetings';
import { MESSAGE_ROWS } from './table/messages';
import { NEED_AND_OFFER_ROWS } from './table/needs-offers';
import { NOTIFICATION_ROWS } from './table/notifications';
import { ORGANIZATION_ROWS } from './table/organizations';
import { POST_ROWS } from './table/posts';
import { SEARCH_ROWS } from './table/search';

export * from './table/expect';

export const ROUTE_TABLE: RouteRow[] = [
  ...HOME_AND_ACCOUNT_ROWS,
  ...ORGANIZATION_ROWS,
  ...DIRECTORY_ROWS,
  ...NEED_AND_OFFER_ROWS,
  ...SEARCH_ROWS,
  ...COMPOSITION_ROWS,
  ...POST_ROWS,
  ...DISCOVERY_ROWS,
  ...MESSAGE_ROWS,
  ...NOTIFICATION_ROWS,
  ...FACILITATION_ROWS,
  ...INDICATOR_ROWS,
  ...MATCHMAKING_ROWS,
  ...MEETING_ROWS,
  ...EVENT_ROWS,
];
