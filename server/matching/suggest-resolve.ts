/**
 * Step 3 of the suggestions (suggest.ts): the incremental re-solve. With need v changed, only the part of
 * the changed instance that holds v can gain a position: the others are parts of the instance as it was.
 * That part is found in the components v touches once changed (its own and those of its new neighbours),
 * enumerated, and packed for the number of positions alone (hours, GE and travel set to zero, so the
 * search proves nothing it does not need), from the greedy packing, within a node budget. A packing of
 * the part with more positions than the result has there, beside the result's other positions, is a
 * packing of the changed instance with that many more: the proof a suggestion needs.
 */
import { buildComponents, pairCompatible, splitByGroups } from './components';
import { haversineKm } from './geo';
import { enumerateGroups, type GroupSet } from './groups';
import { LpRelaxation } from './lp-bound';
import { branchAndBound, greedyPack, type PackProblem, positionBound } from './pack';
import { type Prepared, prepare } from './prepare';
import { MAX_GROUPS_PER_COMPONENT } from './solve';
import { type Candidate, changedNeed, changeOf, subInstance } from './suggest-candidates';
import type { HighsRuntime, Instance } from './types';

/** Nodes a re-solve may visit: a part where the count is not settled by then is left unproved. */
const RESOLVE_NODES = 20_000;
/** Parts with fewer groups are settled by the Lagrangian at once: an LP model would cost more. */
const LP_MIN_GROUPS = 500;

export interface ResolveLimits {
  deadline: number;
  now: () => number;
  highs?: HighsRuntime;
}

export interface Resolved {
  /** The new position holding v, as instance indices. */
  members: number[];
  /** Positions gained over the result. */
  gained: number;
}

function countOnly(g: GroupSet): GroupSet {
  const zeros = () => new Array<number>(g.hours.length).fill(0);
  return { ...g, hours: zeros(), ge: zeros(), travelMm: zeros() };
}

export function resolver(
  instance: Instance,
  p: Prepared,
  positionOf: Int32Array,
  byRole: Map<string, number[]>,
  limits: ResolveLimits,
): (v: number, c: Candidate) => Resolved | null {
  const { deadline, now, highs } = limits;
  const components = buildComponents(p, { deadline, now }).list;
  const componentOf = new Int32Array(p.needs.length).fill(-1);
  components.forEach((comp, k) => {
    for (const i of comp.needs) componentOf[i] = k;
  });

  return (v, c) => {
    if (c.enabling.length === 0) return null;
    // The needs v touches once changed: its component and those of its new neighbours.
    const changed = changedNeed(p.needs[v], c.kind, c.value);
    const needs = new Set<number>([v]);
    const seen = new Set<number>();
    const touch = (i: number) => {
      const k = componentOf[i];
      if (k < 0) needs.add(i);
      else if (!seen.has(k)) {
        seen.add(k);
        for (const j of components[k].needs) needs.add(j);
      }
    };
    touch(v);
    for (const i of byRole.get(changed.role) ?? []) {
      const u = p.needs[i];
      if (i !== v && pairCompatible(p, changed, u, haversineKm(changed.lat, changed.lon, u.lat, u.lon)))
        touch(i);
    }
    const list = [...needs].sort((a, b) => a - b);
    const q = prepare(subInstance(instance, list, v, changeOf(instance.needs[v], c)));
    const local = list.indexOf(v);
    const component = buildComponents(q, { deadline, now }).list.find((comp) => comp.needs.includes(local));
    if (!component) return null;
    const groups = enumerateGroups(q, component, {
      deadline,
      now,
      maxGroups: MAX_GROUPS_PER_COMPONENT,
      minHours: q.minHours,
      maxHours: q.maxHours,
    });
    const part = splitByGroups(component, groups).find((sub) => sub.needs.includes(local));
    if (!part) return null;
    // The result's positions there: the part's packing replaces them.
    const current = new Set(
      part.needs.flatMap((k) => (positionOf[list[k]] >= 0 ? [positionOf[list[k]]] : [])),
    ).size;
    const pb: PackProblem = {
      n: part.needs.length,
      hours: part.needs.map((k) => q.needs[k].hours),
      groups: countOnly(part.groups),
      minHours: q.minHours,
      maxHours: q.maxHours,
    };
    if (now() > deadline) return null;
    // Most re-solves cannot gain: the root bound says so before any search.
    if (positionBound(pb) <= current) return null;
    const relaxation =
      highs && pb.groups.hours.length >= LP_MIN_GROUPS ? new LpRelaxation(highs, pb) : undefined;
    try {
      const packing = branchAndBound(pb, greedyPack(pb), {
        deadline,
        now,
        maxNodes: RESOLVE_NODES,
        relaxation,
      });
      if (packing.score.count <= current) return null;
      const g = part.groups;
      for (const i of packing.groups) {
        const members = g.members.slice(g.start[i], g.start[i + 1]).map((m) => list[part.needs[m]]);
        if (!members.includes(v)) continue;
        // The position must need the change (with v as it was it would be one already, and the gain would
        // come from elsewhere).
        const others = members.filter((m) => m !== v);
        const needsChange = c.enabling.some(
          (e) => e.members.length === others.length && e.members.every((m, k) => m === others[k]),
        );
        return needsChange ? { members, gained: packing.score.count - current } : null;
      }
      return null;
    } finally {
      relaxation?.dispose();
    }
  };
}
