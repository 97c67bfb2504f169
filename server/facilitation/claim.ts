/**
 * Claiming a structure an import created: the facilitator invites someone of the structure as its
 * owner. It is the organizations' invitation (same table, same emailed link, accepted at
 * /invitations/:token by the organizations capability), with the role `owner`: `inviteEditor` only
 * invites editors, so the row is written here.
 */
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { invitations } from '../../db/schema';
import { hashToken, newToken } from '../accounts/session';
import { enqueueMail } from '../mail/service';

const INVITATION_DAYS = 14;

export class AlreadyInvited extends Error {}

export async function inviteClaimant(
  db: Db,
  options: {
    organizationId: number;
    organizationName: string;
    email: string;
    invitedBy: { id: number; displayName: string };
    publicUrl: string;
  },
): Promise<void> {
  const token = newToken();
  const link = `${options.publicUrl}/invitations/${token}`;
  await db.transaction(async (tx) => {
    const pending = await tx
      .select({ id: invitations.id })
      .from(invitations)
      .where(
        and(
          eq(invitations.organizationId, options.organizationId),
          eq(invitations.email, options.email),
          eq(invitations.role, 'owner'),
          isNull(invitations.acceptedAt),
          gt(invitations.expiresAt, new Date()),
        ),
      );
    if (pending.length) throw new AlreadyInvited();
    await tx.insert(invitations).values({
      organizationId: options.organizationId,
      email: options.email,
      role: 'owner',
      tokenHash: hashToken(token),
      invitedBy: options.invitedBy.id,
      expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
    });
    await enqueueMail(tx, {
      to: options.email,
      subject: `Revendiquez la page de ${options.organizationName} sur Mosaïque`,
      kind: 'invitation',
      text: [
        'Bonjour,',
        '',
        `${options.invitedBy.displayName}, animateur ou animatrice de votre territoire, a recensé les besoins à temps partiel de « ${options.organizationName} » sur Mosaïque et vous invite à prendre en main la page de la structure : vérifier ses informations, publier ses besoins et suivre les propositions de postes partagés.`,
        '',
        `Pour accepter, ouvrez ce lien (valable ${INVITATION_DAYS} jours) :`,
        link,
        '',
        'Si vous ne faites pas partie de cette structure, ignorez ce message.',
        '',
        'L’équipe Mosaïque',
      ].join('\n'),
    });
  });
}
