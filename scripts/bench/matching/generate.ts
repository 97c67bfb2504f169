/**
 * Seeded generator of realistic matcher instances (same seed, same instance).
 * Roles are skewed to a few ROME codes; hours are mostly multiples of 3.5 h with some decimals; slots are
 * fixed (whole days or scattered half-days) or flexible; organizations cluster around real French towns
 * and belong to the GEs of their town.
 *
 * CLI: `npx tsx scripts/bench/matching/generate.ts --size 200 [--seed 1] [--min-hours 35] [--towns 16]
 * [--roles 12] [--flexible 0.6] > instance.json`
 */
import { pathToFileURL } from 'node:url';
import {
  type Instance,
  type Need,
  type Organization,
  SLOTS,
  type Slot,
} from '../../../server/matching/types';

/** mulberry32: small, fast, good enough for test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(r: () => number, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [v, w] of items) {
    x -= w;
    if (x < 0) return v;
  }
  return items[items.length - 1][0];
}

function gaussian(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/** Towns: name, latitude, longitude, weight, spread (km). */
export const TOWNS: readonly (readonly [string, number, number, number, number])[] = [
  ['Paris', 48.8566, 2.3522, 18, 10],
  ['Lyon', 45.764, 4.8357, 9, 8],
  ['Marseille', 43.2965, 5.3698, 8, 8],
  ['Aix-en-Provence', 43.5297, 5.4474, 4, 6],
  ['Lille', 50.6292, 3.0573, 7, 7],
  ['Roubaix', 50.6942, 3.1746, 3, 4],
  ['Orléans', 47.903, 1.9093, 6, 6],
  ['Belfort', 47.6397, 6.8638, 5, 5],
  ['Montbéliard', 47.51, 6.7986, 4, 5],
  ['Besançon', 47.2378, 6.0241, 5, 6],
  ['Nantes', 47.2184, -1.5536, 6, 7],
  ['Toulouse', 43.6047, 1.4442, 6, 8],
  ['Strasbourg', 48.5734, 7.7521, 5, 6],
  ['Bordeaux', 44.8378, -0.5792, 6, 8],
  ['Rennes', 48.1173, -1.6778, 4, 6],
  ['Grenoble', 45.1885, 5.7245, 4, 6],
];

export const ROLES: readonly (readonly [string, number])[] = [
  ['M1203', 20], // comptabilité
  ['M1501', 12], // assistanat RH
  ['K2204', 12], // nettoyage de locaux
  ['K2112', 10], // encadrement insertion
  ['A1203', 9], // espaces verts
  ['E1103', 7], // communication
  ['M1805', 6], // développement informatique
  ['M1607', 6], // secrétariat
  ['N1103', 5], // magasinage
  ['G1602', 5], // cuisine
  ['K1304', 4], // services domestiques
  ['I1203', 4], // maintenance bâtiment
];

const HOURS: readonly (readonly [number, number])[] = [
  [7, 14],
  [10.5, 12],
  [14, 16],
  [17.5, 14],
  [21, 14],
  [24.5, 8],
  [28, 10],
  [12.8, 3],
  [22.2, 3],
  [19.6, 2],
  [15.4, 2],
  [2.6, 1],
  [8.75, 1],
];

const TRAVEL: readonly (readonly [number, number])[] = [
  [10, 2],
  [15, 3],
  [20, 4],
  [25, 4],
  [30, 4],
  [40, 3],
  [50, 2],
  [60, 1],
];

function shuffle<T>(r: () => number, list: T[]): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

