/** What /animation/indicateurs shows of a territory and a period, through the read cache. */
import type { Db } from '../../db/client';
import type { ReadCache } from '../../db/read-cache';
import {
  compositionNeeds,
  compositions,
  matchmakingFollowUps,
  matchmakingOutcomes,
  matchmakingSatisfaction,
  matchmakingSessionOrganizations,
  matchmakingSessions,
  memberships,
  needs,
  offers,
  organizations,
  postCandidates,
  sharedPosts,
} from '../../db/schema';
import { eventIndicators } from '../events/indicators';
import { candidateStatusCounts } from './candidates';
import { buildReport } from './report';
import { computeIndicators, type Period } from './service';

/**
 * The page's figures: eight aggregates over most tables, kept in the read cache (PGlite,
 * db/read-cache.ts) until one of those tables changes; a minute at most ("today" moves).
 */
export function cachedIndicatorPage(cache: ReadCache, db: Db, departements: string[] | null, period: Period) {
  return cache.read(
    `indicators:${departements?.join(',') ?? '*'}:${period.from}:${period.to}`,
    INDICATOR_TABLES,
    async () => ({
      report: buildReport(await computeIndicators(db, departements, period)),
      candidates: await candidateStatusCounts(db, departements, period),
      events: await eventIndicators(db, departements, period),
    }),
  );
}

const INDICATOR_TABLES = [
  organizations,
  memberships,
  needs,
  offers,
  compositions,
  compositionNeeds,
  sharedPosts,
  postCandidates,
  matchmakingSessions,
  matchmakingSessionOrganizations,
  matchmakingOutcomes,
  matchmakingFollowUps,
  matchmakingSatisfaction,
];
