/** Known-answer cases: every rule of the contract on its own edge, ties, decimals, partials. */
import { describe, expect, it } from 'vitest';
import { type Instance, type MatchResult, match } from '../../server/matching';
import { makeInstance, makeNeed, north } from './factories';
import { validate } from './validator';

function run(inst: Instance): MatchResult {
  const result = match(inst, { timeLimitMs: 5_000 });
  validate(inst, result);
  return result;
}

const ids = (r: MatchResult) => r.positions.map((p) => p.needs.map((n) => n.id).sort());

describe('rule 3: hours within [minHours, maxHours]', () => {
  const pair = (a: number, b: number) => [
    makeNeed({ hours: a, slotsNeeded: 2 }),
    makeNeed({ hours: b, slotsNeeded: 2 }),
  ];
  it('accepts exactly minHours and exactly maxHours', () => {
    expect(run(makeInstance(pair(16, 16), { minHours: 32, maxHours: 35 })).positions).toHaveLength(1);
    expect(run(makeInstance(pair(17.5, 17.5), { minHours: 32, maxHours: 35 })).positions).toHaveLength(1);
  });
  it('rejects 0.01 h over maxHours and 0.01 h under minHours', () => {
    expect(run(makeInstance(pair(17.5, 17.51), { minHours: 32, maxHours: 35 })).positions).toHaveLength(0);
    expect(run(makeInstance(pair(16, 15.99), { minHours: 32, maxHours: 35 })).positions).toHaveLength(0);
  });
  it('adds decimal hours exactly: 12.8 + 19.6 + 2.6 = 35', () => {
    const needs = [12.8, 19.6, 2.6].map((hours) => makeNeed({ hours, slotsNeeded: 1 }));
    const r = run(makeInstance(needs));
    expect(r.positions).toHaveLength(1);
    expect(r.positions[0].hours).toBe(35);
  });
  it('reads 0.4 ETP as 14 h (0.4 × 35 is 14.000000000000002 in floating point)', () => {
    const r = run(makeInstance([makeNeed({ hours: 0.4 * 35 }), makeNeed({ hours: 0.6 * 35 })]));
    expect(r.positions).toHaveLength(1);
    expect(r.positions[0].hours).toBe(35);
  });
  it('prefers more hours when minHours < maxHours', () => {
    const a = makeNeed({ hours: 17.5, slotsNeeded: 2 });
    const b = makeNeed({ hours: 14.5, slotsNeeded: 2 });
    const c = makeNeed({ hours: 17.5, slotsNeeded: 2 });
    const r = run(makeInstance([a, b, c], { minHours: 32, maxHours: 35 }));
    expect(ids(r)).toEqual([[a.id, c.id].sort()]);
    expect(r.positions[0].hours).toBe(35);
  });
});

describe('rule 6: start window', () => {
  const pair = (start: string) => [makeNeed({ start: '2027-01-01' }), makeNeed({ start })];
  it('accepts starts exactly startWindowDays apart', () => {
    expect(run(makeInstance(pair('2027-04-03'), { window: 92 })).positions).toHaveLength(1);
  });
  it('rejects one day more', () => {
    expect(run(makeInstance(pair('2027-04-04'), { window: 92 })).positions).toHaveLength(0);
  });
});

