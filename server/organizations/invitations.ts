/**
 * Invitations: an owner invites an editor by email; the link carries a random token of which only the
 * SHA-256 is stored. Accepting spends the invitation and makes the person an editor.
 */
import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { invitations, memberships, organizations, people } from '../../db/schema';
import type { MemberRole } from '../../db/schema/organizations';
import { hashToken, newToken } from '../accounts/session';
import { countHit } from '../common/rate-limit';
import { enqueueMail } from '../mail/service';

export const INVITATION_DAYS = 14;

export class AlreadyMember extends Error {}

/**
 * Why an organization may not send an invitation now, in French, or null. A structure nobody has
 * validated yet must not be a way to mail any address; a validated one sends at most `limit.max` per
 * window, counted in the database so that every instance counts the same (this call counts one).
 */
export async function invitationRefusal(
  db: Db,
  org: { id: number; status: string },
  limit: { max: number; windowMs: number },
): Promise<string | null> {
  if (org.status !== 'validated')
    return 'Les invitations seront possibles dès que la structure aura été validée par l’équipe Mosaïque.';
  const hit = await countHit(db, `invitations|organization:${org.id}`, limit.windowMs);
  if (hit.hits <= limit.max) return null;
  const minutes = Math.max(1, Math.ceil(hit.ttlMs / 60_000));
  return `Cette structure a envoyé trop d’invitations en peu de temps (${limit.max} au plus) : réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`;
}

/**
 * Writes an invitation row (only the token's hash is kept) and returns the link to mail, in the caller's
 * transaction so that the mail and the row go together. Used for editors here and for the owners of
 * unclaimed structures by the facilitators' capability.
 */
export async function createInvitation(
  tx: DbOrTx,
  options: {
    organizationId: number;
    email: string;
    role: MemberRole;
    invitedBy: { id: number };
    publicUrl: string;
  },
): Promise<string> {
  const token = newToken();
  await tx.insert(invitations).values({
    organizationId: options.organizationId,
    email: options.email,
    role: options.role,
    tokenHash: hashToken(token),
    invitedBy: options.invitedBy.id,
    expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
  });
  return `${options.publicUrl}/invitations/${token}`;
}

export async function inviteEditor(
  db: Db,
  options: {
    organizationId: number;
    organizationName: string;
    email: string;
    invitedBy: { id: number; displayName: string };
    publicUrl: string;
  },
): Promise<void> {
  const already = await db
    .select({ id: people.id })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(and(eq(memberships.organizationId, options.organizationId), eq(people.email, options.email)));
  if (already.length) throw new AlreadyMember();
  await db.transaction(async (tx) => {
    const link = await createInvitation(tx, { ...options, role: 'editor' });
    await enqueueMail(tx, {
      to: options.email,
      subject: `Invitation à rejoindre ${options.organizationName} sur Mosaïque`,
      kind: 'invitation',
      text: [
        'Bonjour,',
        '',
        `${options.invitedBy.displayName} vous invite à rejoindre « ${options.organizationName} » sur Mosaïque, pour publier et suivre ses besoins et ses offres de coopération.`,
        '',
        `Pour accepter, ouvrez ce lien (valable ${INVITATION_DAYS} jours) :`,
        link,
        '',
        'Si vous ne connaissez pas cette structure, ignorez ce message.',
        '',
        'L’équipe Mosaïque',
      ].join('\n'),
    });
  });
}

export type InvitationState = 'valid' | 'expired' | 'used';

export interface InvitationView {
  id: number;
  email: string;
  organizationId: number;
  organizationName: string;
  organizationKind: string;
  communeName: string;
  invitedByName: string | null;
  state: InvitationState;
}

function baseQuery(db: DbOrTx) {
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      organizationId: invitations.organizationId,
      organizationName: organizations.name,
      organizationKind: organizations.kind,
      communeName: organizations.communeName,
      invitedByName: people.displayName,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
    })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
    .leftJoin(people, eq(people.id, invitations.invitedBy));
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

function toView(row: Row): InvitationView {
  const state: InvitationState = row.acceptedAt
    ? 'used'
    : row.expiresAt.getTime() <= Date.now()
      ? 'expired'
      : 'valid';
  const { expiresAt: _e, acceptedAt: _a, ...rest } = row;
  return { ...rest, state };
}

export async function findInvitationByToken(db: DbOrTx, token: string): Promise<InvitationView | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const [row] = await baseQuery(db).where(eq(invitations.tokenHash, hashToken(token)));
  return row ? toView(row) : undefined;
}

/** Valid invitations addressed to an email, for the dashboard. */
export async function invitationsForEmail(db: DbOrTx, email: string): Promise<InvitationView[]> {
  const rows = await baseQuery(db)
    .where(
      and(
        eq(invitations.email, email),
        isNull(invitations.acceptedAt),
        gt(invitations.expiresAt, new Date()),
      ),
    )
    .orderBy(asc(invitations.createdAt));
  return rows.map(toView);
}

export async function findInvitationById(db: DbOrTx, id: number): Promise<InvitationView | undefined> {
  const [row] = await baseQuery(db).where(eq(invitations.id, id));
  return row ? toView(row) : undefined;
}

/**
 * Spends a valid invitation and makes the person an editor (an existing membership is kept as it is).
 * False when the invitation was spent or expired meanwhile.
 */
export async function acceptInvitation(db: Db, invitationId: number, personId: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const spent = await tx
      .update(invitations)
      .set({ acceptedAt: new Date() })
      .where(
        and(
          eq(invitations.id, invitationId),
          isNull(invitations.acceptedAt),
          sql`${invitations.expiresAt} > now()`,
        ),
      )
      .returning({ organizationId: invitations.organizationId, role: invitations.role });
    if (!spent.length) return false;
    await tx
      .insert(memberships)
      .values({ organizationId: spent[0].organizationId, personId, role: spent[0].role })
      .onConflictDoNothing();
    // An owner taking up a structure created by a facilitator's import claims its page.
    if (spent[0].role === 'owner') {
      await tx
        .update(organizations)
        .set({ claimed: true })
        .where(eq(organizations.id, spent[0].organizationId));
    }
    return true;
  });
}
