/**
 * The LP-based strategy for a part the branch and bound could not prove within its budget, level by
 * level (most positions; then, with the positions fixed by an equality row, most hours; then most
 * common-GE positions; then least travel), starting below the levels already proved:
 * 1. the LP step: the exact LP relaxation of the level (lp-bound.ts); the branch and bound searches its
 *    support (support.ts) for a better packing; then the Lagrangian recomputes the LP bound from the
 *    duals, and when it shows that nothing beats the best packing at this level, the level is proved;
 * 2. otherwise HiGHS's branch and cut (cuts, strong branching, its own heuristics) solves the level's
 *    MIP, starting from the best packing known, so it never does worse than what it was given.
 * Reduced-cost fixing shrinks each MIP: once a level is proved (by the branch and bound before, or here),
 * its LP duals remove the groups that no packing reaching the proved value can use (on the hard 800-need
 * instance, a third of its largest part's groups at the positions level alone), and HiGHS gets a model
 * of the groups left (with the best packing's, always kept). Every packing at least as good as the best
 * one known stays in that model, so its optimum at a level is the part's.
 *
 * Pure: the caller passes a loaded HiGHS runtime (loading it reads a WebAssembly file, which the matcher
 * does not do). HiGHS runs synchronously; its interrupt callbacks read our clock, so the deadline holds.
 *
 * What a proof means: the LP step's proofs are ours (the bound is recomputed with our margins, valid for
 * any multipliers). A MIP level is proved on HiGHS's word: status "optimal" with a zero relative gap and
 * an absolute gap of 0.5 on an objective whose values are integers (positions, hundredths of an hour,
 * GE positions, millimetres), i.e. within HiGHS's floating-point tolerances (1e-6 on feasibility). The
 * packing itself is checked here with integer arithmetic (disjoint groups, its score recomputed).
 */
import type { Model } from 'highs';
import { fixBelowProved } from './fixing';
import type { GroupSet } from './groups';
import { Lagrangian } from './lagrange';
import { LpRelaxation } from './lp-bound';
import { branchAndBound, type Packing, type PackLimits } from './pack';
import { compareScores } from './score';
import { initState, type PackProblem, scoreOf } from './state';
import { restrictGroups, supportSearch } from './support';
import type { HighsRuntime, Score } from './types';

/** Margins of the LP bound's proof, as in bounds.ts and fixing.ts. */
const EPS = 1e-6;
const TRAVEL_EPS = 1e-3;

/**
 * HiGHS's options for a level's MIP, measured on the hard parts (the five largest of the hard 800-need
 * instances, eight seeds each). Presolve is off: on these models it cost more than it saved (a dense
 * 150-need part: 5.5 s against 8 s CPU to the proof). The primal heuristics that run sub-MIPs (RINS,
 * RENS, root reduced cost) and feasibility jump are off: the LP step's support search finds the
 * packings, and at the hours level, where the time goes, the work is the proof (cuts and branching);
 * with them, 37 % more CPU on those parts (18.3 s against 13.4 s over three seeds).
 */
const MIP_OPTIONS = {
  presolve: 'off',
  mip_heuristic_run_rins: false,
  mip_heuristic_run_rens: false,
  mip_heuristic_run_root_reduced_cost: false,
  mip_heuristic_run_feasibility_jump: false,
} as const;

/** Objective coefficients of each level, in the integer units of the score. */
function levelCosts(g: GroupSet, level: number): Float64Array {
  const count = g.start.length - 1;
  if (level === 0) return new Float64Array(count).fill(1);
  if (level === 1) return Float64Array.from(g.hours);
  if (level === 2) return Float64Array.from(g.ge);
  return Float64Array.from(g.travelMm);
}

function levelValue(s: Score, level: number): number {
  return [s.count, s.hours, s.ge, s.travelMm][level];
}

