/**
 * Baselines for the matcher benchmark, both on the matcher's own enumeration of feasible groups:
 * - a generic MIP solver (HiGHS, WebAssembly build of the npm package `highs`) solving the set-packing
 *   model lexicographically, as four sequential solves (max positions; then max hours with the positions
 *   fixed; then max common-GE positions; then min travel), each with a zero optimality gap;
 * - the greedy packing that also seeds the matcher's branch and bound.
 */
import { buildComponents, type SubProblem, splitByGroups } from '../../../server/matching/components';
import { enumerateGroups } from '../../../server/matching/groups';
import { greedyPack, type PackProblem, positionBound, scoreOf } from '../../../server/matching/pack';
import { prepare } from '../../../server/matching/prepare';
import type { Instance, Score } from '../../../server/matching/types';

export interface Enumerated {
  subs: (SubProblem & { hours: number[] })[];
  minHours: number;
  maxHours: number;
  groupCount: number;
  complete: boolean;
  ms: number;
}

export function enumerate(instance: Instance, budgetMs = 60_000): Enumerated {
  const t0 = performance.now();
  const p = prepare(instance);
  const subs: Enumerated['subs'] = [];
  const built = buildComponents(p, { deadline: t0 + budgetMs, now: () => performance.now() });
  let complete = built.exact;
  for (const c of built.list) {
    const groups = enumerateGroups(p, c, {
      deadline: t0 + budgetMs,
      now: () => performance.now(),
      maxGroups: 1_500_000,
      minHours: p.minHours,
      maxHours: p.maxHours,
    });
    complete &&= groups.complete;
    for (const sub of splitByGroups(c, groups))
      subs.push({ ...sub, hours: sub.needs.map((i) => p.needs[i].hours) });
  }
  const groupCount = subs.reduce((s, x) => s + x.groups.hours.length, 0);
  return {
    subs,
    minHours: p.minHours,
    maxHours: p.maxHours,
    groupCount,
    complete,
    ms: performance.now() - t0,
  };
}

function problem(e: Enumerated, sub: Enumerated['subs'][number]): PackProblem {
  return {
    n: sub.needs.length,
    hours: sub.hours,
    groups: sub.groups,
    minHours: e.minHours,
    maxHours: e.maxHours,
  };
}

/** Upper bound on the number of positions: the sum of each part's root Lagrangian bound. */
export function positionsBound(e: Enumerated): number {
  return e.subs.reduce((s, sub) => s + positionBound(problem(e, sub)), 0);
}

export function greedyBaseline(e: Enumerated): { score: Score; ms: number } {
  const t0 = performance.now();
  const score: Score = { count: 0, hours: 0, ge: 0, travelMm: 0 };
  for (const sub of e.subs) {
    const s = scoreOf(sub.groups, greedyPack(problem(e, sub)));
    score.count += s.count;
    score.hours += s.hours;
    score.ge += s.ge;
    score.travelMm += s.travelMm;
  }
  return { score, ms: performance.now() - t0 + e.ms };
}

interface Highs {
  solve(
    model: string,
    options?: Record<string, unknown>,
  ): {
    Status: string;
    ObjectiveValue: number;
    Columns: Record<string, { Primal: number }>;
  };
}

let highs: Highs | undefined;
async function loadHighs(): Promise<Highs> {
  highs ??= (await (await import('highs')).default()) as unknown as Highs;
  return highs;
}

function sum(terms: string[]): string {
  const lines: string[] = [];
  for (let i = 0; i < terms.length; i += 12) lines.push(terms.slice(i, i + 12).join(' + '));
  return lines.join('\n + ') || '0 x0';
}

export interface HighsOutcome {
  score: Score;
  proved: boolean;
  statuses: string[];
  ms: number;
}

/** The lexicographic set-packing MIP over all groups of the instance, solved by HiGHS level by level. */
export async function highsBaseline(e: Enumerated, timeLimitMs: number): Promise<HighsOutcome> {
  const solver = await loadHighs();
  const t0 = performance.now();
  const hours: number[] = [];
  const ge: number[] = [];
  const km: number[] = [];
  const rows = new Map<string, string[]>();
  for (const [si, sub] of e.subs.entries()) {
    const g = sub.groups;
    for (let i = 0; i + 1 < g.start.length; i++) {
      const x = `x${hours.length}`;
      hours.push(g.hours[i]);
      ge.push(g.ge[i]);
      km.push(g.travelMm[i] / 1e6);
      for (let k = g.start[i]; k < g.start[i + 1]; k++) {
        const key = `${si}_${g.members[k]}`;
        const list = rows.get(key);
        if (list) list.push(x);
        else rows.set(key, [x]);
      }
    }
  }
  const n = hours.length;
  const vars = Array.from({ length: n }, (_, i) => `x${i}`);
  const packing = [...rows.entries()]
    .filter(([, xs]) => xs.length > 1)
    .map(([key, xs]) => ` p${key}: ${sum(xs)} <= 1`);
  const objectives = [
    vars.map((x) => `1 ${x}`),
    vars.map((x, i) => `${hours[i]} ${x}`),
    vars.map((x, i) => `${ge[i]} ${x}`),
    vars.map((x, i) => `${km[i]} ${x}`),
  ];
  const fixed: string[] = [];
  const statuses: string[] = [];
  let proved = true;
  let chosen: number[] = [];
  for (let level = 0; level < 4 && n > 0; level++) {
    const left = (timeLimitMs - (performance.now() - t0)) / 1000;
    if (left <= 0) {
      proved = false;
      statuses.push('not run (time)');
      break;
    }
    const model = [
      level === 3 ? 'Minimize' : 'Maximize',
      ` obj: ${sum(objectives[level])}`,
      'Subject To',
      ...packing,
      ...fixed,
      'Binary',
      ...Array.from({ length: Math.ceil(n / 20) }, (_, k) => ` ${vars.slice(k * 20, k * 20 + 20).join(' ')}`),
      'End',
    ].join('\n');
    const out = solver.solve(model, {
      time_limit: left,
      mip_rel_gap: 0,
      mip_abs_gap: level === 3 ? 1e-7 : 1e-6,
      output_flag: false,
      log_to_console: false,
    });
    statuses.push(out.Status);
    const values = vars.map((x) => out.Columns[x]?.Primal ?? 0);
    if (values.some((v) => v > 0.5) || level === 0) chosen = values.flatMap((v, i) => (v > 0.5 ? [i] : []));
    if (out.Status !== 'Optimal') {
      proved = false;
      break;
    }
    const value = chosen.reduce((s, i) => s + [1, hours[i], ge[i], 0][level], 0);
    if (level < 3) fixed.push(` f${level}: ${sum(objectives[level])} = ${value}`);
  }
  const score: Score = { count: 0, hours: 0, ge: 0, travelMm: 0 };
  for (const i of chosen) {
    score.count++;
    score.hours += hours[i];
    score.ge += ge[i];
    score.travelMm += Math.round(km[i] * 1e6);
  }
  return { score, proved, statuses, ms: performance.now() - t0 + e.ms };
}
