/**
 * A matching run: published needs (of validated organizations) → the matcher → proposals stored.
 * Stable by design: a live full proposal holds its needs (they are left out of the next runs until it is
 * accepted, declined or withdrawn), a group found again is kept rather than duplicated, a group that was
 * declined is not proposed again until one of its needs changes, and a proposal whose needs changed or
 * were taken is withdrawn with a notice. See docs/compositions.md.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import {
  compositionNeeds,
  compositions,
  geMemberships,
  matchingRuns,
  needs,
  organizations,
} from '../../db/schema';
import { type Instance, type MatchResult, match, type Slot } from '../matching';
import { hoursLabel } from '../needs/week';
import { distanceKm } from '../places/geo';
import { compositionLink, mailMembers, recordEvent } from './notify';

/** The law's full time: 35 h a week, exactly (DESIGN.md's example contract). */
export const FULL_TIME = { minHours: 35, maxHours: 35 };
/** Three months between the earliest and the latest start of a position's needs. */
export const START_WINDOW_DAYS = 92;
/** The matcher is synchronous: a run inside the web process must stay short. */
export const RUN_TIME_LIMIT_MS = 2_000;

export interface RunOptions {
  roleCode?: string;
  departement?: string;
  /** Absolute links in mails; no mail when absent or `notify` is false (demo data). */
  publicUrl?: string;
  notify?: boolean;
  timeLimitMs?: number;
}

export interface RunSummary {
  runId: number;
  needs: number;
  proposed: number;
  kept: number;
  withdrawn: number;
  partials: number;
  elapsedMs: number;
  provedOptimal: boolean;
}

interface CandidateNeed {
  id: number;
  organizationId: number;
  roleCode: string;
  roleLabel: string;
  title: string;
  hoursHundredths: number;
  slotsNeeded: number;
  allowedSlots: string[];
  lat: number;
  lon: number;
  maxTravelKm: number;
  startDate: string;
  version: number;
}

/** "12:3,40:1": the needs and the versions they had, in id order. */
export function signatureOf(items: { id: number; version: number }[]): string {
  return [...items]
    .sort((a, b) => a.id - b.id)
    .map((n) => `${n.id}:${n.version}`)
    .join(',');
}

async function loadCandidates(db: DbOrTx, options: RunOptions): Promise<CandidateNeed[]> {
  return db
    .select({
      id: needs.id,
      organizationId: needs.organizationId,
      roleCode: needs.roleCode,
      roleLabel: needs.roleLabel,
      title: needs.title,
      hoursHundredths: needs.hoursHundredths,
      slotsNeeded: needs.slotsNeeded,
      allowedSlots: needs.allowedSlots,
      lat: needs.lat,
      lon: needs.lon,
      maxTravelKm: needs.maxTravelKm,
      startDate: needs.startDate,
      version: needs.version,
    })
    .from(needs)
    .innerJoin(organizations, eq(organizations.id, needs.organizationId))
    .where(
      and(
        eq(needs.status, 'published'),
        eq(organizations.status, 'validated'),
        options.roleCode ? eq(needs.roleCode, options.roleCode) : undefined,
        options.departement ? eq(needs.departement, options.departement) : undefined,
      ),
    )
    .orderBy(needs.id);
}

interface LiveProposal {
  id: number;
  kind: 'full' | 'partial';
  signature: string;
  roleLabel: string;
  organizationIds: number[];
  /** Why it no longer holds, in French; empty while it does. */
  problems: string[];
  needIds: number[];
}

/** Proposed compositions of the scope, each checked against its needs as they are now. */
async function loadLiveProposals(db: DbOrTx, options: RunOptions): Promise<LiveProposal[]> {
  const rows = await db
    .select({
      id: compositions.id,
      kind: compositions.kind,
      signature: compositions.signature,
      roleLabel: compositions.roleLabel,
      needId: compositionNeeds.needId,
      needVersion: compositionNeeds.needVersion,
      organizationId: compositionNeeds.organizationId,
      title: needs.title,
      status: needs.status,
      version: needs.version,
      departement: needs.departement,
      organizationName: organizations.name,
      organizationStatus: organizations.status,
    })
    .from(compositions)
    .innerJoin(compositionNeeds, eq(compositionNeeds.compositionId, compositions.id))
    .innerJoin(needs, eq(needs.id, compositionNeeds.needId))
    .innerJoin(organizations, eq(organizations.id, compositionNeeds.organizationId))
    .where(
      and(
        eq(compositions.status, 'proposed'),
        options.roleCode ? eq(compositions.roleCode, options.roleCode) : undefined,
      ),
    )
    .orderBy(compositions.id, compositionNeeds.needId);
  const byId = new Map<number, LiveProposal & { departements: Set<string> }>();
  for (const r of rows) {
    let p = byId.get(r.id);
    if (!p) {
      p = {
        id: r.id,
        kind: r.kind,
        signature: r.signature,
        roleLabel: r.roleLabel,
        organizationIds: [],
        problems: [],
        needIds: [],
        departements: new Set(),
      };
      byId.set(r.id, p);
    }
    p.needIds.push(r.needId);
    p.departements.add(r.departement);
    if (!p.organizationIds.includes(r.organizationId)) p.organizationIds.push(r.organizationId);
    if (r.status !== 'published' || r.organizationStatus !== 'validated')
      p.problems.push(`le besoin « ${r.title} » de ${r.organizationName} n’est plus disponible`);
    else if (r.version !== r.needVersion)
      p.problems.push(`le besoin « ${r.title} » de ${r.organizationName} a été modifié`);
  }
  return [...byId.values()].filter((p) => !options.departement || p.departements.has(options.departement));
}

