/**
 * What came out of a session: compositions agreed, GEs to create, posts opened, follow-ups, each with
 * the organizations concerned and links to the app's compositions and shared posts. The compositions
 * and posts offered are those of the session's run and of its territory, so a facilitator links only
 * records of their own territory.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import {
  compositionNeeds,
  compositions,
  matchmakingOutcomeOrganizations,
  matchmakingOutcomes,
  needs,
  organizations,
  type SessionRunResult,
  sharedPosts,
} from '../../db/schema';
import { frenchOrder } from '../common/french';
import type { OutcomeInput } from './schemas';

interface SessionRef {
  id: number;
  departements: string[];
  lastRun: SessionRunResult | null;
}

export async function listOutcomes(db: DbOrTx, sessionId: number) {
  const rows = await db
    .select({
      id: matchmakingOutcomes.id,
      kind: matchmakingOutcomes.kind,
      note: matchmakingOutcomes.note,
      dueDate: matchmakingOutcomes.dueDate,
      createdAt: matchmakingOutcomes.createdAt,
      compositionId: matchmakingOutcomes.compositionId,
      compositionLabel: compositions.roleLabel,
      compositionStatus: compositions.status,
      postId: matchmakingOutcomes.postId,
      postTitle: sharedPosts.title,
    })
    .from(matchmakingOutcomes)
    .leftJoin(compositions, eq(compositions.id, matchmakingOutcomes.compositionId))
    .leftJoin(sharedPosts, eq(sharedPosts.id, matchmakingOutcomes.postId))
    .where(eq(matchmakingOutcomes.sessionId, sessionId))
    .orderBy(asc(matchmakingOutcomes.createdAt), asc(matchmakingOutcomes.id));
  const orgs = rows.length
    ? await db
        .select({
          outcomeId: matchmakingOutcomeOrganizations.outcomeId,
          id: organizations.id,
          name: organizations.name,
        })
        .from(matchmakingOutcomeOrganizations)
        .innerJoin(organizations, eq(organizations.id, matchmakingOutcomeOrganizations.organizationId))
        .where(
          inArray(
            matchmakingOutcomeOrganizations.outcomeId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(frenchOrder(organizations.name))
    : [];
  return rows.map((r) => ({ ...r, organizations: orgs.filter((o) => o.outcomeId === r.id) }));
}

/** Compositions a facilitator may link: those of the session's run, then the territory's recent ones. */
export async function compositionChoices(db: DbOrTx, session: SessionRef, limit = 100) {
  const fromRun = (session.lastRun?.groups ?? [])
    .map((g) => g.compositionId)
    .filter((id): id is number => id !== null);
  const rows = await db
    .selectDistinct({
      id: compositions.id,
      roleLabel: compositions.roleLabel,
      status: compositions.status,
      kind: compositions.kind,
      hoursHundredths: compositions.hoursHundredths,
      createdAt: compositions.createdAt,
    })
    .from(compositions)
    .innerJoin(compositionNeeds, eq(compositionNeeds.compositionId, compositions.id))
    .innerJoin(needs, eq(needs.id, compositionNeeds.needId))
    .where(
      and(
        inArray(needs.departement, session.departements),
        inArray(compositions.status, ['proposed', 'accepted', 'post_opened', 'filled']),
      ),
    )
    .orderBy(desc(compositions.createdAt))
    .limit(limit);
  const names = rows.length
    ? await db
        .select({ compositionId: compositionNeeds.compositionId, name: organizations.name })
        .from(compositionNeeds)
        .innerJoin(organizations, eq(organizations.id, compositionNeeds.organizationId))
        .where(
          inArray(
            compositionNeeds.compositionId,
            rows.map((r) => r.id),
          ),
        )
    : [];
  const labelled = rows.map((r) => ({
    ...r,
    inRun: fromRun.includes(r.id),
    organizations: [...new Set(names.filter((n) => n.compositionId === r.id).map((n) => n.name))].sort(),
  }));
  return labelled.sort((a, b) => Number(b.inRun) - Number(a.inRun));
}

/** Shared posts of the territory, newest first. */
export async function postChoices(db: DbOrTx, session: SessionRef, limit = 100) {
  return db
    .select({ id: sharedPosts.id, title: sharedPosts.title, status: sharedPosts.status })
    .from(sharedPosts)
    .where(sql`${sharedPosts.departements} && ${sql.param(session.departements)}::text[]`)
    .orderBy(desc(sharedPosts.createdAt))
    .limit(limit);
}

/**
 * Records an outcome. The form's links must be among the choices shown (the caller checks the
 * organizations against the invited ones); returns the new id.
 */
export async function createOutcome(
  db: DbOrTx,
  sessionId: number,
  personId: number,
  input: OutcomeInput,
): Promise<number> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(matchmakingOutcomes)
      .values({
        sessionId,
        kind: input.kind,
        compositionId: input.compositionId,
        postId: input.postId,
        note: input.note ?? '',
        dueDate: input.dueDate,
        createdBy: personId,
      })
      .returning({ id: matchmakingOutcomes.id });
    if (input.organizationIds.length)
      await tx
        .insert(matchmakingOutcomeOrganizations)
        .values(input.organizationIds.map((organizationId) => ({ outcomeId: row.id, organizationId })));
    return row.id;
  });
}

export async function deleteOutcome(db: DbOrTx, sessionId: number, outcomeId: number): Promise<boolean> {
  const deleted = await db
    .delete(matchmakingOutcomes)
    .where(and(eq(matchmakingOutcomes.id, outcomeId), eq(matchmakingOutcomes.sessionId, sessionId)))
    .returning({ id: matchmakingOutcomes.id });
  return deleted.length > 0;
}
