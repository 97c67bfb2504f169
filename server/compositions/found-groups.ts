/**
 * The groups the matcher found, as proposals to store: full positions and partial groups, each
 * identified by the signature of its needs; stored unless that signature was already refused.
 */
import { and, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { compositionNeeds, compositions } from '../../db/schema';
import type { MatchResult } from '../matching';
import { distanceKm } from '../places/geo';
import { hoursLabel } from '../vocabulary/week';
import { type CandidateNeed, FULL_TIME, signatureOf } from './matching-instance';
import { recordEvent } from './notify';

export interface Found {
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

export function foundGroups(result: MatchResult, byId: Map<string, CandidateNeed>): Found[] {
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

/** Signatures already declined or withdrawn: the same needs, unchanged, are not proposed again. */
export async function refusedSignatures(db: DbOrTx, signatures: string[]): Promise<Set<string>> {
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

export async function insertGroup(db: DbOrTx, g: Found): Promise<number | null> {
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