export function buildInstance(
  candidates: CandidateNeed[],
  geIdsByOrganization: Map<number, number[]>,
): Instance {
  const orgIds = [...new Set(candidates.map((n) => n.organizationId))];
  return {
    fullTime: FULL_TIME,
    startWindowDays: START_WINDOW_DAYS,
    organizations: orgIds.map((id) => ({
      id: String(id),
      geIds: (geIdsByOrganization.get(id) ?? []).map(String),
    })),
    needs: candidates.map((n) => ({
      id: String(n.id),
      organizationId: String(n.organizationId),
      role: n.roleCode,
      hours: n.hoursHundredths / 100,
      slotsNeeded: n.slotsNeeded,
      allowedSlots: n.allowedSlots as Slot[],
      lat: n.lat,
      lon: n.lon,
      maxTravelKm: n.maxTravelKm,
      start: n.startDate,
    })),
  };
}

async function geIdsOf(db: DbOrTx, organizationIds: number[]): Promise<Map<number, number[]>> {
  const map = new Map<number, number[]>();
  if (!organizationIds.length) return map;
  const rows = await db
    .select({ organizationId: geMemberships.organizationId, geId: geMemberships.geId })
    .from(geMemberships)
    .where(inArray(geMemberships.organizationId, organizationIds));
  for (const r of rows) map.set(r.organizationId, [...(map.get(r.organizationId) ?? []), r.geId]);
  return map;
}

interface Found {
  kind: 'full' | 'partial';
  members: { need: CandidateNeed; slots: string[] }[];
  hoursHundredths: number;
  missingHundredths: number;
  freeSlots: string[];
  geId: number | null;
  maxDistanceKm: number;
  signature: string;
}

function largestDistance(members: CandidateNeed[]): number {
  let best = 0;
  for (let i = 0; i < members.length; i++)
    for (let j = i + 1; j < members.length; j++) best = Math.max(best, distanceKm(members[i], members[j]));
  return Math.round(best * 10) / 10;
}

function foundGroups(result: MatchResult, byId: Map<string, CandidateNeed>): Found[] {
  const members = (list: { id: string; slots: string[] }[]) =>
    list.map((a) => ({ need: byId.get(a.id) as CandidateNeed, slots: a.slots }));
  const full = result.positions.map((p): Found => {
    const m = members(p.needs);
    return {
      kind: 'full',
      members: m,
      hoursHundredths: m.reduce((s, x) => s + x.need.hoursHundredths, 0),
      missingHundredths: 0,
      freeSlots: [],
      geId: p.geId === null ? null : Number(p.geId),
      maxDistanceKm: Math.round(p.maxDistanceKm * 10) / 10,
      signature: signatureOf(m.map((x) => x.need)),
    };
  });
  const partial = result.partials.map((p): Found => {
    const m = members(p.needs);
    const hoursHundredths = m.reduce((s, x) => s + x.need.hoursHundredths, 0);
    return {
      kind: 'partial',
      members: m,
      hoursHundredths,
      missingHundredths: FULL_TIME.minHours * 100 - hoursHundredths,
      freeSlots: p.freeSlots,
      geId: null,
      maxDistanceKm: largestDistance(m.map((x) => x.need)),
      signature: signatureOf(m.map((x) => x.need)),
    };
  });
  return [...full, ...partial];
}