function slotsFor(r: () => number, needed: number, flexible: number): Slot[] {
  const kind = r();
  // The fixed share splits 5:3 between whole days and scattered half-days (0.25 and 0.15 by default).
  const fixed = 1 - flexible;
  if (kind < fixed * 0.625) {
    // Fixed, whole days where possible.
    const days = shuffle(r, [0, 1, 2, 3, 4, 5].slice(0, r() < 0.8 ? 5 : 6));
    const out: number[] = [];
    for (const d of days) {
      if (out.length + 2 <= needed) out.push(2 * d, 2 * d + 1);
      else if (out.length < needed) out.push(2 * d + (r() < 0.5 ? 0 : 1));
    }
    return out.sort((a, b) => a - b).map((i) => SLOTS[i]);
  }
  if (kind < fixed) {
    // Fixed, scattered half-days.
    return shuffle(
      r,
      SLOTS.map((_, i) => i),
    )
      .slice(0, needed)
      .sort((a, b) => a - b)
      .map((i) => SLOTS[i]);
  }
  // Flexible: a few more half-days than needed (Saturday less often).
  const extra = 1 + Math.floor(r() * 5);
  const pool = shuffle(
    r,
    SLOTS.map((_, i) => i).filter((i) => i < 10 || r() < 0.3),
  );
  return pool
    .slice(0, Math.min(pool.length, needed + extra))
    .sort((a, b) => a - b)
    .map((i) => SLOTS[i]);
}

export interface GenerateOptions {
  size: number;
  seed?: number;
  minHours?: number;
  maxHours?: number;
  /** Only the first `towns` towns and `roles` roles: denser components (stress instances). */
  towns?: number;
  roles?: number;
  /** Share of flexible needs (more allowed half-days than needed); 0.6 by default. */
  flexible?: number;
}

export function generateInstance(options: GenerateOptions): Instance {
  const { size, seed = 1, minHours = 35, maxHours = 35 } = options;
  const r = rng(seed * 7919 + size);
  const towns = TOWNS.slice(0, options.towns ?? TOWNS.length).map((t, i) => [i, t[3]] as const);
  const roles = ROLES.slice(0, options.roles ?? ROLES.length);
  const orgCount = Math.max(2, Math.round(size / 2.5));
  const organizations: Organization[] = [];
  const orgPlace: { lat: number; lon: number }[] = [];
  for (let o = 0; o < orgCount; o++) {
    const t = TOWNS[pick(r, towns)];
    const spread = t[4];
    const lat = t[1] + (gaussian(r) * spread) / 111.2;
    const lon = t[2] + (gaussian(r) * spread) / (111.2 * Math.cos((t[1] * Math.PI) / 180));
    const geIds: string[] = [];
    const town = t[0].toLowerCase().replace(/[^a-z]/g, '');
    if (r() < 0.45) geIds.push(`ge-${town}-${1 + Math.floor(r() * 2)}`);
    if (r() < 0.1) geIds.push(`ge-${town}-3`);
    organizations.push({ id: `o${o + 1}`, geIds: [...new Set(geIds)] });
    orgPlace.push({ lat, lon });
  }
  const base = Date.UTC(2027, 0, 4);
  const needs: Need[] = [];
  for (let k = 0; k < size; k++) {
    const o = Math.floor(r() * orgCount);
    const hours = pick(r, HOURS);
    const slotsNeeded = Math.max(1, Math.min(12, Math.round(hours / 3.5)));
    const site = r() < 0.8 ? 0.3 : 3; // most needs at the organization's site, some at a second one
    needs.push({
      id: `n${k + 1}`,
      organizationId: organizations[o].id,
      role: pick(r, roles),
      hours,
      slotsNeeded,
      allowedSlots: slotsFor(r, slotsNeeded, options.flexible ?? 0.6),
      lat: Math.round((orgPlace[o].lat + (gaussian(r) * site) / 111.2) * 1e5) / 1e5,
      lon: Math.round((orgPlace[o].lon + (gaussian(r) * site) / 80) * 1e5) / 1e5,
      maxTravelKm: pick(r, TRAVEL),
      start: new Date(base + Math.floor(r() * 150) * 86_400_000).toISOString().slice(0, 10),
    });
  }
  return { fullTime: { minHours, maxHours }, startWindowDays: 92, organizations, needs };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const minHours = arg('min-hours', 35);
  const instance = generateInstance({
    size: arg('size', 200),
    seed: arg('seed', 1),
    minHours,
    maxHours: arg('max-hours', Math.max(35, minHours)),
    towns: arg('towns', TOWNS.length),
    roles: arg('roles', ROLES.length),
    flexible: arg('flexible', 0.6),
  });
  process.stdout.write(`${JSON.stringify(instance, null, 1)}\n`);
}
