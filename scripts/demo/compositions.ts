/**
 * Demo compositions: the matcher run over the demo's published needs (no mail), then the first full
 * proposal accepted by all its structures, so that a first start shows proposed, accepted and partial
 * compositions. Needs the needs part to have run before it.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { compositionDecisions, compositionNeeds, compositions, memberships, needs } from '../../db/schema';
import { runMatching } from '../../server/compositions/matching-run';
import { recordEvent } from '../../server/compositions/notify';
import { enqueueReindex } from '../../server/search/outbox';
import type { DemoContext } from './context';

export async function loadCompositions(ctx: DemoContext): Promise<void> {
  const { tx } = ctx;
  await runMatching(tx, { notify: false, timeLimitMs: 5_000 });
  const [first] = await tx
    .select()
    .from(compositions)
    .where(and(eq(compositions.kind, 'full'), eq(compositions.status, 'proposed')))
    .orderBy(compositions.id)
    .limit(1);
  if (!first) return;
  const lines = await tx.select().from(compositionNeeds).where(eq(compositionNeeds.compositionId, first.id));
  const orgIds = [...new Set(lines.map((l) => l.organizationId))];
  for (const organizationId of orgIds) {
    const [owner] = await tx
      .select({ personId: memberships.personId })
      .from(memberships)
      .where(and(eq(memberships.organizationId, organizationId), eq(memberships.role, 'owner')))
      .limit(1);
    await tx.insert(compositionDecisions).values({
      compositionId: first.id,
      organizationId,
      decision: 'accept',
      personId: owner?.personId ?? null,
    });
    await recordEvent(
      tx,
      first.id,
      'accepted-by',
      'La structure a accepté la proposition.',
      owner?.personId ?? null,
    );
  }
  const needIds = lines.map((l) => l.needId);
  await tx
    .update(needs)
    .set({ status: 'in_composition', version: sql`${needs.version} + 1`, updatedAt: new Date() })
    .where(inArray(needs.id, needIds));
  await tx
    .update(compositionNeeds)
    .set({ accepted: true })
    .where(eq(compositionNeeds.compositionId, first.id));
  await enqueueReindex(tx, 'need', needIds);
  await tx
    .update(compositions)
    .set({ status: 'accepted', decidedAt: new Date(), version: sql`${compositions.version} + 1` })
    .where(eq(compositions.id, first.id));
  await recordEvent(
    tx,
    first.id,
    'accepted',
    'Toutes les structures ont accepté : les besoins sont réservés à cette composition.',
  );
}
