/**
 * The brute-force twin: a deliberately simple exhaustive solver for tiny instances (≤ 10 needs). It
 * tries every subset as a position (rule 4 by trying every slot choice) and every packing of those, and
 * returns the best objective. Shares no code with server/matching.
 */
import type { Instance } from '../../server/matching';
import { commonGes, distanceKm, maxPairKm, type Objective } from './validator';

function combinations<T>(items: T[], k: number): T[][] {
  if (k === 0) return [[]];
  if (items.length < k) return [];
  const [first, ...rest] = items;
  return [...combinations(rest, k - 1).map((c) => [first, ...c]), ...combinations(rest, k)];
}

function slotsFit(needs: Instance['needs'], used: Set<string> = new Set()): boolean {
  if (needs.length === 0) return true;
  const [n, ...rest] = needs;
  const free = n.allowedSlots.filter((s) => !used.has(s));
  return combinations(free, n.slotsNeeded).some((choice) => slotsFit(rest, new Set([...used, ...choice])));
}

export function feasiblePositions(inst: Instance): string[][] {
  const cents = (h: number) => Math.round(h * 100);
  const out: string[][] = [];
  const all = inst.needs;
  for (let mask = 1; mask < 1 << all.length; mask++) {
    const ns = all.filter((_, i) => mask & (1 << i));
    if (ns.length < 2 || new Set(ns.map((n) => n.organizationId)).size < 2) continue;
    if (new Set(ns.map((n) => n.role)).size !== 1) continue;
    const h = ns.reduce((s, n) => s + cents(n.hours), 0);
    if (h < cents(inst.fullTime.minHours) || h > cents(inst.fullTime.maxHours)) continue;
    const limit = Math.min(...ns.map((n) => n.maxTravelKm));
    let near = true;
    for (let a = 0; a < ns.length && near; a++)
      for (let b = a + 1; b < ns.length && near; b++) near = distanceKm(ns[a], ns[b]) <= limit + 1e-9;
    if (!near) continue;
    const ds = ns.map((n) => Date.parse(n.start) / 86_400_000);
    if (Math.max(...ds) - Math.min(...ds) > inst.startWindowDays) continue;
    if (!slotsFit(ns)) continue;
    out.push(ns.map((n) => n.id));
  }
  return out;
}

function better(a: Objective, b: Objective): boolean {
  if (a.count !== b.count) return a.count > b.count;
  if (a.hours !== b.hours) return a.hours > b.hours;
  if (a.ge !== b.ge) return a.ge > b.ge;
  return a.travelKm < b.travelKm - 1e-9;
}

export function bruteForce(inst: Instance): Objective {
  const groups = feasiblePositions(inst).map((ids) => ({
    ids,
    hours: ids.reduce((s, id) => s + Math.round((inst.needs.find((n) => n.id === id)?.hours ?? 0) * 100), 0),
    ge: commonGes(inst, ids).length > 0 ? 1 : 0,
    km: maxPairKm(inst, ids),
  }));
  let best: Objective = { count: 0, hours: 0, ge: 0, travelKm: 0 };
  const search = (from: number, used: Set<string>, acc: Objective) => {
    if (better(acc, best)) best = { ...acc };
    for (let i = from; i < groups.length; i++) {
      const g = groups[i];
      if (g.ids.some((id) => used.has(id))) continue;
      search(i + 1, new Set([...used, ...g.ids]), {
        count: acc.count + 1,
        hours: acc.hours + g.hours,
        ge: acc.ge + g.ge,
        travelKm: acc.travelKm + g.km,
      });
    }
  };
  search(0, new Set(), best);
  return best;
}
