/**
 * Matcher benchmark: generated instances (scripts/bench/matching/generate.ts) of 50 to 5,000 needs, plus
 * dense stress instances (one town, one role); for each, the matcher beside a generic MIP solver (HiGHS)
 * and a greedy packing on the same enumeration of feasible groups, all in the same run.
 */
import { type Instance, type MatchResult, match, solvePositions } from '../../../server/matching';
import {
  type Enumerated,
  enumerate,
  greedyBaseline,
  highsBaseline,
  positionsBound,
} from '../matching/baselines';
import { type GenerateOptions, generateInstance } from '../matching/generate';
import { type BenchSection, fmt, median } from '../types';

interface Case {
  label: string;
  options: GenerateOptions;
  runs: number;
}

const CASES: Case[] = [
  ...[1, 2, 3].map((seed) => ({ label: `50 needs, seed ${seed}`, options: { size: 50, seed }, runs: 5 })),
  ...[1, 2, 3].map((seed) => ({ label: `200 needs, seed ${seed}`, options: { size: 200, seed }, runs: 5 })),
  ...[1, 2, 3].map((seed) => ({
    label: `1,000 needs, seed ${seed}`,
    options: { size: 1000, seed },
    runs: 3,
  })),
  { label: '1,000 needs, 32–35 h', options: { size: 1000, seed: 4, minHours: 32, maxHours: 35 }, runs: 3 },
  { label: '5,000 needs, seed 1', options: { size: 5000, seed: 1 }, runs: 1 },
  { label: 'dense: 60 needs, 1 town, 1 role', options: { size: 60, seed: 1, towns: 1, roles: 1 }, runs: 3 },
  { label: 'dense: 100 needs, 1 town, 1 role', options: { size: 100, seed: 1, towns: 1, roles: 1 }, runs: 1 },
  { label: 'dense: 150 needs, 1 town, 1 role', options: { size: 150, seed: 1, towns: 1, roles: 1 }, runs: 1 },
];

const HIGHS_LIMIT_MS = 60_000;

interface Objective {
  count: number;
  hours: number;
  ge: number;
  travelMm: number;
}

function objectiveOf(r: MatchResult): Objective {
  return {
    count: r.positions.length,
    hours: r.positions.reduce((s, p) => s + Math.round(p.hours * 100), 0),
    ge: r.positions.filter((p) => p.geId !== null).length,
    travelMm: r.positions.reduce((s, p) => s + Math.round(p.maxDistanceKm * 1e6), 0),
  };
}

const show = (o: Objective) =>
  `${o.count} / ${fmt(o.hours / 100, 0)} h / ${o.ge} / ${fmt(o.travelMm / 1e6, 1)} km`;

/** Equal objectives; travel within 1 m in all (the matcher prints distances to the metre). */
const same = (a: Objective, b: Objective, positions: number) =>
  a.count === b.count &&
  a.hours === b.hours &&
  a.ge === b.ge &&
  Math.abs(a.travelMm - b.travelMm) <= 1000 * (positions + 1);

/** Medians of `match()` (positions and partials) and of `solvePositions()` (what HiGHS is compared with). */
function runMatcher(
  instance: Instance,
  runs: number,
): { ms: number; positionsMs: number; result: MatchResult } {
  const times: number[] = [];
  const positionTimes: number[] = [];
  let result: MatchResult | undefined;
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now();
    result = match(instance, { timeLimitMs: 10_000 });
    times.push(performance.now() - t0);
    t0 = performance.now();
    solvePositions(instance, { timeLimitMs: 10_000 });
    positionTimes.push(performance.now() - t0);
  }
  return { ms: median(times), positionsMs: median(positionTimes), result: result as MatchResult };
}

export default async function matchingSuite(): Promise<BenchSection> {
  // Warm the JIT on a small instance first so that the first case is not charged for it.
  match(generateInstance({ size: 200, seed: 99 }));
  const rows: string[] = [];
  const notes: string[] = [];
  for (const c of CASES) {
    const instance = generateInstance(c.options);
    const m = runMatcher(instance, c.runs);
    const mo = objectiveOf(m.result);
    const e: Enumerated = enumerate(instance);
    const bound = m.result.stats.provedOptimal ? mo.count : positionsBound(e);
    const greedy = greedyBaseline(e);
    const highs = await highsBaseline(e, HIGHS_LIMIT_MS);
    const highsSame = same(mo, highs.score, mo.count);
    const greedyScore = greedy.score;
    rows.push(
      [
        c.label,
        fmt(e.groupCount, 0),
        `${fmt(m.ms, 0)} ms`,
        `${fmt(m.positionsMs, 0)} ms`,
        m.result.stats.provedOptimal ? 'yes' : `no (bound ${bound})`,
        show(mo),
        `${fmt(highs.ms, 0)} ms`,
        highs.proved ? 'yes' : `no: ${highs.statuses.at(-1)}`,
        highsSame ? 'equal' : `HiGHS ${show(highs.score)}`,
        `×${fmt(highs.ms / Math.max(m.positionsMs, 0.1), 1)}`,
        `${show(greedyScore)} (${fmt(greedy.ms, 0)} ms)`,
      ].join(' | '),
    );
    console.log(
      `  ${c.label}: matcher ${fmt(m.ms, 0)} ms, HiGHS ${fmt(highs.ms, 0)} ms ${highs.statuses.join(',')}`,
    );
    if (!highsSame && highs.proved && m.result.stats.provedOptimal)
      notes.push(`- **${c.label}: the matcher and a proved HiGHS disagree.** This is a bug.`);
  }
  const markdown = [
    "Instances from `scripts/bench/matching/generate.ts` (seeded; towns, ROME codes, hours, slots and GEs as described there). Matcher: `match()` with the default 10 s limit, partials included, and `solvePositions()` (the positions alone, the same work as HiGHS), medians of several runs for the small cases; *bound* is the sum of the parts' root Lagrangian bounds on positions. HiGHS: the same set-packing model over the matcher's enumeration of feasible groups, solved as four sequential MIPs (positions, then hours, then common-GE positions, then travel) with zero gap and a 60 s limit meant for all four (the WebAssembly build overshoots it on the largest model); its time includes the shared enumeration, as the matcher's does. Greedy: the same groups, fewest needs first, then most hours, GE, least travel.",
    '',
    'Objective: positions / hours / positions with a common GE / total travel.',
    '',
    '| instance | groups | matcher (with partials) | matcher, positions only | proved | matcher objective | HiGHS | HiGHS proved | vs HiGHS | HiGHS time ÷ matcher positions | greedy (time) |',
    '|---|---:|---:|---:|---|---|---:|---|---|---:|---|',
    ...rows.map((r) => `| ${r} |`),
    '',
    ...notes,
    'Reproduce: `npx tsx scripts/bench/index.ts matching` (or `npm run bench -- matching`).',
  ];
  return { key: 'matching', title: 'Matcher', markdown: markdown.join('\n') };
}