export async function runMatching(db: DbOrTx, options: RunOptions = {}): Promise<RunSummary> {
  const scope = [options.roleCode, options.departement].filter(Boolean).join(' ');
  const [run] = await db.insert(matchingRuns).values({ scope }).returning({ id: matchingRuns.id });
  const started = performance.now();

  const [candidates, live] = await Promise.all([loadCandidates(db, options), loadLiveProposals(db, options)]);
  const stale = live.filter((p) => p.problems.length);
  // A live full proposal holds its needs; a partial holds nothing (another need may complete it).
  const held = new Set(live.filter((p) => !p.problems.length && p.kind === 'full').flatMap((p) => p.needIds));
  const free = candidates.filter((n) => !held.has(n.id));
  const instance = buildInstance(free, await geIdsOf(db, [...new Set(free.map((n) => n.organizationId))]));
  const result = match(instance, { timeLimitMs: options.timeLimitMs ?? RUN_TIME_LIMIT_MS });
  const found = foundGroups(result, new Map(free.map((n) => [String(n.id), n])));

  const summary = { proposed: 0, kept: 0, withdrawn: 0, partials: 0 };
  const notify = options.notify !== false && Boolean(options.publicUrl);
  await db.transaction(async (tx) => {
    for (const p of stale) {
      if (await withdraw(tx, p.id, `Proposition retirée : ${p.problems.join(' ; ')}.`)) {
        summary.withdrawn++;
        if (notify)
          await mailMembers(tx, p.organizationIds, {
            kind: 'composition-withdrawn',
            subject: `Proposition retirée : ${p.roleLabel}`,
            text: `Bonjour,\n\nLa proposition de poste partagé « ${p.roleLabel} » est retirée : ${p.problems.join(' ; ')}.\n\n${compositionLink(options.publicUrl ?? '', p.id)}\n\nMosaïque`,
          });
      }
    }
    // Partials are recomputed at every run: one not found again is retired quietly (nobody decided on it).
    const foundSignatures = new Set(found.map((g) => g.signature));
    for (const p of live) {
      if (p.kind === 'partial' && !p.problems.length && !foundSignatures.has(p.signature)) {
        if (await withdraw(tx, p.id, 'Groupe recalculé : ces besoins sont désormais proposés autrement.'))
          summary.withdrawn++;
      }
    }
    const liveSignatures = new Set(live.filter((p) => !p.problems.length).map((p) => p.signature));
    const refused = await refusedSignatures(tx, [...foundSignatures]);
    for (const g of found) {
      if (liveSignatures.has(g.signature)) {
        summary.kept++;
        continue;
      }
      if (refused.has(g.signature)) continue;
      const id = await insertGroup(tx, g);
      if (id === null) {
        summary.kept++; // stored a moment ago by another run
        continue;
      }
      if (g.kind === 'partial') summary.partials++;
      else summary.proposed++;
      if (notify && g.kind === 'full')
        await mailMembers(tx, [...new Set(g.members.map((m) => m.need.organizationId))], {
          kind: 'composition-proposed',
          subject: `Nouvelle proposition de poste partagé : ${g.members[0].need.roleLabel}`,
          text: `Bonjour,\n\nUn de vos besoins peut former, avec ceux d’autres structures, un emploi à temps plein (${hoursLabel(g.hoursHundredths)} par semaine). Consultez la proposition, la semaine type et les autres structures, puis acceptez ou refusez :\n\n${compositionLink(options.publicUrl ?? '', id)}\n\nMosaïque`,
        });
    }
  });

  const elapsedMs = Math.round(performance.now() - started);
  await db
    .update(matchingRuns)
    .set({
      finishedAt: new Date(),
      needs: free.length,
      proposed: summary.proposed + summary.partials,
      kept: summary.kept,
      withdrawn: summary.withdrawn,
      elapsedMs,
      provedOptimal: result.stats.provedOptimal,
    })
    .where(eq(matchingRuns.id, run.id));
  return {
    runId: run.id,
    needs: free.length,
    ...summary,
    elapsedMs,
    provedOptimal: result.stats.provedOptimal,
  };
}

/** Signatures already declined or withdrawn: the same needs, unchanged, are not proposed again. */
async function refusedSignatures(db: DbOrTx, signatures: string[]): Promise<Set<string>> {
  if (!signatures.length) return new Set();
  const rows = await db
    .select({ signature: compositions.signature })
    .from(compositions)
    .where(
      and(
        inArray(compositions.signature, signatures),
        inArray(compositions.status, ['declined', 'withdrawn']),
      ),
    );
  return new Set(rows.map((r) => r.signature));
}

async function insertGroup(db: DbOrTx, g: Found): Promise<number | null> {
  const [row] = await db
    .insert(compositions)
    .values({
      roleCode: g.members[0].need.roleCode,
      roleLabel: g.members[0].need.roleLabel,
      kind: g.kind,
      signature: g.signature,
      hoursHundredths: g.hoursHundredths,
      missingHundredths: g.missingHundredths,
      freeSlots: g.freeSlots,
      geId: g.geId,
      maxDistanceKm: g.maxDistanceKm,
    })
    .onConflictDoNothing()
    .returning({ id: compositions.id });
  if (!row) return null;
  await db.insert(compositionNeeds).values(
    g.members.map((m) => ({
      compositionId: row.id,
      needId: m.need.id,
      organizationId: m.need.organizationId,
      needVersion: m.need.version,
      slots: m.slots,
    })),
  );
  await recordEvent(
    db,
    row.id,
    'proposed',
    g.kind === 'full'
      ? 'Proposition calculée à partir des besoins publiés.'
      : `Groupe à compléter : il manque ${hoursLabel(g.missingHundredths)}.`,
  );
  return row.id;
}

/** Withdraws a proposal still proposed; false when someone else changed it first. */
export async function withdraw(db: DbOrTx, id: number, detail: string): Promise<boolean> {
  const [row] = await db
    .update(compositions)
    .set({
      status: 'withdrawn',
      updatedAt: new Date(),
      decidedAt: new Date(),
      version: sql`${compositions.version} + 1`,
    })
    .where(and(eq(compositions.id, id), eq(compositions.status, 'proposed')))
    .returning({ id: compositions.id });
  if (!row) return false;
  await recordEvent(db, id, 'withdrawn', detail);
  return true;
}