describe('rule 5: reach', () => {
  it('accepts a pair exactly at the smaller maxTravelKm and rejects it just beyond', () => {
    const at = [makeNeed({ maxTravelKm: 50 }), makeNeed({ ...north(20), maxTravelKm: 20 })];
    expect(run(makeInstance(at)).positions).toHaveLength(1);
    const beyond = [makeNeed({ maxTravelKm: 50 }), makeNeed({ ...north(20.01), maxTravelKm: 20 })];
    expect(run(makeInstance(beyond)).positions).toHaveLength(0);
  });
  it('tightens to min(maxTravelKm) when a third need joins', () => {
    // a and b are 10 km apart; c sits between them, 5 km from each.
    const make = (cTravel: number) => [
      makeNeed({ hours: 14, maxTravelKm: 25 }),
      makeNeed({ ...north(10), hours: 14, maxTravelKm: 25 }),
      makeNeed({ ...north(5), hours: 7, maxTravelKm: cTravel }),
    ];
    expect(run(makeInstance(make(10))).positions).toHaveLength(1);
    // With c's reach at 8 km, a and b (10 km apart) can no longer share a position with c.
    expect(run(makeInstance(make(8))).positions).toHaveLength(0);
  });
  it('reports the largest pairwise distance', () => {
    const r = run(
      makeInstance([
        makeNeed({ hours: 14 }),
        makeNeed({ ...north(10), hours: 14 }),
        makeNeed({ ...north(5), hours: 7 }),
      ]),
    );
    expect(r.positions[0].maxDistanceKm).toBeCloseTo(10, 3);
  });
});

describe('rule 4: slots', () => {
  it('finds the only assignment of flexible slots', () => {
    // b can only take wed-am and thu-am, which pushes c (listed first on wed-am) to fri-am.
    const a = makeNeed({ hours: 14, slotsNeeded: 2, fixed: ['mon-am', 'tue-am'] });
    const c = makeNeed({ hours: 7, slotsNeeded: 1, allowedSlots: ['mon-am', 'wed-am', 'fri-am'] });
    const b = makeNeed({ hours: 14, slotsNeeded: 2, allowedSlots: ['mon-am', 'tue-am', 'wed-am', 'thu-am'] });
    const r = run(makeInstance([a, c, b]));
    expect(r.positions).toHaveLength(1);
    const slots = Object.fromEntries(r.positions[0].needs.map((n) => [n.id, n.slots]));
    expect(slots).toEqual({ [a.id]: ['mon-am', 'tue-am'], [b.id]: ['wed-am', 'thu-am'], [c.id]: ['fri-am'] });
  });
  it('needs no slot twice: two fixed needs on the same half-day cannot share a position', () => {
    const a = makeNeed({ hours: 17.5, slotsNeeded: 2, fixed: ['mon-am', 'tue-am'] });
    const b = makeNeed({ hours: 17.5, slotsNeeded: 2, fixed: ['tue-am', 'wed-am'] });
    expect(run(makeInstance([a, b])).positions).toHaveLength(0);
  });
  it('needs the free half-days of a flexible need to cover its slotsNeeded', () => {
    const a = makeNeed({ hours: 17.5, slotsNeeded: 2, fixed: ['mon-am', 'tue-am'] });
    const b = makeNeed({ hours: 17.5, slotsNeeded: 2, allowedSlots: ['mon-am', 'tue-am', 'wed-am'] });
    expect(run(makeInstance([a, b])).positions).toHaveLength(0);
    const c = makeNeed({
      hours: 17.5,
      slotsNeeded: 2,
      allowedSlots: ['mon-am', 'tue-am', 'wed-am', 'sat-pm'],
    });
    const r = run(makeInstance([a, c]));
    expect(r.positions[0].needs.find((n) => n.id === c.id)?.slots).toEqual(['wed-am', 'sat-pm']);
  });
});

describe('rule 1: organizations', () => {
  it('accepts two needs of one organization plus one of another', () => {
    const r = run(
      makeInstance([
        makeNeed({ org: 'a', hours: 14 }),
        makeNeed({ org: 'a', hours: 14 }),
        makeNeed({ org: 'b', hours: 7 }),
      ]),
    );
    expect(r.positions).toHaveLength(1);
    expect(r.positions[0].needs).toHaveLength(3);
  });
  it('rejects two needs of a single organization', () => {
    expect(run(makeInstance([makeNeed({ org: 'a' }), makeNeed({ org: 'a' })])).positions).toHaveLength(0);
  });
});

describe('rule 2: role', () => {
  it('never mixes roles', () => {
    expect(
      run(makeInstance([makeNeed({ role: 'M1203' }), makeNeed({ role: 'M1501' })])).positions,
    ).toHaveLength(0);
  });
});

