/**
 * Matchmaking sessions: create, edit (version-checked), cancel, mark held, list by territory.
 * Database work only, no HTTP. The invited organizations and the scope are in participants.ts, the
 * outcomes in outcomes.ts, the matching run in run.ts.
 */
import { and, asc, desc, eq, getTableColumns, gte, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import {
  type MatchmakingStatus,
  matchmakingOutcomes,
  matchmakingSessionNeeds,
  matchmakingSessionOrganizations,
  matchmakingSessions,
} from '../../db/schema';
import type { SessionInput } from './schemas';

export type SessionRow = typeof matchmakingSessions.$inferSelect;

/** Sessions whose territory meets these départements (null: every session, for an admin). */
const onTerritory = (departements: string[] | null): SQL | undefined =>
  departements === null
    ? undefined
    : sql`${matchmakingSessions.departements} && ${sql.param(departements)}::text[]`;

export async function getSession(db: DbOrTx, id: number): Promise<SessionRow | undefined> {
  const [row] = await db.select().from(matchmakingSessions).where(eq(matchmakingSessions.id, id));
  return row;
}

/** The list page: upcoming sessions first (soonest first), then past and cancelled ones (latest first). */
export async function listSessions(db: DbOrTx, departements: string[] | null, now = new Date()) {
  const columns = {
    id: matchmakingSessions.id,
    kind: matchmakingSessions.kind,
    title: matchmakingSessions.title,
    startsAt: matchmakingSessions.startsAt,
    endsAt: matchmakingSessions.endsAt,
    communeName: matchmakingSessions.communeName,
    departements: matchmakingSessions.departements,
    status: matchmakingSessions.status,
    organizations:
      sql<number>`(select count(*) from ${matchmakingSessionOrganizations} where ${matchmakingSessionOrganizations.sessionId} = ${matchmakingSessions.id})`.mapWith(
        Number,
      ),
    needs:
      sql<number>`(select count(*) from ${matchmakingSessionNeeds} where ${matchmakingSessionNeeds.sessionId} = ${matchmakingSessions.id})`.mapWith(
        Number,
      ),
    outcomes:
      sql<number>`(select count(*) from ${matchmakingOutcomes} where ${matchmakingOutcomes.sessionId} = ${matchmakingSessions.id})`.mapWith(
        Number,
      ),
  };
  const [upcoming, past] = await Promise.all([
    db
      .select(columns)
      .from(matchmakingSessions)
      .where(
        and(
          onTerritory(departements),
          eq(matchmakingSessions.status, 'planned'),
          gte(matchmakingSessions.endsAt, now),
        ),
      )
      .orderBy(asc(matchmakingSessions.startsAt)),
    db
      .select(columns)
      .from(matchmakingSessions)
      .where(
        and(
          onTerritory(departements),
          or(sql`${matchmakingSessions.status} <> 'planned'`, lt(matchmakingSessions.endsAt, now)),
        ),
      )
      .orderBy(desc(matchmakingSessions.startsAt))
      .limit(200),
  ]);
  return { upcoming, past };
}

export async function createSession(db: DbOrTx, personId: number, input: SessionInput): Promise<number> {
  const [row] = await db
    .insert(matchmakingSessions)
    .values({ ...input, createdBy: personId })
    .returning({ id: matchmakingSessions.id });
  return row.id;
}

export type UpdateResult = { ok: true } | { ok: false; current: SessionRow | undefined };

/** Saves the form over the version it was read at; someone else's save in between refuses it. */
export async function updateSession(
  db: DbOrTx,
  id: number,
  version: number,
  input: SessionInput,
): Promise<UpdateResult> {
  const updated = await db
    .update(matchmakingSessions)
    .set({ ...input, version: sql`${matchmakingSessions.version} + 1`, updatedAt: new Date() })
    .where(and(eq(matchmakingSessions.id, id), eq(matchmakingSessions.version, version)))
    .returning({ id: matchmakingSessions.id });
  if (updated.length) return { ok: true };
  return { ok: false, current: await getSession(db, id) };
}

/**
 * Why a status change is refused, in French, or null when it is allowed: only a planned session is
 * cancelled or marked held, and a session is held once it has started.
 */
export function statusChangeRefusal(
  session: Pick<SessionRow, 'status' | 'startsAt'>,
  to: Exclude<MatchmakingStatus, 'planned'>,
  now = new Date(),
): string | null {
  if (session.status !== 'planned')
    return session.status === 'held'
      ? 'Cette rencontre est déjà marquée comme tenue.'
      : 'Cette rencontre est annulée : elle ne peut plus changer d’état.';
  if (to === 'held' && session.startsAt > now)
    return 'Cette rencontre n’a pas encore commencé : elle pourra être marquée comme tenue à partir de son début.';
  return null;
}

/** `now`: when it happened (the demo marks a past session held at its end). */
export async function setSessionStatus(
  db: DbOrTx,
  id: number,
  version: number,
  to: Exclude<MatchmakingStatus, 'planned'>,
  now = new Date(),
): Promise<boolean> {
  const updated = await db
    .update(matchmakingSessions)
    .set({
      status: to,
      heldAt: to === 'held' ? now : undefined,
      cancelledAt: to === 'cancelled' ? now : undefined,
      version: sql`${matchmakingSessions.version} + 1`,
      updatedAt: now,
    })
    .where(
      and(
        eq(matchmakingSessions.id, id),
        eq(matchmakingSessions.version, version),
        eq(matchmakingSessions.status, 'planned'),
      ),
    )
    .returning({ id: matchmakingSessions.id });
  return updated.length > 0;
}

/** The sessions these organizations are invited to, latest first (the participants' list). */
export async function participantSessions(db: DbOrTx, organizationIds: number[]): Promise<SessionRow[]> {
  if (!organizationIds.length) return [];
  return db
    .selectDistinct({ ...getTableColumns(matchmakingSessions) })
    .from(matchmakingSessions)
    .innerJoin(
      matchmakingSessionOrganizations,
      eq(matchmakingSessionOrganizations.sessionId, matchmakingSessions.id),
    )
    .where(inArray(matchmakingSessionOrganizations.organizationId, organizationIds))
    .orderBy(desc(matchmakingSessions.startsAt))
    .limit(200);
}
