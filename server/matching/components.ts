/**
 * Independent sub-problems. Two needs are compatible when they could sit in one position together
 * (same role, each within the other's reach, starts within the window, hours and slots fit as a pair).
 * Every feasible position is a clique of that graph, so its connected components can be solved apart.
 */
import { DISTANCE_EPSILON_KM, haversineKm } from './geo';
import type { GroupSet } from './groups';
import type { PNeed, Prepared } from './prepare';
import { popcount } from './slots';

const KM_PER_DEGREE_LAT = (Math.PI / 180) * 6371;

/**
 * Largest component kept whole (its n × n matrices take 9 n² bytes). A larger one is cut into slices
 * along latitude, losing the positions across slices: the result is then not proved optimal.
 */
export const MAX_COMPONENT = 2_000;

export interface Component {
  /** Instance indices of the needs, sorted by hours then index (the enumeration's order). */
  needs: number[];
  /** Local adjacency matrix (n × n) of pair compatibility. */
  adjacent: Uint8Array;
  /** Local distance matrix (n × n), in km. */
  distance: Float64Array;
}

export interface Components {
  list: Component[];
  /** False when the deadline cut the compatibility graph short or a giant component was sliced. */
  exact: boolean;
}

export interface ComponentLimits {
  deadline: number;
  now: () => number;
}

export function pairCompatible(p: Prepared, a: PNeed, b: PNeed, km: number): boolean {
  if (km > Math.min(a.travelKm, b.travelKm) + DISTANCE_EPSILON_KM) return false;
  if (Math.abs(a.day - b.day) > p.windowDays) return false;
  if (a.hours + b.hours > p.maxHours) return false;
  // Hall's condition for two needs: each fits alone, and both fit in the union of their slots.
  return (
    a.slotsNeeded <= popcount(a.allowed) &&
    b.slotsNeeded <= popcount(b.allowed) &&
    a.slotsNeeded + b.slotsNeeded <= popcount(a.allowed | b.allowed)
  );
}

class UnionFind {
  parent: Int32Array;
  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
  }
  find(x: number): number {
    let r = x;
    while (this.parent[r] !== r) r = this.parent[r];
    while (this.parent[x] !== r) {
      const next = this.parent[x];
      this.parent[x] = r;
      x = next;
    }
    return r;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/** Components with at least two needs, in a deterministic order (by their smallest need index). */
export function buildComponents(
  p: Prepared,
  limits: ComponentLimits,
  include: (n: PNeed) => boolean = () => true,
): Components {
  let exact = true;
  let pairs = 0;
  const byRole = new Map<string, PNeed[]>();
  for (const n of p.needs) {
    if (n.hours > p.maxHours || !include(n)) continue;
    const list = byRole.get(n.role);
    if (list) list.push(n);
    else byRole.set(n.role, [n]);
  }
  const uf = new UnionFind(p.needs.length);
  const hasEdge = new Uint8Array(p.needs.length);
  for (const list of byRole.values()) {
    list.sort((a, b) => a.lat - b.lat || a.index - b.index);
    for (let i = 0; i < list.length; i++) {
      const a = list[i];
      for (let j = i + 1; j < list.length; j++) {
        const b = list[j];
        if ((b.lat - a.lat) * KM_PER_DEGREE_LAT > a.travelKm + 1) break;
        if ((++pairs & 4095) === 0 && exact && limits.now() > limits.deadline) exact = false;
        if (!exact) break;
        if (uf.find(a.index) === uf.find(b.index)) continue;
        const km = haversineKm(a.lat, a.lon, b.lat, b.lon);
        if (pairCompatible(p, a, b, km)) {
          uf.union(a.index, b.index);
          hasEdge[a.index] = 1;
          hasEdge[b.index] = 1;
        }
      }
    }
  }
  const members = new Map<number, number[]>();
  for (const n of p.needs) {
    if (!hasEdge[n.index]) continue;
    const root = uf.find(n.index);
    const list = members.get(root);
    if (list) list.push(n.index);
    else members.set(root, [n.index]);
  }
  const list: Component[] = [];
  for (const group of [...members.values()].sort((a, b) => a[0] - b[0])) {
    if (group.length <= MAX_COMPONENT) {
      list.push(localize(p, group));
      continue;
    }
    exact = false;
    const byLat = [...group].sort((a, b) => p.needs[a].lat - p.needs[b].lat || a - b);
    for (let k = 0; k < byLat.length; k += MAX_COMPONENT)
      list.push(localize(p, byLat.slice(k, k + MAX_COMPONENT)));
  }
  return { list, exact };
}

function localize(p: Prepared, list: number[]): Component {
  const needs = [...list].sort((a, b) => p.needs[a].hours - p.needs[b].hours || a - b);
  const n = needs.length;
  const adjacent = new Uint8Array(n * n);
  const distance = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const a = p.needs[needs[i]];
    for (let j = i + 1; j < n; j++) {
      const b = p.needs[needs[j]];
      const km = haversineKm(a.lat, a.lon, b.lat, b.lon);
      distance[i * n + j] = km;
      distance[j * n + i] = km;
      if (pairCompatible(p, a, b, km)) {
        adjacent[i * n + j] = 1;
        adjacent[j * n + i] = 1;
      }
    }
  }
  return { needs, adjacent, distance };
}

export interface SubProblem {
  /** Instance indices of the needs. */
  needs: number[];
  groups: GroupSet;
}

/**
 * Splits a component by its groups: needs that share no group, directly or through others, are
 * independent. Needs in no group are dropped. Local indices are renumbered in each part.
 */
export function splitByGroups(c: Component, groups: GroupSet): SubProblem[] {
  const n = c.needs.length;
  const count = groups.start.length - 1;
  const uf = new UnionFind(n);
  const inGroup = new Uint8Array(n);
  for (let i = 0; i < count; i++) {
    const first = groups.members[groups.start[i]];
    for (let k = groups.start[i]; k < groups.start[i + 1]; k++) {
      uf.union(first, groups.members[k]);
      inGroup[groups.members[k]] = 1;
    }
  }
  const partOf = new Map<number, number>();
  const local = new Int32Array(n);
  const parts: SubProblem[] = [];
  for (let v = 0; v < n; v++) {
    if (!inGroup[v]) continue;
    const root = uf.find(v);
    let part = partOf.get(root);
    if (part === undefined) {
      part = parts.length;
      partOf.set(root, part);
      parts.push({
        needs: [],
        groups: { start: [0], members: [], hours: [], ge: [], travelMm: [], complete: groups.complete },
      });
    }
    local[v] = parts[part].needs.length;
    parts[part].needs.push(c.needs[v]);
  }
  for (let i = 0; i < count; i++) {
    const part = parts[partOf.get(uf.find(groups.members[groups.start[i]])) as number];
    const g = part.groups;
    for (let k = groups.start[i]; k < groups.start[i + 1]; k++) g.members.push(local[groups.members[k]]);
    g.start.push(g.members.length);
    g.hours.push(groups.hours[i]);
    g.ge.push(groups.ge[i]);
    g.travelMm.push(groups.travelMm[i]);
  }
  return parts;
}
