/**
 * "What would complete this need" (DESIGN.md, "What would complete a need (--suggest)"): for each need
 * left out of every position of a result, the single changes to that need (one or two more half-days,
 * hours ±3.5, a reach up to twice as long, a start moved by up to 60 days) that make one more position
 * appear, each with such a position. Pure and synchronous, like match().
 *
 * Method, per left-out need v and per kind of change (see docs/matching.md):
 * 1. near groups of v with that field relaxed to its whole range (near-groups.ts), then the candidate
 *    values and the near groups each makes feasible (suggest-candidates.ts);
 * 2. proof, cheap: an enabled group whose other needs are all left out by the result is a new position
 *    beside the result's, so re-solving with the change gives at least one more position;
 * 3. proof, incremental: otherwise the part of the changed instance that holds v is re-solved for its
 *    number of positions (suggest-resolve.ts); a packing there with more positions than the result has
 *    in it, whose position holding v needs the change, is the proof. Smallest candidates first, across
 *    all needs, while the time lasts.
 * A claim without such a proof is left out. At most three per need, smallest change first.
 */
import { type NearGroup, nearGroups } from './near-groups';
import { prepare } from './prepare';
import { toPosition } from './result';
import {
  byCandidateSize,
  type Candidate,
  candidatesOfKind,
  changeOf,
  KIND_ORDER,
  relaxedRoot,
  subInstance,
} from './suggest-candidates';
import { resolver } from './suggest-resolve';
import type { HighsRuntime, Instance, MatchResult, Suggestion } from './types';

export const MAX_SUGGESTIONS_PER_NEED = 3;
export const DEFAULT_SUGGEST_TIME_LIMIT_MS = 10_000;
/** Near groups listed per need and kind (a dense town can have tens of thousands). */
const MAX_NEAR_GROUPS = 20_000;

export interface SuggestOptions {
  timeLimitMs?: number;
  now?: () => number;
  highs?: HighsRuntime;
}

interface Pending {
  need: number;
  candidate: Candidate;
  proof: Suggestion | null;
  /** True once decided (proved, or known unprovable). */
  settled: boolean;
}

/** The best enabled group made only of needs the result leaves out: more hours, less travel, fewer needs. */
function freeGroup(c: Candidate, used: Uint8Array): NearGroup | null {
  let best: NearGroup | null = null;
  for (const g of c.enabling) {
    if (g.members.some((i) => used[i])) continue;
    if (
      !best ||
      g.hours - best.hours > 0 ||
      (g.hours === best.hours && g.maxKm < best.maxKm) ||
      (g.hours === best.hours && g.maxKm === best.maxKm && g.members.length < best.members.length)
    )
      best = g;
  }
  return best;
}

export function suggest(instance: Instance, result: MatchResult, options: SuggestOptions = {}): Suggestion[] {
  const now = options.now ?? (() => performance.now());
  const deadline = now() + (options.timeLimitMs ?? DEFAULT_SUGGEST_TIME_LIMIT_MS);
  const p = prepare(instance);
  const index = new Map(p.needs.map((n) => [n.id, n.index]));
  const used = new Uint8Array(p.needs.length);
  /** Per need, the index of its position in the result, or −1. */
  const positionOf = new Int32Array(p.needs.length).fill(-1);
  result.positions.forEach((pos, k) => {
    for (const m of pos.needs) {
      const i = index.get(m.id) as number;
      used[i] = 1;
      positionOf[i] = k;
    }
  });
  const byRole = new Map<string, number[]>();
  for (const n of p.needs) {
    const list = byRole.get(n.role);
    if (list) list.push(n.index);
    else byRole.set(n.role, [n.index]);
  }

  // Step 1 and 2, every left-out need: candidates, and the cheap proofs.
  const pending: Pending[] = [];
  for (const v of p.needs) {
    if (used[v.index] || now() > deadline) continue;
    const pool = byRole.get(v.role) ?? [];
    for (const kind of KIND_ORDER) {
      const r = relaxedRoot(p, v, kind);
      const near = nearGroups(p, r, pool, { deadline, now, maxGroups: MAX_NEAR_GROUPS });
      for (const c of candidatesOfKind(p, v, kind, r, near.groups)) {
        const g = freeGroup(c, used);
        const proof = g ? suggestion(instance, v.index, c, [...g.members, v.index], 1) : null;
        pending.push({ need: v.index, candidate: c, proof, settled: proof !== null });
      }
    }
  }

  // Step 3: incremental re-solves, smallest candidates first across all needs, while the time lasts.
  const byNeed = new Map<number, Pending[]>();
  for (const item of pending) {
    const list = byNeed.get(item.need);
    if (list) list.push(item);
    else byNeed.set(item.need, [item]);
  }
  for (const list of byNeed.values()) list.sort((a, b) => byCandidateSize(a.candidate, b.candidate));
  const resolve = resolver(instance, p, positionOf, byRole, { deadline, now, highs: options.highs });
  const order = [...pending].sort((a, b) => byCandidateSize(a.candidate, b.candidate) || a.need - b.need);
  for (const item of order) {
    if (item.settled || now() > deadline) continue;
    // Not needed when the need already has its three smallest proved.
    const mine = byNeed.get(item.need) ?? [];
    const ahead = mine.slice(0, mine.indexOf(item)).filter((o) => o.proof).length;
    if (ahead >= MAX_SUGGESTIONS_PER_NEED) continue;
    const found = resolve(item.need, item.candidate);
    if (found) item.proof = suggestion(instance, item.need, item.candidate, found.members, found.gained);
    item.settled = true;
  }

  // At most three per need, smallest change first; needs in instance order.
  return [...byNeed.entries()]
    .sort((a, b) => a[0] - b[0])
    .flatMap(([, list]) =>
      list
        .filter((item) => item.proof)
        .slice(0, MAX_SUGGESTIONS_PER_NEED)
        .map((item) => item.proof as Suggestion),
    );
}

/** A suggestion for need v with its change and the position `members` (instance indices) of I'. */
function suggestion(
  instance: Instance,
  v: number,
  c: Candidate,
  members: number[],
  gained: number,
): Suggestion {
  const change = changeOf(instance.needs[v], c);
  const sorted = [...members].sort((a, b) => a - b);
  const mini = subInstance(instance, sorted, v, change);
  const q = prepare(mini);
  return {
    needId: instance.needs[v].id,
    change,
    positionsGained: gained,
    position: toPosition(
      q,
      sorted.map((_, k) => k),
    ),
  };
}
