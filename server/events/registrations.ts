/**
 * Registrations to a session open to the public: a structure registers (pending, or accepted at once when
 * the session accepts validated structures of its territory automatically), the facilitator accepts or
 * declines, a structure withdraws. An accepted registration is an invitation (a row of
 * matchmaking_session_organizations), so the participants' pages and the 1:1 meetings work as before.
 *
 * The cap counts the invited organizations. Every change that may take or free a place runs in one
 * transaction that first locks the session's settings row (SELECT … FOR UPDATE): two registrations for the
 * last place queue on that lock, the second one counts the first and goes to the waiting list. A place
 * freed (withdrawal, decline of an accepted structure) promotes the oldest waitlisted one in the same
 * transaction.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client';
import {
  matchmakingEventSettings,
  matchmakingRegistrations,
  matchmakingSessionNeeds,
  matchmakingSessionOffers,
  matchmakingSessionOrganizations,
  matchmakingSessions,
  organizations,
  type RegistrationStatus,
} from '../../db/schema';
import type { EventSettings } from './registration-reads';

export type RegistrationRow = typeof matchmakingRegistrations.$inferSelect;

export interface SettingsInput {
  open: boolean;
  programme: string;
  audience: string;
  capacity: number | null;
  autoAccept: boolean;
}

/** Opens (or updates) the registration of a session; raising the cap promotes waitlisted structures. */
export async function saveEventSettings(db: DbOrTx, sessionId: number, input: SettingsInput) {
  await db.transaction(async (tx) => {
    await tx
      .insert(matchmakingEventSettings)
      .values({ sessionId, ...input })
      .onConflictDoUpdate({
        target: matchmakingEventSettings.sessionId,
        set: { ...input, updatedAt: new Date() },
      });
    const settings = await lockSettings(tx, sessionId);
    if (settings) await promoteWaiting(tx, sessionId, settings.capacity);
  });
}

async function lockSettings(tx: Tx, sessionId: number): Promise<EventSettings | undefined> {
  const [row] = await tx
    .select()
    .from(matchmakingEventSettings)
    .where(eq(matchmakingEventSettings.sessionId, sessionId))
    .for('update');
  return row;
}

async function participantCount(tx: Tx, sessionId: number): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(matchmakingSessionOrganizations)
    .where(eq(matchmakingSessionOrganizations.sessionId, sessionId));
  return row.n;
}

interface Brought {
  organizationId: number;
  needIds: number[];
  offerIds: number[];
}

/** Invites the organization and puts the needs and offers it said it brings in the session's scope. */
async function invite(tx: Tx, sessionId: number, brought: Brought) {
  await tx
    .insert(matchmakingSessionOrganizations)
    .values({ sessionId, organizationId: brought.organizationId })
    .onConflictDoNothing();
  if (brought.needIds.length)
    await tx
      .insert(matchmakingSessionNeeds)
      .values(brought.needIds.map((needId) => ({ sessionId, needId })))
      .onConflictDoNothing();
  if (brought.offerIds.length)
    await tx
      .insert(matchmakingSessionOffers)
      .values(brought.offerIds.map((offerId) => ({ sessionId, offerId })))
      .onConflictDoNothing();
}

/** Fills the free places with the waitlisted structures, oldest registration first. */
async function promoteWaiting(tx: Tx, sessionId: number, capacity: number | null): Promise<number[]> {
  const free = capacity === null ? 1000 : capacity - (await participantCount(tx, sessionId));
  if (free <= 0) return [];
  const waiting = await tx
    .select({
      id: matchmakingRegistrations.id,
      organizationId: matchmakingRegistrations.organizationId,
      needIds: matchmakingRegistrations.needIds,
      offerIds: matchmakingRegistrations.offerIds,
    })
    .from(matchmakingRegistrations)
    .where(
      and(
        eq(matchmakingRegistrations.sessionId, sessionId),
        eq(matchmakingRegistrations.status, 'waitlisted'),
      ),
    )
    .orderBy(asc(matchmakingRegistrations.createdAt), asc(matchmakingRegistrations.id))
    .limit(free);
  for (const w of waiting) {
    await invite(tx, sessionId, w);
    await tx
      .update(matchmakingRegistrations)
      .set({ status: 'accepted', decidedAt: new Date() })
      .where(eq(matchmakingRegistrations.id, w.id));
  }
  return waiting.map((w) => w.organizationId);
}

/** Accepted when a place is left, waitlisted otherwise; the caller holds the settings lock. */
async function admit(tx: Tx, sessionId: number, capacity: number | null, brought: Brought) {
  const full = capacity !== null && (await participantCount(tx, sessionId)) >= capacity;
  if (full) return 'waitlisted' as const;
  await invite(tx, sessionId, brought);
  return 'accepted' as const;
}

export interface RegistrationInput {
  organizationId: number;
  needIds: number[];
  offerIds: number[];
  seeks: string;
}

export type RegisterResult =
  | { ok: true; status: RegistrationStatus }
  | { ok: false; reason: 'closed' | 'already' | 'invited' };