/** A 0/1 vector as the chosen group indices, or null when it is not a packing (disjoint groups). */
function packingOf(g: GroupSet, n: number, x: ArrayLike<number>): number[] | null {
  const used = new Uint8Array(n);
  const chosen: number[] = [];
  for (let i = 0; i + 1 < g.start.length; i++) {
    if (!(x[i] > 0.5)) continue;
    for (let k = g.start[i]; k < g.start[i + 1]; k++) {
      if (used[g.members[k]]) return null;
      used[g.members[k]] = 1;
    }
    chosen.push(i);
  }
  return chosen;
}

function buildModel(highs: HighsRuntime, pb: PackProblem): Model {
  const g = pb.groups;
  const count = g.start.length - 1;
  return highs.createModel({
    numCols: count,
    numRows: pb.n,
    sense: highs.constants.objectiveSense.maximize,
    colCost: levelCosts(g, 0),
    colLower: new Float64Array(count),
    colUpper: new Float64Array(count).fill(1),
    rowLower: new Float64Array(pb.n).fill(-highs.infinity),
    rowUpper: new Float64Array(pb.n).fill(1),
    matrix: {
      format: 'csc',
      numRows: pb.n,
      numCols: count,
      starts: Int32Array.from(g.start),
      indices: Int32Array.from(g.members),
      values: new Float64Array(g.members.length).fill(1),
    },
    integrality: new Int32Array(count).fill(highs.constants.variableType.integer),
  });
}

/** Adds the row "level `level`'s objective = value" (later levels keep this one at its optimum). */
function fixLevel(model: Model, costs: Float64Array, value: number): void {
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < costs.length; i++) {
    if (costs[i] !== 0) {
      indices.push(i);
      values.push(costs[i]);
    }
  }
  model.addRow(value, value, { indices: Int32Array.from(indices), values: Float64Array.from(values) });
}

/**
 * Solves one part with HiGHS, starting from `incumbent` (group indices), whose first `provedLevels`
 * levels are already proved optimal (by the branch and bound). Returns the best packing known (never
 * worse than the incumbent), proved when every level ended optimal before the deadline.
 */
