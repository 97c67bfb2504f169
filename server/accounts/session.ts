/**
 * Sessions: a random token in an HttpOnly, SameSite=Lax cookie; the database keeps only its SHA-256,
 * so a leaked table opens no session. A new token is issued at every sign-in (no fixation).
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, inArray } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Db, DbOrTx } from '../../db/client';
import { facilitatorTerritories, memberships, organizations, people, sessions } from '../../db/schema';
import type { MemberRole, OrganizationKind, OrganizationStatus } from '../../db/schema/organizations';
import { frenchOrder } from '../common/french';

export const SESSION_COOKIE = 'mosaique_session';
const SESSION_DAYS = 14;

export interface PersonMembership {
  organizationId: number;
  name: string;
  kind: OrganizationKind;
  status: OrganizationStatus;
  role: MemberRole;
}

export interface CurrentPerson {
  id: number;
  email: string;
  displayName: string;
  isAdmin: boolean;
  territories: string[];
  memberships: PersonMembership[];
}

declare module 'fastify' {
  interface FastifyRequest {
    person: CurrentPerson | null;
  }
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const newToken = () => randomBytes(32).toString('base64url');

export async function loadPerson(db: Db, token: string): Promise<CurrentPerson | null> {
  const [row] = await db
    .select({ id: people.id, email: people.email, displayName: people.displayName, isAdmin: people.isAdmin })
    .from(sessions)
    .innerJoin(people, eq(people.id, sessions.personId))
    .where(and(eq(sessions.tokenHash, hashToken(token)), gt(sessions.expiresAt, new Date())));
  if (!row) return null;
  return { ...row, ...(await personRights(db, row.id)) };
}

export async function personRights(db: Db, personId: number) {
  const [orgs, territories] = await Promise.all([
    db
      .select({
        organizationId: organizations.id,
        name: organizations.name,
        kind: organizations.kind,
        status: organizations.status,
        role: memberships.role,
      })
      .from(memberships)
      .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
      .where(eq(memberships.personId, personId))
      .orderBy(frenchOrder(organizations.name)),
    db
      .select({ departement: facilitatorTerritories.departement })
      .from(facilitatorTerritories)
      .where(eq(facilitatorTerritories.personId, personId))
      .orderBy(facilitatorTerritories.departement),
  ]);
  return { memberships: orgs, territories: territories.map((t) => t.departement) };
}

/** Opens a new session for the person, replacing the one the request came with (rotation). */
export async function startSession(db: Db, request: FastifyRequest, reply: FastifyReply, personId: number) {
  await endSession(db, request, reply);
  const token = newToken();
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  await db.insert(sessions).values({ tokenHash: hashToken(token), personId, expiresAt });
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: 'auto',
    expires: expiresAt,
  });
}

export async function endSession(db: Db, request: FastifyRequest, reply: FastifyReply) {
  const token = request.cookies[SESSION_COOKIE];
  if (token) await db.delete(sessions).where(eq(sessions.tokenHash, hashToken(token)));
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** Signs a person out everywhere, e.g. after a password reset. */
export async function endAllSessions(db: DbOrTx, personIds: number[]) {
  if (personIds.length) await db.delete(sessions).where(inArray(sessions.personId, personIds));
}

export default fp(
  async (app: FastifyInstance) => {
    app.decorateRequest('person', null);
    app.addHook('onRequest', async (request) => {
      const token = request.cookies[SESSION_COOKIE];
      if (!token || request.url.startsWith('/static/')) return;
      request.person = await loadPerson(app.db, token);
    });
  },
  { name: 'session', dependencies: ['db'] },
);
