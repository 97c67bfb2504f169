/**
 * Scale: generated instances of the benchmark's kind; results stay valid and the time limit is kept (the
 * only timed assertions: the limit is the matcher's contract, checked with slack for a shared machine).
 */
import { describe, expect, it } from 'vitest';
import { generateInstance } from '../../scripts/bench/matching/generate';
import { match } from '../../server/matching';
import { validate } from './validator';

describe('scale', () => {
  // How fast is the benchmark's business (npm run bench -- matching); here, that it is proved at all.
  it('proves 200 generated needs optimal within the default limit', () => {
    const inst = generateInstance({ size: 200, seed: 7 });
    const result = match(inst, { timeLimitMs: 10_000 });
    validate(inst, result);
    expect(result.stats.provedOptimal).toBe(true);
  });

  it('returns a valid result for 5,000 needs within the time limit', () => {
    const inst = generateInstance({ size: 5_000, seed: 1 });
    const started = performance.now();
    const result = match(inst, { timeLimitMs: 3_000 });
    const elapsed = performance.now() - started;
    // Slack for a machine shared with other work (the last steps cannot stop half-way).
    expect(elapsed).toBeLessThan(3_000 + 2_000);
    expect(result.positions.length).toBeGreaterThan(500);
    validate(inst, result);
  });

  it('stops a dense component at a tiny time limit with the best found, not proved', () => {
    const inst = generateInstance({ size: 150, seed: 3, towns: 1, roles: 1 });
    const result = match(inst, { timeLimitMs: 100 });
    validate(inst, result);
    expect(result.stats.elapsedMs).toBeLessThan(1_000);
    expect(result.stats.provedOptimal).toBe(false);
    expect(result.positions.length).toBeGreaterThan(0);
  });

  it('slices a giant component (one town, one role) and still answers within the limit', () => {
    const inst = generateInstance({ size: 2_200, seed: 5, towns: 1, roles: 1 });
    const started = performance.now();
    const result = match(inst, { timeLimitMs: 3_000 });
    // Slack for a machine shared with other work (the last steps cannot stop half-way).
    expect(performance.now() - started).toBeLessThan(3_000 + 2_000);
    expect(result.stats.provedOptimal).toBe(false);
    expect(result.positions.length).toBeGreaterThan(0);
    validate(inst, result);
  });
});
