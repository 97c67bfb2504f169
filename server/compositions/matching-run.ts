/**
 * A matching run: published needs (of validated organizations) → the matcher → proposals stored.
 * Stable by design: a live full proposal holds its needs (they are left out of the next runs until it is
 * accepted, declined or withdrawn), a group found again is kept rather than duplicated, a group that was
 * declined is not proposed again until one of its needs changes, and a proposal whose needs changed or
 * were taken is withdrawn with a notice. See docs/compositions.md.
 *
 * The parts: matching-instance.ts reads the needs and builds the matcher's input, live-proposals.ts checks
 * and withdraws open proposals, found-groups.ts turns the matcher's groups into stored proposals.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { matchingRuns } from '../../db/schema';
import type { Instance } from '../matching';
import { replaceSuggestions } from '../needs/suggestions';
import { hoursLabel } from '../vocabulary/week';
import { foundGroups, insertGroup, refusedSignatures } from './found-groups';
import { loadLiveProposals, withdraw } from './live-proposals';
import { type MatchOutcome, type MatchRequest, matchAndSuggest } from './match-and-suggest';
import { buildInstance, geIdsOf, loadCandidates, type MatchingScope } from './matching-instance';
import { compositionLink, compositionPath, mailMembers } from './notify';

export { withdraw } from './live-proposals';
export { buildInstance, FULL_TIME, START_WINDOW_DAYS, signatureOf } from './matching-instance';

/**
 * The matcher's budget for a run. The web process runs it in a worker thread (`app.matcher`), where a
 * long run blocks no request: 10 s, the matcher's own default. A run without `matcher` calls the
 * synchronous `match()` and blocks its caller's event loop meanwhile: it must stay short.
 */
export const RUN_TIME_LIMIT_MS = 10_000;
export const SYNC_RUN_TIME_LIMIT_MS = 2_000;
/** The suggestions' own budget, after the result (in the worker; shorter in the process). */
export const SUGGEST_TIME_LIMIT_MS = 5_000;
export const SYNC_SUGGEST_TIME_LIMIT_MS = 1_000;
/** Groups stored per transaction, with a turn given to the event loop between two. */
const STORE_BATCH = 5;

/**
 * Runs the matcher and its suggestions: `matchAndSuggest()` itself (the default, synchronous, without
 * HiGHS) or a worker pool's (server/compositions/matcher-pool.ts, with HiGHS).
 */
export type Matcher = (instance: Instance, options: MatchRequest) => MatchOutcome | Promise<MatchOutcome>;

export interface RunOptions extends MatchingScope {
  /** Absolute links in mails; no mail when absent or `notify` is false (demo data). */
  publicUrl?: string;
  notify?: boolean;
  timeLimitMs?: number;
  /** Where `match()` runs; the web process passes its worker pool (`app.matcher.match`). */
  matcher?: Matcher;
}

export interface RunSummary {
  runId: number;
  needs: number;
  proposed: number;
  kept: number;
  withdrawn: number;
  partials: number;
  elapsedMs: number;
  provedOptimal: boolean;
}

/**
 * One matching run, recorded in matching_runs. Callers that may run alongside others (the job,
 * "Recalculer") hold the matching lock (matching-lock.ts). A run cut short (the server stopping
 * terminates the matcher, or any error) is closed as interrupted, so that it is not taken for a finished one.
 */
export async function runMatching(db: DbOrTx, options: RunOptions = {}): Promise<RunSummary> {
  const scope = [options.roleCode, options.departement].filter(Boolean).join(' ');
  const [run] = await db.insert(matchingRuns).values({ scope }).returning({ id: matchingRuns.id });
  try {
    return await storeRun(db, run.id, options);
  } catch (err) {
    await db
      .update(matchingRuns)
      .set({ finishedAt: sql`clock_timestamp()`, interrupted: true })
      .where(eq(matchingRuns.id, run.id))
      .catch(() => {}); // inside a failed transaction (the demo's) there is nothing to close
    throw err;
  }
}

