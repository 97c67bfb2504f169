/**
 * Reduced-cost fixing below a proved level (fixing.ts fixBelowProved, used by lp-pack.ts before HiGHS's
 * MIP): on random small parts, every packing of the part is listed; level by level, as lp-pack.ts does,
 * the LP duals of the level (with the levels above held at their optimal values) fix groups out against
 * the level's optimal value, and no packing reaching the optimal values of the levels so far may lose a
 * group. The removals must also happen (a check that fixes nothing would pass trivially).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHighs } from '../../server/compositions/highs-runtime';
import type { HighsRuntime, Instance, Score } from '../../server/matching';
import { buildComponents, splitByGroups } from '../../server/matching/components';
import { fixBelowProved } from '../../server/matching/fixing';
import { enumerateGroups } from '../../server/matching/groups';
import { Lagrangian } from '../../server/matching/lagrange';
import { LpRelaxation } from '../../server/matching/lp-bound';
import type { PackProblem } from '../../server/matching/pack';
import { prepare } from '../../server/matching/prepare';
import { initState, scoreOf } from '../../server/matching/state';
import { denseArb, instanceArb } from './arbitraries';

let highs: HighsRuntime;
beforeAll(async () => {
  highs = (await loadHighs()) as HighsRuntime;
  expect(highs).toBeDefined();
});

const now = () => performance.now();
const clock = { deadline: Number.POSITIVE_INFINITY, now };

function problems(inst: Instance): PackProblem[] {
  const p = prepare(inst);
  return buildComponents(p, clock).list.flatMap((c) =>
    splitByGroups(
      c,
      enumerateGroups(p, c, { ...clock, maxGroups: 1e6, minHours: p.minHours, maxHours: p.maxHours }),
    ).map((sub) => ({
      n: sub.needs.length,
      hours: sub.needs.map((i) => p.needs[i].hours),
      groups: sub.groups,
      minHours: p.minHours,
      maxHours: p.maxHours,
    })),
  );
}

/** Every packing of the part (each need in at most one group), as group lists. */
function allPackings(pb: PackProblem): number[][] {
  const g = pb.groups;
  const byFirst: number[][] = Array.from({ length: pb.n }, () => []);
  for (let i = 0; i + 1 < g.start.length; i++) byFirst[g.members[g.start[i]]].push(i);
  const used = new Uint8Array(pb.n);
  const out: number[][] = [];
  const chosen: number[] = [];
  const visit = (v: number) => {
    if (v === pb.n) {
      out.push([...chosen]);
      return;
    }
    visit(v + 1);
    if (used[v]) return;
    for (const i of byFirst[v]) {
      const members = g.members.slice(g.start[i], g.start[i + 1]);
      if (members.some((m) => used[m])) continue;
      for (const m of members) used[m] = 1;
      chosen.push(i);
      visit(v + 1);
      chosen.pop();
      for (const m of members) used[m] = 0;
    }
  };
  visit(0);
  return out;
}

const valueAt = (s: Score, level: number) => [s.count, s.hours, s.ge][level];

let removedInAll = 0;

describe('reduced-cost fixing below a proved level', () => {
  it('never removes a group of a packing that reaches the proved values', () => {
    fc.assert(
      fc.property(fc.oneof(instanceArb, denseArb), (inst) => {
        for (const pb of problems(inst)) {
          if (pb.n > 10) continue; // the list of packings stays small
          const packings = allPackings(pb).map((groups) => ({ groups, score: scoreOf(pb.groups, groups) }));
          const s = initState(pb);
          const lag = new Lagrangian(s, clock);
          const relaxation = new LpRelaxation(highs, pb);
          try {
            const rows: number[] = [];
            let reaching = packings;
            for (const level of [0, 1, 2]) {
              if (level === 1 && pb.minHours === pb.maxHours) continue; // as lp-pack.ts: hours follow
              const best = Math.max(...reaching.map((x) => valueAt(x.score, level)));
              reaching = reaching.filter((x) => valueAt(x.score, level) === best);
              const targets = rows.map((k) => valueAt(reaching[0].score, k));
              const m = relaxation.solve(s, level, rows, targets, clock);
              expect(m).not.toBeNull();
              if (!m) return;
              lag.seed(level, m.lambda, m.mu);
              const bound = lag.bound(level, rows, targets, Number.NEGATIVE_INFINITY, 1);
              removedInAll += fixBelowProved(s, lag, { level, rows, bound, value: best }, new Set());
              for (const x of reaching) expect(x.groups.filter((i) => s.blocked[i] !== 0)).toEqual([]);
              rows.push(level);
            }
          } finally {
            relaxation.dispose();
          }
        }
      }),
      { numRuns: 200, seed: 1618, interruptAfterTimeLimit: 20_000 },
    );
    expect(removedInAll).toBeGreaterThan(0);
  });
});
