/**
 * Property suite: on random small instances (≤ 12 needs), the matcher's result is valid (independent
 * validator), proved optimal, and has the same objective as the brute-force twin; without HiGHS (the
 * branch and bound alone) and with it (the portfolio of pack-parts.ts).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHighs } from '../../server/compositions/highs-runtime';
import { type HighsRuntime, match } from '../../server/matching';
import { denseArb, instanceArb } from './arbitraries';
import { bruteForce } from './brute-force';
import { sameObjective, validate } from './validator';

let highs: HighsRuntime | undefined;
beforeAll(async () => {
  highs = await loadHighs();
});

// The time limits only turn a hang into a clear failure before the test's timeout: an interrupted
// property fails (markInterruptAsFailure is set for every property in tests/support/setup.ts), so a
// loaded machine cannot pass with fewer runs.
describe('matcher against its brute-force twin', () => {
  it('also on dense instances (one role, all within reach)', () => {
    fc.assert(
      fc.property(denseArb, (inst) => {
        const result = match(inst, { timeLimitMs: 5_000 });
        const got = validate(inst, result);
        const want = bruteForce(inst);
        expect(result.stats.provedOptimal).toBe(true);
        expect(sameObjective(got, want), `got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`).toBe(
          true,
        );
      }),
      { numRuns: 150, seed: 35, interruptAfterTimeLimit: 20_000, markInterruptAsFailure: true },
    );
  });

  it('finds a valid result with the optimal objective, proved', () => {
    fc.assert(
      fc.property(instanceArb, (inst) => {
        const result = match(inst, { timeLimitMs: 5_000 });
        const got = validate(inst, result);
        const want = bruteForce(inst);
        expect(result.stats.provedOptimal).toBe(true);
        expect(sameObjective(got, want), `got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`).toBe(
          true,
        );
      }),
      { numRuns: 600, seed: 20_270_104, interruptAfterTimeLimit: 25_000, markInterruptAsFailure: true },
    );
  });

  it('with HiGHS, as the worker and the CLI run it', () => {
    expect(highs).toBeDefined();
    fc.assert(
      fc.property(fc.oneof(instanceArb, denseArb), (inst) => {
        const result = match(inst, { timeLimitMs: 5_000, highs });
        const got = validate(inst, result);
        const want = bruteForce(inst);
        expect(result.stats.provedOptimal).toBe(true);
        expect(sameObjective(got, want), `got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`).toBe(
          true,
        );
      }),
      { numRuns: 300, seed: 2_027_016, interruptAfterTimeLimit: 10_000 },
    );
  });
});