export function lpPack(
  highs: HighsRuntime,
  pb: PackProblem,
  incumbent: number[],
  limits: PackLimits,
  provedLevels = 0,
  /** Tests turn steps off to check the others alone: the LP step, or its support search. */
  steps: { lpStep?: boolean; supportSearch?: boolean } = {},
): Packing {
  const { lpStep = true, supportSearch: searchSupport = true } = steps;
  const g = pb.groups;
  const count = g.start.length - 1;
  let best = [...incumbent];
  let bestScore = scoreOf(g, best);
  if (count === 0) return { groups: best, score: bestScore, proved: true, nodes: 0, provedLevels: 4 };
  const stop = () => limits.now() > limits.deadline;
  const interrupt = (event: { interrupt(): void }): undefined => {
    if (stop()) event.interrupt();
  };
  const { callbackType, modelStatus, objectiveSense } = highs.constants;
  const keep = (found: number[] | null) => {
    if (!found) return;
    const score = scoreOf(g, found);
    if (compareScores(score, bestScore) > 0) {
      best = found;
      bestScore = score;
    }
  };

  // The LP of a level: its bound, recomputed by the Lagrangian from the duals (then valid whatever their
  // accuracy), after searching the support of its optimum when asked. Remembered for the fixing below.
  const relaxation = new LpRelaxation(highs, pb);
  const state = initState(pb);
  const lag = new Lagrangian(state, limits);
  let lastLp: { level: number; rows: number[]; bound: number } | undefined;
  const lpBound = (level: number, rows: number[], search: boolean): number | undefined => {
    const targets = rows.map((k) => levelValue(bestScore, k));
    const m = relaxation.solve(state, level, rows, targets, limits);
    if (!m) return undefined;
    if (search) keep(supportSearch(pb, m.x, best, limits, branchAndBound));
    lag.seed(level, m.lambda, m.mu);
    const bound = lag.bound(level, rows, targets, Number.NEGATIVE_INFINITY, 1);
    lastLp = { level, rows: [...rows], bound };
    return bound;
  };
  const lpProves = (level: number, rows: number[]): boolean => {
    const bound = lpBound(level, rows, searchSupport);
    if (bound === undefined) return false;
    return level < 3
      ? Math.floor(bound + EPS) <= levelValue(bestScore, level)
      : -bound > bestScore.travelMm - 1 + TRAVEL_EPS;
  };
  // Once a level is proved at the best packing's value, its LP duals fix out the groups below (fixing.ts).
  const fixProved = (level: number) => {
    if (!lastLp || lastLp.level !== level || level === 3) return;
    fixBelowProved(state, lag, { ...lastLp, value: levelValue(bestScore, level) }, new Set(best));
  };

  // HiGHS's MIP of a level over the groups not fixed out (and the best packing's), the levels above held
  // at their proved values; returns whether it ended optimal, keeping the packing it found if better.
  const solveMip = (level: number, rows: number[]): boolean => {
    const inBest = new Set(best);
    const ids: number[] = [];
    for (let i = 0; i < count; i++) if (state.blocked[i] === 0 || inBest.has(i)) ids.push(i);
    const sub = restrictGroups(g, ids);
    const model = buildModel(highs, { ...pb, groups: sub });
    try {
      model.options.set({
        output_flag: false,
        mip_rel_gap: 0,
        mip_abs_gap: 0.5,
        random_seed: 0,
        ...MIP_OPTIONS,
      });
      for (const k of rows) fixLevel(model, levelCosts(sub, k), levelValue(bestScore, k));
      model.changeColsCost({ kind: 'range', from: 0, to: ids.length - 1 }, levelCosts(sub, level));
      if (level === 3) model.changeObjectiveSense(objectiveSense.minimize);
      model.setSolution({ colValue: Float64Array.from(ids, (i) => (inBest.has(i) ? 1 : 0)) });
      // A backstop for the callbacks.
      const left = Math.max(0.001, (limits.deadline - limits.now()) / 1000);
      model.options.set({ time_limit: Math.min(left, 1e7) });
      model.run({ [callbackType.mipInterrupt]: interrupt, [callbackType.simplexInterrupt]: interrupt });
      const status = model.getModelStatus();
      const x = new Float64Array(count);
      model.getSolution().colValue.forEach((v, k) => {
        x[ids[k]] = v;
      });
      const found = packingOf(g, pb.n, x);
      keep(found);
      // Optimal at this level: the best packing known reaches HiGHS's optimum (the levels below may
      // differ between the two, and the best one is kept).
      return (
        status === modelStatus.optimal &&
        found !== null &&
        levelValue(scoreOf(g, found), level) === levelValue(bestScore, level)
      );
    } finally {
      model.dispose();
    }
  };

  let proved = true;
  let levels = provedLevels;
  try {
    const fixedHours = pb.minHours === pb.maxHours;
    const rows: number[] = [];
    for (let level = 0; level < 4; level++) {
      if (level === 1 && fixedHours) continue; // the hours follow from the positions
      if (level >= provedLevels && stop()) {
        proved = false;
        break;
      }
      let proof = true;
      // A level the branch and bound proved still gets its LP, whose duals fix groups out below.
      if (level < provedLevels) {
        if (lpStep) lpBound(level, rows, false);
      } else proof = (lpStep && lpProves(level, rows)) || solveMip(level, rows);
      if (!proof) {
        proved = false;
        break;
      }
      // Later levels keep this one at its optimum, over the groups that can reach it.
      levels = level + 1;
      fixProved(level);
      rows.push(level);
    }
  } finally {
    relaxation.dispose();
  }
  return {
    groups: best.sort((a, b) => a - b),
    score: bestScore,
    proved,
    nodes: 0,
    provedLevels: proved ? 4 : levels,
  };
}
