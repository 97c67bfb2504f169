/**
 * Figures of docs/scheduling.md: how far the exact search proves optimality, and how long sessions of
 * growing size take, with the default limits. Run: npx tsx tests/scheduling/figures.ts
 */
import { availableParallelism, loadavg } from 'node:os';
import { DEFAULT_SEARCH_WORK, DEFAULT_TIME_LIMIT_MS, schedule } from '../../server/scheduling';
import { largeSession } from './instances';

const sizes = [
  { participants: 8, meetings: 10, slots: 6, tables: 3 },
  { participants: 12, meetings: 20, slots: 8, tables: 4 },
  { participants: 16, meetings: 30, slots: 8, tables: 5 },
  { participants: 20, meetings: 40, slots: 8, tables: 6 },
  { participants: 30, meetings: 80, slots: 10, tables: 10 },
  { participants: 60, meetings: 200, slots: 12, tables: 20 },
  { participants: 100, meetings: 400, slots: 16, tables: 30 },
];
const seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
// CPU time of this process: the development machine's two cores are shared, so wall time says little.
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

schedule(largeSession({ ...sizes[5], seed: 99 })); // warm-up
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${availableParallelism()} cores`,
);
console.log(
  `default limits: ${DEFAULT_SEARCH_WORK} / (free meetings × slots) nodes, ${DEFAULT_TIME_LIMIT_MS} ms; ${seeds.length} seeds per row`,
);
console.log(
  '| participants | meetings | slots | tables | proved optimal | scheduled (of asked) | waiting gaps | stopped by the clock | median nodes | median CPU ms | max CPU ms |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const size of sizes) {
  const runs = seeds.map((seed) => {
    const input = largeSession({ ...size, seed });
    const cpu = process.cpuUsage();
    const plan = schedule(input);
    const used = process.cpuUsage(cpu);
    return { plan, ms: (used.user + used.system) / 1000 };
  });
  const proved = runs.filter((r) => r.plan.stats.provedOptimal).length;
  const scheduled = median(runs.map((r) => r.plan.stats.scheduled));
  const gaps = median(runs.map((r) => r.plan.stats.waitingGaps));
  const clock = runs.filter((r) => r.plan.stats.stoppedBy === 'timeLimit').length;
  const nodes = median(runs.map((r) => r.plan.stats.nodes));
  const ms = runs.map((r) => r.ms);
  console.log(
    `| ${size.participants} | ${size.meetings} | ${size.slots} | ${size.tables} | ${proved}/${seeds.length} | ${scheduled} (${size.meetings}) | ${gaps} | ${clock} | ${nodes} | ${median(ms).toFixed(0)} | ${Math.max(...ms).toFixed(0)} |`,
  );
}
