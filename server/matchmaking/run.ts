/**
 * "Lancer la mise en relation": the matcher on exactly the needs of a session's scope. It reuses the
 * compositions' instance building and group reading (server/compositions) but proposes nothing by itself:
 * the session is where the structures discuss the groups. The result is kept on the session (`lastRun`)
 * for the session page and the sheet; a group that the regular matching job already proposed (same needs,
 * same versions) is linked to that composition, so outcomes can point at it.
 */
import { eq, inArray } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { tryWithLock } from '../../db/locks';
import {
  compositions,
  matchmakingSessionNeeds,
  matchmakingSessions,
  needs,
  organizations,
  type SessionRunGroup,
  type SessionRunResult,
  type SessionSuggestion,
} from '../../db/schema';
import { foundGroups, refusedSignatures } from '../compositions/found-groups';
import { matchAndSuggest } from '../compositions/match-and-suggest';
import { buildInstance, geIdsOf, loadCandidates } from '../compositions/matching-instance';
import type { Matcher } from '../compositions/matching-run';
import { describeChange, describePosition, formAccepts } from '../needs/suggestions';

/** A session's scope is small (tens of needs): a few seconds is plenty, in the worker when there is one. */
export const SESSION_RUN_TIME_LIMIT_MS = 5_000;
/** What would complete the needs left out: computed after the result, with this budget of its own. */
export const SESSION_SUGGEST_TIME_LIMIT_MS = 3_000;

const LINKABLE_STATUSES = ['proposed', 'accepted', 'post_opened', 'filled'] as const;

/**
 * The session page's button: one run per session at a time, whichever instance gets the click; null
 * (nothing started) while another one runs.
 */
export async function runSessionMatchingOnce(
  db: Db,
  sessionId: number,
  options: { matcher?: Matcher },
): Promise<SessionRunResult | null> {
  const outcome = await tryWithLock(db, `matchmaking-session:${sessionId}`, () =>
    runSessionMatching(db, sessionId, options),
  );
  return outcome.ran ? outcome.value : null;
}

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
  const matcher = options.matcher ?? matchAndSuggest;
  const result = await matcher(instance, {
    timeLimitMs: options.timeLimitMs ?? SESSION_RUN_TIME_LIMIT_MS,
    suggestTimeLimitMs: SESSION_SUGGEST_TIME_LIMIT_MS,
  });
  const all = foundGroups(result, new Map(candidates.map((n) => [String(n.id), n])));
  // A group declined (or withdrawn) with these very needs, none changed since (the signature carries
  // each need's version), is not shown again: the background run does not propose it either.
  const refused = await refusedSignatures(
    db,
    all.map((g) => g.signature),
  );
  const found = all.filter((g) => !refused.has(g.signature));

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
  const candidateById = new Map(candidates.map((n) => [String(n.id), n]));
  const nameOf = (id: string) => byNeed.get(Number(id))?.organizationName ?? '';
  const suggestions: SessionSuggestion[] = [];
  for (const s of result.suggestions ?? []) {
    const need = candidateById.get(s.needId);
    if (!need || !formAccepts(need, s.change)) continue;
    const partners = s.position.needs.filter((m) => m.id !== s.needId).map((m) => nameOf(m.id));
    const option = {
      change: describeChange(need, s.change),
      position: describePosition(partners, Math.round(s.position.hours * 100)),
    };
    // Suggestions come grouped by need, smallest change first.
    const last = suggestions.at(-1);
    if (last?.needId === need.id) last.options.push(option);
    else
      suggestions.push({
        needId: need.id,
        needTitle: need.title,
        organizationName: nameOf(s.needId),
        options: [option],
      });
  }
  const run: SessionRunResult = {
    ranAt: (options.now ?? new Date()).toISOString(),
    needCount: candidates.length,
    elapsedMs: Math.round(performance.now() - started),
    groups,
    suggestions,
  };
  await db
    .update(matchmakingSessions)
    .set({ lastRun: run, updatedAt: new Date() })
    .where(eq(matchmakingSessions.id, sessionId));
  return run;
}
