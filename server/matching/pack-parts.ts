/**
 * Phase 2 of the search: every part's packing, with the time left, by one strategy or two.
 *
 * Branch and bound alone (no HiGHS given): parts smallest first, each with a fair share of the time left
 * (small parts finish at once and hand their time on).
 *
 * With HiGHS, a portfolio in passes, each over the parts still open, smallest first, each part with a
 * fair share of the time left:
 * 1. the branch and bound, within a small work budget (nodes × groups): it proves the realistic parts
 *    in milliseconds, faster than HiGHS could build a model;
 * 2. the branch and bound again, its Lagrangian seeded by the LP relaxation (lp-bound.ts) and its
 *    incumbent improved by the LP support (support.ts), within a larger budget;
 * 3. HiGHS (lp-pack.ts), from the best packing so far and below the levels already proved;
 * 4. HiGHS again for the parts it could not finish in their share, with the time the others left over.
 * The first proof ends a part; the packing kept is the best either strategy found. The budget of pass 1
 * is counted in nodes, not milliseconds, so which parts reach HiGHS, and what HiGHS starts from, does
 * not depend on the machine: a completed search gives the same output everywhere.
 */
import type { SubProblem } from './components';
import { LpRelaxation } from './lp-bound';
import { lpPack } from './lp-pack';
import { branchAndBound, greedyPack, type Packing, type PackProblem } from './pack';
import type { Prepared } from './prepare';
import type { HighsRuntime } from './types';

/**
 * With HiGHS at hand, the branch and bound first gets this much work on a part (nodes × the part's
 * groups; a node costs about a dozen passes over the groups, so this is some 0.1 s): the parts it
 * proves by itself, LP-seeded, need far less (a dense 100-need part, 750 groups, about 150 nodes), a
 * part whose levels need cuts then goes to HiGHS.
 */
export const BRANCH_AND_BOUND_WORK = 1_000_000;
/**
 * Work of the first, plain pass (no LP): the small parts are proved in it at once, for less than an LP
 * model costs to build (a 34-need, 80-group part: 260 nodes, against 0.1–0.4 s with the LP seeds).
 */
export const PLAIN_WORK = 200_000;

export interface PartLimits {
  deadline: number;
  now: () => number;
  highs?: HighsRuntime;
  /** Overrides both budgets, PLAIN_WORK and BRANCH_AND_BOUND_WORK (tests set 0: every part takes the LP path). */
  branchAndBoundWork?: number;
}

export interface PackedParts {
  /** The chosen positions, as instance indices. */
  positions: number[][];
  proved: boolean;
}

function problemOf(p: Prepared, sub: SubProblem): PackProblem {
  return {
    n: sub.needs.length,
    hours: sub.needs.map((i) => p.needs[i].hours),
    groups: sub.groups,
    minHours: p.minHours,
    maxHours: p.maxHours,
  };
}

/** Runs `solve` on the listed parts, smallest first, each with a fair share of the time left. */
function fairShares(
  order: number[],
  limits: PartLimits,
  solve: (part: number, deadline: number) => void,
): void {
  order.forEach((part, k) => {
    const left = limits.deadline - limits.now();
    if (left > 0) solve(part, limits.now() + left / (order.length - k));
  });
}

export function packParts(p: Prepared, subs: SubProblem[], limits: PartLimits): PackedParts {
  const { now, highs } = limits;
  const problems = subs.map((sub) => problemOf(p, sub));
  const packings: Packing[] = problems.map((pb) => ({
    groups: greedyPack(pb),
    score: { count: 0, hours: 0, ge: 0, travelMm: 0 },
    proved: false,
    nodes: 0,
    provedLevels: 0,
  }));
  const bySize = (list: number[]) =>
    list.sort((a, b) => subs[a].groups.hours.length - subs[b].groups.hours.length || a - b);
  const open = () => bySize(packings.flatMap((x, i) => (x.proved ? [] : [i])));

  const nodesFor = (i: number, work: number) =>
    Math.ceil(work / Math.max(1, problems[i].groups.hours.length));
  fairShares(open(), limits, (i, deadline) => {
    const maxNodes = highs ? nodesFor(i, limits.branchAndBoundWork ?? PLAIN_WORK) : undefined;
    packings[i] = branchAndBound(problems[i], packings[i].groups, { deadline, now, maxNodes });
  });
  if (highs) {
    fairShares(open(), limits, (i, deadline) => {
      const relaxation = new LpRelaxation(highs, problems[i]);
      try {
        packings[i] = branchAndBound(problems[i], packings[i].groups, {
          deadline,
          now,
          maxNodes: nodesFor(i, limits.branchAndBoundWork ?? BRANCH_AND_BOUND_WORK),
          relaxation,
        });
      } finally {
        relaxation.dispose();
      }
    });
  }
  if (highs) {
    for (let pass = 0; pass < 2; pass++) {
      fairShares(open(), limits, (i, deadline) => {
        const from = packings[i];
        packings[i] = lpPack(highs, problems[i], from.groups, { deadline, now }, from.provedLevels);
      });
    }
  }

  const positions: number[][] = [];
  subs.forEach((sub, si) => {
    const g = sub.groups;
    for (const i of packings[si].groups) {
      const members: number[] = [];
      for (let m = g.start[i]; m < g.start[i + 1]; m++) members.push(sub.needs[g.members[m]]);
      positions.push(members.sort((a, b) => a - b));
    }
  });
  return { positions, proved: packings.every((x) => x.proved) };
}
