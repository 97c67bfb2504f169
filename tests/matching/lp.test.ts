/**
 * The LP path (lp-bound.ts, support.ts, lp-pack.ts) against the brute-force twin on random small
 * instances. Small parts are proved by the branch and bound alone in the normal portfolio, so each test
 * forces the path it checks: no branch-and-bound work before HiGHS, or HiGHS's MIP on every level with
 * no LP step. Every result must be valid, proved, and have the brute-force optimum; the LP bound must
 * never be below the optimum.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHighs } from '../../server/compositions/highs-runtime';
import type { HighsRuntime, Instance, MatchResult } from '../../server/matching';
import { buildComponents, type SubProblem, splitByGroups } from '../../server/matching/components';
import { enumerateGroups } from '../../server/matching/groups';
import { Lagrangian } from '../../server/matching/lagrange';
import { LpRelaxation } from '../../server/matching/lp-bound';
import { lpPack } from '../../server/matching/lp-pack';
import { greedyPack, type PackProblem } from '../../server/matching/pack';
import { packParts } from '../../server/matching/pack-parts';
import { type Prepared, prepare } from '../../server/matching/prepare';
import { toPosition } from '../../server/matching/result';
import { initState } from '../../server/matching/state';
import { denseArb, instanceArb } from './arbitraries';
import { bruteForce } from './brute-force';
import { sameObjective, validate } from './validator';

let highs: HighsRuntime;
beforeAll(async () => {
  highs = (await loadHighs()) as HighsRuntime;
  expect(highs).toBeDefined();
});

const now = () => performance.now();
const far = () => now() + 60_000;

function parts(inst: Instance): { p: Prepared; subs: SubProblem[] } {
  const p = prepare(inst);
  const subs = buildComponents(p, { deadline: far(), now }).list.flatMap((c) =>
    splitByGroups(
      c,
      enumerateGroups(p, c, {
        deadline: far(),
        now,
        maxGroups: 1e6,
        minHours: p.minHours,
        maxHours: p.maxHours,
      }),
    ),
  );
  return { p, subs };
}

function problemOf(p: Prepared, sub: SubProblem): PackProblem {
  const hours = sub.needs.map((i) => p.needs[i].hours);
  return { n: sub.needs.length, hours, groups: sub.groups, minHours: p.minHours, maxHours: p.maxHours };
}

function resultOf(p: Prepared, positions: number[][], proved: boolean): MatchResult {
  return {
    positions: positions.map((members) => toPosition(p, members)),
    partials: [],
    stats: { elapsedMs: 0, provedOptimal: proved },
  };
}

/** Every part through the portfolio with no branch-and-bound work: LP seeds, support, LP step, MIP. */
function lpPath(inst: Instance): MatchResult {
  const { p, subs } = parts(inst);
  const packed = packParts(p, subs, { deadline: far(), now, highs, branchAndBoundWork: 0 });
  return resultOf(p, packed.positions, packed.proved);
}

/** Every part through lpPack alone, from the greedy packing, with some of its steps. */
function lpPackPath(inst: Instance, steps: Parameters<typeof lpPack>[5]): MatchResult {
  const { p, subs } = parts(inst);
  const positions: number[][] = [];
  let proved = true;
  for (const sub of subs) {
    const pb = problemOf(p, sub);
    const packing = lpPack(highs, pb, greedyPack(pb), { deadline: far(), now }, 0, steps);
    proved &&= packing.proved;
    for (const i of packing.groups)
      positions.push(
        sub.groups.members.slice(sub.groups.start[i], sub.groups.start[i + 1]).map((m) => sub.needs[m]),
      );
  }
  return resultOf(p, positions, proved);
}

function matchesTwin(inst: Instance, result: MatchResult): void {
  const got = validate(inst, result);
  const want = bruteForce(inst);
  expect(result.stats.provedOptimal).toBe(true);
  expect(sameObjective(got, want), `got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`).toBe(true);
}

describe('the LP path against the brute-force twin', () => {
  it('portfolio with no branch-and-bound work: LP-seeded roots, support search, LP step, MIP', () => {
    fc.assert(
      fc.property(fc.oneof(instanceArb, denseArb), (inst) => matchesTwin(inst, lpPath(inst))),
      { numRuns: 200, seed: 16, interruptAfterTimeLimit: 15_000 },
    );
  });

  it('the LP step alone from the greedy packing: its proofs, else the MIP', () => {
    fc.assert(
      fc.property(fc.oneof(instanceArb, denseArb), (inst) =>
        matchesTwin(inst, lpPackPath(inst, { supportSearch: false })),
      ),
      { numRuns: 200, seed: 1617, interruptAfterTimeLimit: 15_000 },
    );
  });

  it("HiGHS's MIP alone on every level", () => {
    fc.assert(
      fc.property(fc.oneof(instanceArb, denseArb), (inst) =>
        matchesTwin(inst, lpPackPath(inst, { lpStep: false })),
      ),
      { numRuns: 200, seed: 1616, interruptAfterTimeLimit: 15_000 },
    );
  });

  it('never bounds the positions below the optimum (LP duals, recomputed by the Lagrangian)', () => {
    fc.assert(
      fc.property(fc.oneof(instanceArb, denseArb), (inst) => {
        const { p, subs } = parts(inst);
        let bound = 0;
        for (const sub of subs) {
          const pb = problemOf(p, sub);
          const s = initState(pb);
          const relaxation = new LpRelaxation(highs, pb);
          try {
            const m = relaxation.solve(s, 0, [], [], { deadline: far(), now });
            expect(m).not.toBeNull();
            const lag = new Lagrangian(s, { deadline: far(), now });
            lag.seed(0, m?.lambda ?? new Float64Array(pb.n), []);
            bound += Math.floor(lag.bound(0, [], [], Number.NEGATIVE_INFINITY, 1) + 1e-6);
          } finally {
            relaxation.dispose();
          }
        }
        expect(bound).toBeGreaterThanOrEqual(bruteForce(inst).count);
      }),
      { numRuns: 200, seed: 161, interruptAfterTimeLimit: 10_000 },
    );
  });
});
