/**
 * Where the CPU time goes during a load phase, from /proc (Linux): per group of processes (each app
 * instance with its children, Meilisearch, the PostgreSQL backends serving the benchmark's database,
 * this process: autocannon) and for the whole machine (/proc/stat), so that what other work took shows.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { processTreeCpuMs } from '../server';

/** USER_HZ: 100 on every Linux we run on. */
const TICK_MS = 10;

function processCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** CPU time so far of every process whose command line matches (a process gone meanwhile counts 0). */
function matchingCpuMs(match: (cmdline: string) => boolean): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (match(cmdline)) out.set(Number(entry), processCpuMs(Number(entry)));
    } catch {
      // ended while we read
    }
  }
  return out;
}

/** Busy and total CPU time of the machine so far (all cores), from the first line of /proc/stat. */
function machineMs(): { busy: number; total: number } {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = ticks;
  const busy = user + nice + system + irq + softirq + (steal ?? 0);
  return { busy: busy * TICK_MS, total: (busy + idle + iowait) * TICK_MS };
}

export interface CpuGroups {
  /** Pids of the app instances (`node scripts/start.mjs`), their children counted with them. */
  instances: number[];
  /** Matches Meilisearch's command line. */
  meili: (cmdline: string) => boolean;
  /** Matches the PostgreSQL backends of the benchmark's database (`postgres: user db addr …`). */
  postgres: (cmdline: string) => boolean;
}

export interface CpuSplit {
  wallMs: number;
  /** CPU time (ms) during the phase, per group. */
  instances: number[];
  meili: number;
  postgres: number;
  bench: number;
  /** Busy time of the machine not in any group above (other users, the kernel, PostgreSQL's own workers). */
  other: number;
  /** All cores' time during the phase. */
  capacity: number;
}

function sumDelta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

/** Runs `phase` and says where the machine's CPU time went meanwhile. */
export async function measureCpu<T>(groups: CpuGroups, phase: () => Promise<T>): Promise<[T, CpuSplit]> {
  const snapshot = () => ({
    at: performance.now(),
    instances: groups.instances.map((pid) => processTreeCpuMs(pid, /meilisearch/)),
    meili: matchingCpuMs(groups.meili),
    postgres: matchingCpuMs(groups.postgres),
    bench: process.cpuUsage(),
    machine: machineMs(),
  });
  const before = snapshot();
  const result = await phase();
  const after = snapshot();
  const benchUsage = process.cpuUsage(before.bench);
  const split: CpuSplit = {
    wallMs: after.at - before.at,
    instances: after.instances.map((ms, i) => ms - before.instances[i]),
    meili: sumDelta(before.meili, after.meili),
    postgres: sumDelta(before.postgres, after.postgres),
    bench: (benchUsage.user + benchUsage.system) / 1000,
    other: 0,
    capacity: after.machine.total - before.machine.total,
  };
  const ours = split.instances.reduce((a, b) => a + b, 0) + split.meili + split.postgres + split.bench;
  split.other = Math.max(0, after.machine.busy - before.machine.busy - ours);
  return [result, split];
}
