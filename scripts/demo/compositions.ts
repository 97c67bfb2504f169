/**
 * Demo compositions: the matcher run over the demo's published needs (no mail), then the first full
 * proposal accepted by all its structures through the decisions service (each owner's "accept", the last
 * one locking the needs into it as on the site), so that a first start shows proposed, accepted and
 * partial compositions. Needs the needs part to have run before it.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { compositionNeeds, compositions } from '../../db/schema';
import { decide } from '../../server/compositions/decisions';
import { runMatching } from '../../server/compositions/matching-run';
import type { DemoContext } from './context';
import { ownerOf } from './context';

export async function loadCompositions(ctx: DemoContext): Promise<void> {
  // The services open their own transactions: on the demo's transaction they become savepoints.
  const db = ctx.tx as unknown as Db;
  await runMatching(ctx.tx, { notify: false, timeLimitMs: 5_000 });
  const [first] = await db
    .select({ id: compositions.id })
    .from(compositions)
    .where(and(eq(compositions.kind, 'full'), eq(compositions.status, 'proposed')))
    .orderBy(compositions.id)
    .limit(1);
  if (first) await acceptByAll(ctx, db, first.id);
}

/**
 * Every structure of a proposed composition accepts it through the decisions service, as its owner would
 * on the page; false when one answer is refused (then the composition stays as the service left it).
 */
export async function acceptByAll(ctx: DemoContext, db: Db, compositionId: number): Promise<boolean> {
  const organizations = await db
    .selectDistinct({ organizationId: compositionNeeds.organizationId })
    .from(compositionNeeds)
    .where(eq(compositionNeeds.compositionId, compositionId))
    .orderBy(compositionNeeds.organizationId);
  for (const { organizationId } of organizations) {
    const [current] = await db
      .select({ version: compositions.version })
      .from(compositions)
      .where(eq(compositions.id, compositionId));
    const personId = await ownerOf(db, organizationId);
    if (!current || !personId) return false;
    const result = await decide(db, {
      compositionId,
      organizationId,
      personId,
      decision: 'accept',
      version: current.version,
      publicUrl: ctx.publicUrl,
    });
    if (!result.ok) return false;
  }
  return true;
}
