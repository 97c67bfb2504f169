/**
 * Demo needs: a few hundred part-time needs across the demo organizations, so that facets, distance and
 * compositions are worth trying. The stories come first (Belfort's four SIAE pooling accounting, HR,
 * communication and a developer; the Provence ENR firms' project manager; Orléans GE members; Île-de-France
 * green spaces), then generated needs skewed to support functions, insertion supervision, green spaces and
 * renewable energy, with hours mostly multiples of 3.5 and some decimals. Each need gets its search outbox
 * row (needs' `insertNeeds`, as an import writes them), so the indexer picks the demo up at start.
 */
import type { needs } from '../../db/schema';
import { WEEK_SLOTS, type WeekSlot } from '../../db/schema/needs';
import { insertNeeds } from '../../server/needs/service';
import { ROME } from '../../server/roles/rome';
import type { DemoContext, DemoOrganization } from './context';
import { DESCRIPTIONS, type NeedSpec, STORY, TITLES, WEIGHTS } from './needs-data';
import type { Rng } from './random';

const LABELS = new Map(ROME.map(([code, label]) => [code, label]));

function regionOf(org: DemoOrganization): keyof typeof WEIGHTS {
  if (org.departement === '13') return 'provence';
  if (['75', '92', '93', '94'].includes(org.departement)) return 'idf';
  if (org.departement === '45') return 'loiret';
  return 'comte';
}

function weightedRole(rng: Rng, region: keyof typeof WEIGHTS): string {
  const table = [...WEIGHTS.common, ...WEIGHTS[region]];
  const total = table.reduce((n, [, w]) => n + w, 0);
  let pick = rng.next() * total;
  for (const [code, w] of table) {
    pick -= w;
    if (pick < 0) return code;
  }
  return table[0][0];
}

/** Hours in hundredths: mostly multiples of 3.5 h, a few decimals people really write (12,8 h…). */
function demoHours(rng: Rng): number {
  if (rng.chance(0.18)) return rng.pick([420, 640, 830, 1280, 1490, 1960, 2220, 960, 1170]);
  return 350 * rng.int(1, 7);
}

function demoWeek(rng: Rng, hundredths: number): { slotsNeeded: number; allowedSlots: WeekSlot[] } {
  const slotsNeeded = Math.min(10, Math.max(1, Math.ceil(hundredths / 350)));
  const weekdays = WEEK_SLOTS.filter((s) => !s.startsWith('sat'));
  const extra = rng.chance(0.3) ? 0 : rng.int(1, 4);
  const wanted = Math.min(weekdays.length, slotsNeeded + extra);
  const start = rng.int(0, weekdays.length - 1);
  const chosen = new Set<WeekSlot>();
  // A run of consecutive half-days from a random start, as timetables usually are.
  for (let i = 0; chosen.size < wanted; i++) chosen.add(weekdays[(start + i) % weekdays.length]);
  return { slotsNeeded, allowedSlots: WEEK_SLOTS.filter((s) => chosen.has(s)) };
}

function startDate(rng: Rng): string {
  const base = Date.UTC(2027, 0, 4);
  return new Date(base + rng.int(0, 12) * 7 * 86_400_000).toISOString().slice(0, 10);
}

export async function loadDemoNeeds(ctx: DemoContext): Promise<void> {
  const { rng } = ctx;
  const rows: (typeof needs.$inferInsert)[] = [];
  const add = (org: DemoOrganization, spec: Omit<NeedSpec, 'org'>) => {
    const label = LABELS.get(spec.role);
    if (!label) throw new Error(`demo: unknown ROME code ${spec.role}`);
    const draft = rng.chance(0.08);
    rows.push({
      organizationId: org.id,
      createdBy: org.ownerId,
      roleCode: spec.role,
      roleLabel: label,
      title: spec.title ?? rng.pick(TITLES[spec.role] ?? [`${label} à temps partiel`]),
      description: spec.description ?? rng.pick(DESCRIPTIONS)(org, label),
      hoursHundredths: spec.hundredths,
      slotsNeeded: spec.slotsNeeded ?? spec.slots.length,
      allowedSlots: spec.slots,
      communeCode: org.communeCode,
      communeName: org.communeName,
      departement: org.departement,
      lat: org.lat,
      lon: org.lon,
      maxTravelKm: spec.travel ?? rng.pick([10, 15, 20, 25, 30, 40]),
      startDate: startDate(rng),
      status: draft ? 'draft' : rng.chance(0.05) ? 'withdrawn' : 'published',
      publishedAt: draft ? null : new Date(Date.UTC(2026, 8, 1) + rng.int(0, 80) * 86_400_000),
    });
  };
  for (const spec of STORY) {
    const org = ctx.organizations.get(spec.org);
    if (org) add(org, { ...spec, slots: spec.slots });
  }
  const storyCount = rows.length;
  for (const row of rows.slice(0, storyCount)) {
    row.status = 'published';
    row.publishedAt ??= new Date(Date.UTC(2026, 9, 1));
  }
  const structures = [...ctx.organizations.values()].filter((o) => o.kind !== 'GE');
  for (const org of structures) {
    const count = rng.int(3, 8);
    for (let i = 0; i < count; i++) {
      const hundredths = demoHours(rng);
      const week = demoWeek(rng, hundredths);
      add(org, {
        role: weightedRole(rng, regionOf(org)),
        hundredths,
        slots: week.allowedSlots,
        slotsNeeded: week.slotsNeeded,
      });
    }
  }
  for (let i = 0; i < rows.length; i += 200) await insertNeeds(ctx.tx, rows.slice(i, i + 200));
}
