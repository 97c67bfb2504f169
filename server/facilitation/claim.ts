/**
 * Claiming a structure an import created: the facilitator invites someone of the structure as its
 * owner. It is the organizations' invitation (same table, same emailed link, accepted at
 * /invitations/:token by the organizations capability), with the role `owner` and its own wording.
 */
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { invitations } from '../../db/schema';
import { elide } from '../common/french';
import { enqueueMail } from '../mail/service';
import { createInvitation, INVITATION_DAYS } from '../organizations/invitations';

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
    const link = await createInvitation(tx, { ...options, role: 'owner' });
    await enqueueMail(tx, {
      to: options.email,
      subject: `Revendiquez la page ${elide('de', options.organizationName)} sur Mosaïque`,
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
