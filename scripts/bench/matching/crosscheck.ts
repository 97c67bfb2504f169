/**
 * Cross-check of the matcher against HiGHS on generated instances too large for the brute-force twin
 * (40 to 80 needs, dense: one or two towns and roles, full time 30 to 35 h). Prints one line per
 * instance and exits 1 if both claim a proved optimum with different objectives.
 *
 * `npx tsx scripts/bench/matching/crosscheck.ts`
 */
import { match } from '../../../server/matching';
import { enumerate, highsBaseline } from './baselines';
import { generateInstance } from './generate';

const CASES: [size: number, towns: number, roles: number, minHours: number][] = [
  [40, 1, 1, 35],
  [50, 1, 2, 32],
  [60, 2, 1, 35],
  [45, 1, 1, 30],
  [70, 1, 2, 35],
  [80, 2, 2, 33],
];

async function main() {
  let contradictions = 0;
  for (const [size, towns, roles, minHours] of CASES) {
    for (const seed of [11, 12, 13]) {
      const instance = generateInstance({ size, seed, towns, roles, minHours, maxHours: 35 });
      const r = match(instance, { timeLimitMs: 10_000 });
      const mine = {
        count: r.positions.length,
        hours: r.positions.reduce((s, p) => s + Math.round(p.hours * 100), 0),
        ge: r.positions.filter((p) => p.geId !== null).length,
        travelMm: r.positions.reduce((s, p) => s + Math.round(p.maxDistanceKm * 1e6), 0),
      };
      const h = await highsBaseline(enumerate(instance), 60_000);
      // The output keeps distances to the metre: allow that much per position.
      const same =
        mine.count === h.score.count &&
        mine.hours === h.score.hours &&
        mine.ge === h.score.ge &&
        Math.abs(mine.travelMm - h.score.travelMm) <= 1000 * (mine.count + 1);
      if (!same && r.stats.provedOptimal && h.proved) contradictions++;
      console.log(
        `${size} needs, ${towns} town(s), ${roles} role(s), ${minHours}–35 h, seed ${seed}: matcher ${JSON.stringify(mine)} ` +
          `${r.stats.provedOptimal ? 'proved' : 'not proved'} ${r.stats.elapsedMs} ms | HiGHS ${JSON.stringify(h.score)} ` +
          `${h.proved ? 'proved' : 'not proved'} ${Math.round(h.ms)} ms | ${same ? 'same' : 'DIFFERENT'}`,
      );
    }
  }
  console.log(`contradictions: ${contradictions}`);
  process.exit(contradictions ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