async function storeRun(db: DbOrTx, runId: number, options: RunOptions): Promise<RunSummary> {
  const started = performance.now();

  const [candidates, live] = await Promise.all([loadCandidates(db, options), loadLiveProposals(db, options)]);
  const stale = live.filter((p) => p.problems.length);
  // A live full proposal holds its needs; a partial holds nothing (another need may complete it).
  const held = new Set(live.filter((p) => !p.problems.length && p.kind === 'full').flatMap((p) => p.needIds));
  const free = candidates.filter((n) => !held.has(n.id));
  const instance = buildInstance(free, await geIdsOf(db, [...new Set(free.map((n) => n.organizationId))]));
  const matcher = options.matcher ?? matchAndSuggest;
  const timeLimitMs = options.timeLimitMs ?? (options.matcher ? RUN_TIME_LIMIT_MS : SYNC_RUN_TIME_LIMIT_MS);
  const suggestTimeLimitMs = options.matcher ? SUGGEST_TIME_LIMIT_MS : SYNC_SUGGEST_TIME_LIMIT_MS;
  const result = await matcher(instance, { timeLimitMs, suggestTimeLimitMs });
  const found = foundGroups(result, new Map(free.map((n) => [String(n.id), n])));

  const summary = { proposed: 0, kept: 0, withdrawn: 0, partials: 0 };
  const notify = options.notify !== false && Boolean(options.publicUrl);
  // Short transactions: on embedded PGlite a transaction holds the only connection, so one around the whole
  // store kept every request waiting until the run was stored (seconds on 5,000 needs). Each withdrawal
  // (with its notices), the suggestions, and each batch of STORE_BATCH groups commit on their own. A run
  // cut short leaves what it stored; the next one completes it (a group stored already is kept, not doubled).
  for (const p of stale) {
    await db.transaction(async (tx) => {
      if (await withdraw(tx, p.id, `Proposition retirée : ${p.problems.join(' ; ')}.`)) {
        summary.withdrawn++;
        if (notify)
          await mailMembers(tx, p.organizationIds, {
            kind: 'composition-withdrawn',
            link: compositionPath(p.id),
            subject: `Proposition retirée : ${p.roleLabel}`,
            text: `Bonjour,\n\nLa proposition de poste partagé « ${p.roleLabel} » est retirée : ${p.problems.join(' ; ')}.\n\n${compositionLink(options.publicUrl ?? '', p.id)}\n\nMosaïque`,
          });
      }
    });
  }
  // Partials are recomputed at every run: one not found again is retired quietly (nobody decided on it).
  const foundSignatures = new Set(found.map((g) => g.signature));
  for (const p of live) {
    if (p.kind === 'partial' && !p.problems.length && !foundSignatures.has(p.signature)) {
      if (
        await db.transaction((tx) =>
          withdraw(tx, p.id, 'Groupe recalculé : ces besoins sont désormais proposés autrement.'),
        )
      )
        summary.withdrawn++;
    }
  }
  // What would complete the needs left out: the run's suggestions replace the previous ones.
  await db.transaction((tx) =>
    replaceSuggestions(tx, new Map(candidates.map((n) => [n.id, n])), result.suggestions ?? []),
  );
  const liveSignatures = new Set(live.filter((p) => !p.problems.length).map((p) => p.signature));
  const refused = await refusedSignatures(db, [...foundSignatures]);
  const toStore = found.filter((g) => {
    if (liveSignatures.has(g.signature)) summary.kept++;
    return !liveSignatures.has(g.signature) && !refused.has(g.signature);
  });
  for (let from = 0; from < toStore.length; from += STORE_BATCH) {
    // Between two batches, a turn for the requests waiting on the event loop and the database.
    if (from) await nextTurn();
    await db.transaction(async (tx) => {
      for (const g of toStore.slice(from, from + STORE_BATCH)) {
        const id = await insertGroup(tx, g);
        if (id === null) {
          summary.kept++; // stored a moment ago by another run
          continue;
        }
        if (g.kind === 'partial') summary.partials++;
        else summary.proposed++;
        if (notify && g.kind === 'full')
          await mailMembers(tx, [...new Set(g.members.map((m) => m.need.organizationId))], {
            kind: 'composition-proposed',
            link: compositionPath(id),
            subject: `Nouvelle proposition de poste partagé : ${g.members[0].need.roleLabel}`,
            text: `Bonjour,\n\nUn de vos besoins peut former, avec ceux d’autres structures, un emploi à temps plein (${hoursLabel(g.hoursHundredths)} par semaine). Consultez la proposition, la semaine type et les autres structures, puis acceptez ou refusez :\n\n${compositionLink(options.publicUrl ?? '', id)}\n\nMosaïque`,
          });
      }
    });
  }

  const elapsedMs = Math.round(performance.now() - started);
  await db
    .update(matchingRuns)
    .set({
      // The database's clock, like started_at's: the one clock every instance shares.
      finishedAt: sql`clock_timestamp()`,
      needs: free.length,
      proposed: summary.proposed + summary.partials,
      kept: summary.kept,
      withdrawn: summary.withdrawn,
      elapsedMs,
      provedOptimal: result.stats.provedOptimal,
    })
    .where(eq(matchingRuns.id, runId));
  return {
    runId,
    needs: free.length,
    ...summary,
    elapsedMs,
    provedOptimal: result.stats.provedOptimal,
  };
}
