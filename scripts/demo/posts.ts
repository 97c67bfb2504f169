/**
 * Demo shared posts: up to four accepted compositions (accepting more of the proposed full ones through the
 * decisions service when the demo has fewer), their GE chosen, a post opened on each, and the first one
 * closed as filled, so that a first start shows /postes with something in it. Needs the compositions part.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { compositions } from '../../db/schema';
import { chooseGe } from '../../server/compositions/ge-choice';
import { geOptions, getComposition } from '../../server/compositions/service';
import { closePost, openPost, postDefaults } from '../../server/posts/service';
import { acceptByAll } from './compositions';
import { type DemoContext, ownerOf } from './context';

const WANTED = 4;

export async function loadPosts(ctx: DemoContext): Promise<void> {
  // The services open their own transactions: on the demo's transaction they become savepoints.
  const db = ctx.tx as unknown as Db;
  const accepted = async () =>
    db
      .select({ id: compositions.id })
      .from(compositions)
      .where(eq(compositions.status, 'accepted'))
      .orderBy(asc(compositions.id));
  const proposed = await db
    .select({ id: compositions.id })
    .from(compositions)
    .where(and(eq(compositions.status, 'proposed'), eq(compositions.kind, 'full')))
    .orderBy(asc(compositions.id));
  for (const { id } of proposed) {
    if ((await accepted()).length >= WANTED) break;
    await acceptByAll(ctx, db, id);
  }

  const ids = (await accepted()).map((r) => r.id).slice(0, WANTED);
  const opened: { postId: number; personId: number }[] = [];
  for (const id of ids) {
    let detail = await getComposition(db, id);
    if (!detail) continue;
    const personId = await ownerOf(db, detail.organizationIds[0]);
    if (!personId) continue;
    if (!detail.composition.geChoice) {
      const departements = [...new Set(detail.lines.map((l) => l.departement))];
      const { common } = await geOptions(db, detail.organizationIds, departements);
      await chooseGe(db, {
        compositionId: id,
        personId,
        version: detail.composition.version,
        ge: common[0]?.id ?? 'to_create',
        publicUrl: ctx.publicUrl,
      });
      detail = await getComposition(db, id);
      if (!detail) continue;
    }
    const result = await openPost(db, {
      detail,
      personId,
      version: detail.composition.version,
      form: {
        ...(postDefaults(detail) as { title: string; startDate: string; description: string }),
        // A range per month, as most demo posts of the field state it (SMIC to a little above).
        payMin: 185_000,
        payMax: 205_000,
        payUnit: 'month',
      },
    });
    if (result.ok) opened.push({ postId: result.postId, personId });
  }
  // The first post is already filled: the indicators count it, /postes lists the others.
  const [first] = opened;
  if (opened.length > 1 && first)
    await closePost(db, { postId: first.postId, personId: first.personId, version: 1, outcome: 'filled' });
}
