/**
 * Sessions: a random token in an HttpOnly, SameSite=Lax cookie; the database keeps only its SHA-256,
 * so a leaked table opens no session. A new token is issued at every sign-in (no fixation).
 */
import { createHash, randomBytes } from 'node:crypto';
import { eq, inArray, type SQL, sql, type Table } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { type Db, type DbOrTx, rawRows } from '../../db/client';
import { facilitatorTerritories, memberships, organizations, people, sessions } from '../../db/schema';
import type { MemberRole, OrganizationKind, OrganizationStatus } from '../../db/schema/organizations';

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
    /** The registered person columns (`app.addPersonColumn`), read with the session; null when signed out. */
    personExtras: Record<string, unknown> | null;
  }
  interface FastifyInstance {
    /** Adds a per-person value read with the session, once per signed-in request (see `loadPerson`). */
    addPersonColumn(key: string, column: PersonColumn, tables: readonly Table[]): void;
  }
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const newToken = () => randomBytes(32).toString('base64url');

/**
 * More per-person data another capability wants on every signed-in request, read in the same statement as
 * the session (the notifications' unread count): a scalar subquery over the person's id.
 */
export type PersonColumn = (personId: SQL) => SQL;

/**
 * The session's person with their memberships and territories, and the registered extra columns, in ONE
 * statement: it runs before every signed-in request, and on embedded PGlite each statement is a turn of
 * the server's only thread (four statements were a third of a light page's time).
 */
export async function loadPerson(
  db: Db,
  token: string,
  columns: ReadonlyMap<string, PersonColumn> = new Map(),
): Promise<{ person: CurrentPerson; extras: Record<string, unknown>; expiresAt: number } | null> {
  const personId = sql`${people.id}`;
  const extras = [...columns].map(
    ([key, column]) => sql`, ${column(personId)} as ${sql.identifier(`x_${key}`)}`,
  );
  const [row] = await rawRows<Record<string, unknown>>(
    db,
    sql`select ${people.id} as id, ${people.email} as email, ${people.displayName} as display_name,
          ${people.isAdmin} as is_admin, ${sessions.expiresAt} as expires_at,
          coalesce((select json_agg(json_build_object(
              'organizationId', o.id, 'name', o.name, 'kind', o.kind, 'status', o.status, 'role', m.role)
              order by o.name collate "und-x-icu", o.id)
            from ${memberships} m join ${organizations} o on o.id = m.organization_id
            where m.person_id = ${people.id}), '[]'::json) as memberships,
          coalesce((select json_agg(t.departement order by t.departement)
            from ${facilitatorTerritories} t where t.person_id = ${people.id}), '[]'::json) as territories
          ${sql.join(extras)}
        from ${sessions} join ${people} on ${people.id} = ${sessions.personId}
        where ${sessions.tokenHash} = ${hashToken(token)} and ${sessions.expiresAt} > now()`,
  );
  if (!row) return null;
  const json = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;
  return {
    person: {
      id: Number(row.id),
      email: String(row.email),
      displayName: String(row.display_name),
      isAdmin: Boolean(row.is_admin),
      memberships: json<PersonMembership[]>(row.memberships),
      territories: json<string[]>(row.territories),
    },
    extras: Object.fromEntries([...columns.keys()].map((key) => [key, row[`x_${key}`]])),
    expiresAt: new Date(row.expires_at as string | Date).getTime(),
  };
}

/** The tables loadPerson reads, besides those of the registered columns. */
const SESSION_TABLES: readonly Table[] = [
  sessions,
  people,
  memberships,
  organizations,
  facilitatorTerritories,
];

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
    const columns = new Map<string, PersonColumn>();
    // Built once, read on every signed-in request.
    const tables: Table[] = [...SESSION_TABLES];
    app.decorate('addPersonColumn', (key: string, column: PersonColumn, reads: readonly Table[]) => {
      columns.set(key, column);
      for (const table of reads) if (!tables.includes(table)) tables.push(table);
    });
    app.decorateRequest('person', null);
    app.decorateRequest('personExtras', null);
    app.addHook('onRequest', async (request) => {
      const token = request.cookies[SESSION_COOKIE];
      if (!token || request.url.startsWith('/static/')) return;
      // Every signed-in request reads its session: kept in the read cache (PGlite) until one of the tables
      // read changes (a sign-out deletes the session row, so it ends at once), and never past its expiry.
      const loaded = await app.readCache.read(
        `session:${hashToken(token)}`,
        tables,
        () => loadPerson(app.db, token, columns),
        { ttlMs: (found) => (found ? found.expiresAt - Date.now() : 0) },
      );
      request.person = loaded?.person ?? null;
      request.personExtras = loaded?.extras ?? null;
    });
  },
  { name: 'session', dependencies: ['db'] },
);
