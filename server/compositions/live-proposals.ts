/**
 * Proposals still open ("proposed") and how they are withdrawn: each is checked against its needs as
 * they are now, so that a run withdraws the ones whose needs changed or were taken.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { compositionNeeds, compositions, needs, organizations } from '../../db/schema';
import { elide } from '../common/french';
import type { MatchingScope } from './matching-instance';
import { recordEvent } from './notify';

export interface LiveProposal {
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
export async function loadLiveProposals(db: DbOrTx, options: MatchingScope): Promise<LiveProposal[]> {
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
      p.problems.push(`le besoin « ${r.title} » ${elide('de', r.organizationName)} n’est plus disponible`);
    else if (r.version !== r.needVersion)
      p.problems.push(`le besoin « ${r.title} » ${elide('de', r.organizationName)} a été modifié`);
  }
  return [...byId.values()].filter((p) => !options.departement || p.departements.has(options.departement));
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