describe('objective', () => {
  it('prefers more positions over more hours', () => {
    // Two pairs of 32 h beat one trio of 35 h that would use needs from both pairs.
    const n = [16, 16, 16, 16, 3].map((hours) => makeNeed({ hours, slotsNeeded: 2 }));
    const r = run(makeInstance(n, { minHours: 32, maxHours: 35 }));
    expect(r.positions).toHaveLength(2);
  });
  it('breaks ties by common GE, then by travel', () => {
    // Ids of their own: the positions come in id order, and generated ids ("n99", "n100") sort as text.
    const a = makeNeed({ id: 'na', org: 'a' });
    const b = makeNeed({ id: 'nb', org: 'b', ...north(1) });
    const c = makeNeed({ id: 'nc', org: 'c', ...north(2) });
    const d = makeNeed({ id: 'nd', org: 'd', ...north(3) });
    // Without GEs, the least travel pairs neighbours: {a,b} {c,d} (1 + 1 km).
    const plain = run(makeInstance([a, b, c, d]));
    expect(ids(plain)).toEqual([
      [a.id, b.id],
      [c.id, d.id],
    ]);
    // With a GE shared by a and c, and by b and d, the GE pairing wins despite more travel.
    const ges = { a: ['g1'], c: ['g1'], b: ['g2'], d: ['g2'] };
    const withGe = run(makeInstance([a, b, c, d], { ges }));
    expect(ids(withGe)).toEqual([
      [a.id, c.id],
      [b.id, d.id],
    ]);
    expect(withGe.positions.map((p) => p.geId)).toEqual(['g1', 'g2']);
    // One GE pair is enough to be preferred: {a,c} with g1, then {b,d} without.
    const one = run(makeInstance([a, b, c, d], { ges: { a: ['g1'], c: ['g1'] } }));
    expect(ids(one)).toEqual([
      [a.id, c.id],
      [b.id, d.id],
    ]);
  });
  it('sets geId to the smallest common GE, null when none', () => {
    const r = run(
      makeInstance([makeNeed({ org: 'a' }), makeNeed({ org: 'b' })], {
        ges: { a: ['g9', 'g3', 'g5'], b: ['g5', 'g9'] },
      }),
    );
    expect(r.positions[0].geId).toBe('g5');
    expect(run(makeInstance([makeNeed({ org: 'a' }), makeNeed({ org: 'b' })])).positions[0].geId).toBeNull();
  });
});

describe('partials and edges', () => {
  it('offers the near-complete groups left over, largest first, with free slots', () => {
    const a = makeNeed({ hours: 14, slotsNeeded: 4, fixed: ['mon-am', 'mon-pm', 'tue-am', 'tue-pm'] });
    const b = makeNeed({ hours: 14, slotsNeeded: 4, fixed: ['wed-am', 'wed-pm', 'thu-am', 'thu-pm'] });
    const r = run(makeInstance([a, b]));
    expect(r.positions).toHaveLength(0);
    expect(r.partials).toEqual([
      {
        needs: [
          { id: a.id, slots: ['mon-am', 'mon-pm', 'tue-am', 'tue-pm'] },
          { id: b.id, slots: ['wed-am', 'wed-pm', 'thu-am', 'thu-pm'] },
        ],
        hours: 28,
        missingHours: 7,
        freeSlots: ['fri-am', 'fri-pm', 'sat-am', 'sat-pm'],
      },
    ]);
  });
  it('answers an empty instance with an empty, proved result', () => {
    const r = run(makeInstance([]));
    expect(r).toMatchObject({ positions: [], partials: [], stats: { provedOptimal: true } });
  });
  it('is deterministic', () => {
    const needs = Array.from({ length: 12 }, (_, i) =>
      makeNeed({ org: `o${i % 4}`, hours: [7, 14, 21, 28][i % 4], ...north(i) }),
    );
    const inst = makeInstance(needs);
    const strip = (r: MatchResult) => ({ ...r, stats: { ...r.stats, elapsedMs: 0 } });
    expect(strip(run(inst))).toEqual(strip(run(inst)));
  });
});