/**
 * Registers an organization. With automatic acceptance, a validated organization of the session's
 * territory is admitted at once (or waitlisted when full); any other waits for the facilitator.
 */
export async function register(
  db: DbOrTx,
  sessionId: number,
  personId: number,
  input: RegistrationInput,
): Promise<RegisterResult> {
  return db.transaction(async (tx): Promise<RegisterResult> => {
    const settings = await lockSettings(tx, sessionId);
    if (!settings?.open) return { ok: false, reason: 'closed' };
    const [invited] = await tx
      .select({ id: matchmakingSessionOrganizations.organizationId })
      .from(matchmakingSessionOrganizations)
      .where(
        and(
          eq(matchmakingSessionOrganizations.sessionId, sessionId),
          eq(matchmakingSessionOrganizations.organizationId, input.organizationId),
        ),
      );
    if (invited) return { ok: false, reason: 'invited' };
    // Registrations of a session are serialized by the settings lock: this read is still true below.
    const [earlier] = await tx
      .select({ id: matchmakingRegistrations.id, status: matchmakingRegistrations.status })
      .from(matchmakingRegistrations)
      .where(
        and(
          eq(matchmakingRegistrations.sessionId, sessionId),
          eq(matchmakingRegistrations.organizationId, input.organizationId),
        ),
      );
    // A structure that withdrew may register again; any other earlier registration stands.
    if (earlier && earlier.status !== 'withdrawn') return { ok: false, reason: 'already' };
    const [where] = await tx
      .select({
        status: organizations.status,
        inTerritory: sql<boolean>`${organizations.departement} = any(${matchmakingSessions.departements})`,
      })
      .from(organizations)
      .innerJoin(matchmakingSessions, eq(matchmakingSessions.id, sessionId))
      .where(eq(organizations.id, input.organizationId));
    const autoAcceptable = where?.status === 'validated' && Boolean(where.inTerritory);
    const status: RegistrationStatus =
      settings.autoAccept && autoAcceptable
        ? await admit(tx, sessionId, settings.capacity, input)
        : 'pending';
    const row = {
      ...input,
      status,
      registeredBy: personId,
      createdAt: new Date(),
      decidedAt: status === 'pending' ? null : new Date(),
    };
    if (earlier)
      await tx.update(matchmakingRegistrations).set(row).where(eq(matchmakingRegistrations.id, earlier.id));
    else await tx.insert(matchmakingRegistrations).values({ sessionId, ...row });
    return { ok: true, status };
  });
}

/**
 * The facilitator's decision on a registration: 'accept' admits it (or waitlists it when full), 'decline'
 * refuses it and frees its place if it had one. Returns the new status, or null when there is no such
 * registration.
 */
export async function decide(
  db: DbOrTx,
  sessionId: number,
  registrationId: number,
  decision: 'accept' | 'decline',
): Promise<RegistrationStatus | null> {
  return db.transaction(async (tx) => {
    const settings = await lockSettings(tx, sessionId);
    const [reg] = await tx
      .select()
      .from(matchmakingRegistrations)
      .where(
        and(
          eq(matchmakingRegistrations.id, registrationId),
          eq(matchmakingRegistrations.sessionId, sessionId),
        ),
      )
      .for('update');
    if (!reg) return null;
    if (decision === 'accept') {
      if (reg.status === 'accepted') return 'accepted';
      const status = await admit(tx, sessionId, settings?.capacity ?? null, reg);
      await tx
        .update(matchmakingRegistrations)
        .set({ status, decidedAt: new Date() })
        .where(eq(matchmakingRegistrations.id, reg.id));
      return status;
    }
    await leave(tx, reg, 'declined', settings?.capacity ?? null);
    return 'declined';
  });
}

/** A structure withdraws its registration (its place goes to the first of the waiting list). */
export async function withdraw(db: DbOrTx, sessionId: number, organizationId: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const settings = await lockSettings(tx, sessionId);
    const [reg] = await tx
      .select()
      .from(matchmakingRegistrations)
      .where(
        and(
          eq(matchmakingRegistrations.sessionId, sessionId),
          eq(matchmakingRegistrations.organizationId, organizationId),
          inArray(matchmakingRegistrations.status, ['pending', 'accepted', 'waitlisted']),
        ),
      )
      .for('update');
    if (!reg) return false;
    await leave(tx, reg, 'withdrawn', settings?.capacity ?? null);
    return true;
  });
}

async function leave(
  tx: Tx,
  reg: RegistrationRow,
  status: 'declined' | 'withdrawn',
  capacity: number | null,
) {
  await tx
    .update(matchmakingRegistrations)
    .set({ status, decidedAt: new Date() })
    .where(eq(matchmakingRegistrations.id, reg.id));
  if (reg.status !== 'accepted') return;
  await tx
    .delete(matchmakingSessionOrganizations)
    .where(
      and(
        eq(matchmakingSessionOrganizations.sessionId, reg.sessionId),
        eq(matchmakingSessionOrganizations.organizationId, reg.organizationId),
      ),
    );
  await promoteWaiting(tx, reg.sessionId, capacity);
}
