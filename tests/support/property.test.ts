/** The suite's fast-check configuration (tests/support/setup.ts): an interrupted property fails. */
import fc from 'fast-check';
import { expect, it } from 'vitest';

it('fails a property interrupted by its time limit before its number of runs', () => {
  const slow = () => {
    const until = Date.now() + 5;
    while (Date.now() < until);
    return true;
  };
  expect(() =>
    fc.assert(fc.property(fc.nat(), slow), { numRuns: 1_000, interruptAfterTimeLimit: 20 }),
  ).toThrow(/Property interrupted after \d+ tests/);
});

it('passes a property that reaches its number of runs within its time limit', () => {
  let runs = 0;
  fc.assert(
    fc.property(fc.nat(), () => {
      runs++;
      return true;
    }),
    { numRuns: 200, interruptAfterTimeLimit: 10_000 },
  );
  expect(runs).toBe(200);
});
