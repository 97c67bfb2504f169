/**
 * An independent validator of matcher results, written from the contract alone (it shares no code
 * with server/matching): every rule of every position and partial, disjointness, and the objective.
 */
import type { Instance, MatchResult } from '../../server/matching';

const SLOT_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'].flatMap((d) => [`${d}-am`, `${d}-pm`]);

export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const r = Math.PI / 180;
  const s1 = Math.sin(((b.lat - a.lat) * r) / 2);
  const s2 = Math.sin(((b.lon - a.lon) * r) / 2);
  const h = s1 * s1 + Math.cos(a.lat * r) * Math.cos(b.lat * r) * s2 * s2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

const cents = (h: number) => Math.round(h * 100);
const days = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

export interface Objective {
  count: number;
  /** Hundredths. */
  hours: number;
  ge: number;
  /** Kilometres. */
  travelKm: number;
}

/** Errors of a group (list of need ids with slots) under rules 1, 2, 4, 5, 6 (not 3). */
export function groupErrors(inst: Instance, members: { id: string; slots: string[] }[]): string[] {
  const errors: string[] = [];
  const needs = members.map((m) => inst.needs.find((n) => n.id === m.id));
  if (needs.some((n) => !n)) return [`unknown need in ${members.map((m) => m.id).join(',')}`];
  const ns = needs as Instance['needs'];
  const label = ns.map((n) => n.id).join(',');
  if (ns.length < 2 || new Set(ns.map((n) => n.organizationId)).size < 2) errors.push(`${label}: rule 1`);
  if (new Set(ns.map((n) => n.role)).size !== 1) errors.push(`${label}: rule 2`);
  const used = new Set<string>();
  members.forEach((m, k) => {
    const n = ns[k];
    if (new Set(m.slots).size !== m.slots.length || m.slots.length !== n.slotsNeeded)
      errors.push(`${label}: rule 4 count for ${n.id}`);
    for (const s of m.slots) {
      if (!n.allowedSlots.includes(s as never))
        errors.push(`${label}: rule 4 slot ${s} not allowed for ${n.id}`);
      if (used.has(s)) errors.push(`${label}: rule 4 slot ${s} given twice`);
      used.add(s);
    }
  });
  const limit = Math.min(...ns.map((n) => n.maxTravelKm));
  for (let a = 0; a < ns.length; a++)
    for (let b = a + 1; b < ns.length; b++)
      if (distanceKm(ns[a], ns[b]) > limit + 1e-9) errors.push(`${label}: rule 5 ${ns[a].id}-${ns[b].id}`);
  const ds = ns.map((n) => days(n.start));
  if (Math.max(...ds) - Math.min(...ds) > inst.startWindowDays) errors.push(`${label}: rule 6`);
  return errors;
}

export function maxPairKm(inst: Instance, ids: string[]): number {
  const ns = ids.map((id) => inst.needs.find((n) => n.id === id) as Instance['needs'][number]);
  let m = 0;
  for (let a = 0; a < ns.length; a++)
    for (let b = a + 1; b < ns.length; b++) m = Math.max(m, distanceKm(ns[a], ns[b]));
  return m;
}

export function commonGes(inst: Instance, ids: string[]): string[] {
  const orgs = ids.map((id) => inst.needs.find((n) => n.id === id)?.organizationId);
  const sets = orgs.map((o) => inst.organizations.find((x) => x.id === o)?.geIds ?? []);
  return sets.reduce((acc, s) => acc.filter((g) => s.includes(g)));
}

/** Throws with every violation found; returns the result's objective. */
export function validate(inst: Instance, result: MatchResult): Objective {
  const errors: string[] = [];
  const seen = new Set<string>();
  const minH = cents(inst.fullTime.minHours);
  const maxH = cents(inst.fullTime.maxHours);
  const objective: Objective = { count: 0, hours: 0, ge: 0, travelKm: 0 };
  for (const pos of result.positions) {
    const ids = pos.needs.map((n) => n.id);
    for (const id of ids) {
      if (seen.has(id)) errors.push(`need ${id} used twice`);
      seen.add(id);
    }
    errors.push(...groupErrors(inst, pos.needs));
    const h = ids.reduce((s, id) => s + cents(inst.needs.find((n) => n.id === id)?.hours ?? 0), 0);
    if (h < minH || h > maxH) errors.push(`${ids}: rule 3 (${h / 100} h)`);
    if (cents(pos.hours) !== h) errors.push(`${ids}: hours ${pos.hours} instead of ${h / 100}`);
    const ges = commonGes(inst, ids);
    if (pos.geId === null ? ges.length > 0 : !ges.includes(pos.geId))
      errors.push(`${ids}: geId ${pos.geId} (${ges})`);
    const km = maxPairKm(inst, ids);
    if (Math.abs(km - pos.maxDistanceKm) > 0.0011)
      errors.push(`${ids}: maxDistanceKm ${pos.maxDistanceKm} vs ${km}`);
    objective.count++;
    objective.hours += h;
    objective.ge += ges.length > 0 ? 1 : 0;
    objective.travelKm += km;
  }
  let previous = Number.POSITIVE_INFINITY;
  for (const part of result.partials) {
    const ids = part.needs.map((n) => n.id);
    for (const id of ids) {
      if (seen.has(id)) errors.push(`partial need ${id} used twice`);
      seen.add(id);
    }
    errors.push(...groupErrors(inst, part.needs).map((e) => `partial ${e}`));
    const h = ids.reduce((s, id) => s + cents(inst.needs.find((n) => n.id === id)?.hours ?? 0), 0);
    if (h >= minH) errors.push(`partial ${ids}: ${h / 100} h is not below minHours`);
    if (cents(part.hours) !== h) errors.push(`partial ${ids}: hours ${part.hours}`);
    if (cents(part.missingHours) !== minH - h)
      errors.push(`partial ${ids}: missingHours ${part.missingHours}`);
    const used = new Set<string>(part.needs.flatMap((n) => n.slots));
    const free = SLOT_NAMES.filter((s) => !used.has(s));
    if (JSON.stringify(free) !== JSON.stringify(part.freeSlots))
      errors.push(`partial ${ids}: freeSlots ${part.freeSlots}`);
    if (h > previous) errors.push(`partials not largest first`);
    previous = h;
  }
  if (errors.length) throw new Error(`invalid result:\n${errors.join('\n')}`);
  return objective;
}

/** Lexicographic comparison with a travel tolerance (kilometres). */
export function sameObjective(a: Objective, b: Objective, toleranceKm = 1e-5): boolean {
  return (
    a.count === b.count &&
    a.hours === b.hours &&
    a.ge === b.ge &&
    Math.abs(a.travelKm - b.travelKm) <= toleranceKm
  );
}
