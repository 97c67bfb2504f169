/** Following an invitation link: see the organization, sign in or up, accept. */
import { signedInPerson } from '../common/access';
import { NotFound } from '../common/errors';
import { formBody, idParams, type RouteApp, tokenParams } from '../common/route-schemas';
import {
  acceptInvitation,
  findInvitationById,
  findInvitationByToken,
  type InvitationView,
} from './invitations';

const STATUS = { valid: 200, expired: 410, used: 410 } as const;

export default async function invitationRoutes(app: RouteApp) {
  const link = { config: { access: 'public' as const }, schema: { params: tokenParams } };
  app.get('/invitations/:token', link, async (request, reply) => {
    const { token } = request.params;
    const invitation = await findInvitationByToken(app.db, token);
    return reply.render(
      { page: 'organizations/invitation', status: invitation ? STATUS[invitation.state] : 404 },
      {
        invitation,
        token,
        suite: `/invitations/${token}`,
        alreadyMember:
          invitation &&
          request.person?.memberships.some((m) => m.organizationId === invitation.organizationId),
      },
    );
  });

  const accepted = async (invitation: InvitationView, personId: number) => {
    if (invitation.state !== 'valid') return false;
    return acceptInvitation(app.db, invitation.id, personId);
  };

  const accept = { config: { access: 'signedIn' as const }, schema: { params: tokenParams, body: formBody } };
  app.post('/invitations/:token', accept, async (request, reply) => {
    const { token } = request.params;
    const person = signedInPerson(request);
    const invitation = await findInvitationByToken(app.db, token);
    if (!invitation) throw new NotFound('Cette invitation n’existe pas.');
    if (!(await accepted(invitation, person.id))) {
      const fresh = (await findInvitationByToken(app.db, token)) ?? invitation;
      return reply.render(
        { page: 'organizations/invitation', status: 410 },
        { invitation: fresh, token, suite: `/invitations/${token}` },
      );
    }
    reply.flash(`Vous avez rejoint ${invitation.organizationName}.`);
    return reply.redirect(`/organisations/${invitation.organizationId}`, 303);
  });

  // From the dashboard: invitations addressed to the signed-in person's own email, without the link.
  const received = { config: { access: 'signedIn' as const }, schema: { params: idParams, body: formBody } };
  app.post('/invitations/recues/:id/accepter', received, async (request, reply) => {
    const person = signedInPerson(request);
    const invitation = await findInvitationById(app.db, request.params.id);
    if (!invitation || invitation.email !== person.email) throw new NotFound();
    if (!(await accepted(invitation, person.id))) {
      reply.flash('Cette invitation a expiré ou a déjà été utilisée.');
      return reply.redirect('/tableau-de-bord', 303);
    }
    reply.flash(`Vous avez rejoint ${invitation.organizationName}.`);
    return reply.redirect(`/organisations/${invitation.organizationId}`, 303);
  });
}
