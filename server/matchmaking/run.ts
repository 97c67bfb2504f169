/**
 * "Lancer la mise en relation": the matcher on exactly the needs of a session's scope. It reuses the
 * compositions' instance building and group reading (server/compositions) but proposes nothing by itself:
 * the session is where the structures discuss the groups. The result is kept on the session (`lastRun`)
 * for the session page and the sheet; a group that the regular matching job already proposed (same needs,
 * same versions) is linked to that composition, so outcomes can point at it.
 */
import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import {
  compositions,
  matchmakingSessionNeeds,
  matchmakingSessions,
  needs,
  organizations,
  type SessionRunGroup,
  type SessionRunResult,
} from '../../db/schema';
import { foundGroups } from '../compositions/found-groups';
import { buildInstance, geIdsOf, loadCandidates } from '../compositions/matching-instance';
import { type Instance, type MatchResult, match } from '../matching';

export type Matcher = (
  instance: Instance,
  options: { timeLimitMs: number },
) => MatchResult | Promise<MatchResult>;

/** A session's scope is small (tens of needs): a few seconds is plenty, in the worker when there is one. */
export const SESSION_RUN_TIME_LIMIT_MS = 5_000;

const LINKABLE_STATUSES = ['proposed', 'accepted', 'post_opened', 'filled'] as const;

export async function runSessionMatching(
  db: DbOrTx,
  sessionId: number,
  options: { matcher?: Matcher; timeLimitMs?: number; now?: Date } = {},
): Promise<SessionRunResult> {
  const started = performance.now();
  const scope = await db
    .select({ needId: matchmakingSessionNeeds.needId })
    .from(matchmakingSessionNeeds)
    .where(eq(matchmakingSessionNeeds.sessionId, sessionId));
  const candidates = await loadCandidates(db, { needIds: scope.map((s) => s.needId) });
  const instance = buildInstance(
    candidates,
    await geIdsOf(db, [...new Set(candidates.map((n) => n.organizationId))]),
  );
  const matcher = options.matcher ?? match;
  const result = await matcher(instance, { timeLimitMs: options.timeLimitMs ?? SESSION_RUN_TIME_LIMIT_MS });
  const found = foundGroups(result, new Map(candidates.map((n) => [String(n.id), n])));

  const ids = candidates.map((n) => n.id);
  const [names, linked] = await Promise.all([
    ids.length
      ? db
          .select({ id: needs.id, communeName: needs.communeName, organizationName: organizations.name })
          .from(needs)
          .innerJoin(organizations, eq(organizations.id, needs.organizationId))
          .where(inArray(needs.id, ids))
      : [],
    found.length
      ? db
          .select({ id: compositions.id, signature: compositions.signature, status: compositions.status })
          .from(compositions)
          .where(
            inArray(
              compositions.signature,
              found.map((g) => g.signature),
            ),
          )
      : [],
  ]);
  const byNeed = new Map(names.map((n) => [n.id, n]));
  const compositionBySignature = new Map(
    linked
      .filter((c) => (LINKABLE_STATUSES as readonly string[]).includes(c.status))
      .map((c) => [c.signature, c.id]),
  );

  const groups = found.map(
    (g): SessionRunGroup => ({
      kind: g.kind,
      roleCode: g.members[0].need.roleCode,
      roleLabel: g.members[0].need.roleLabel,
      hoursHundredths: g.hoursHundredths,
      missingHundredths: g.missingHundredths,
      freeSlots: g.freeSlots,
      maxDistanceKm: g.maxDistanceKm,
      compositionId: compositionBySignature.get(g.signature) ?? null,
      members: g.members.map((m) => ({
        needId: m.need.id,
        needTitle: m.need.title,
        organizationId: m.need.organizationId,
        organizationName: byNeed.get(m.need.id)?.organizationName ?? '',
        communeName: byNeed.get(m.need.id)?.communeName ?? '',
        hoursHundredths: m.need.hoursHundredths,
        slots: m.slots,
      })),
    }),
  );
  // Full compositions first, then partials from the closest to full time.
  groups.sort((a, b) =>
    a.kind === b.kind ? a.missingHundredths - b.missingHundredths : a.kind === 'full' ? -1 : 1,
  );
  const run: SessionRunResult = {
    ranAt: (options.now ?? new Date()).toISOString(),
    needCount: candidates.length,
    elapsedMs: Math.round(performance.now() - started),
    groups,
  };
  await db
    .update(matchmakingSessions)
    .set({ lastRun: run, updatedAt: new Date() })
    .where(eq(matchmakingSessions.id, sessionId));
  return run;
}
