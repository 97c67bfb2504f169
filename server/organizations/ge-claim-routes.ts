/** A GE's owners (or an admin) confirm or refuse the structures that say they belong to it. */
import { signedInPerson } from '../common/access';
import { NotFound } from '../common/errors';
import { formBody, id, idParams, type RouteApp } from '../common/route-schemas';
import { type ClaimDecision, decideClaim } from './ge-claims';
import { assertCanDecideGeClaims } from './permissions';
import { findOrganization } from './service';

const FLASH: Record<ClaimDecision, string> = {
  confirmed: 'Adhésion confirmée : elle compte désormais dans les compositions.',
  refused: 'Adhésion refusée : la structure n’apparaît pas parmi les membres du groupement.',
};

export default async function geClaimRoutes(app: RouteApp) {
  const decide = (status: ClaimDecision) =>
    app.post(
      `/organisations/:id/adhesions/:memberId/${status === 'confirmed' ? 'confirmer' : 'refuser'}`,
      {
        config: { access: 'signedIn' },
        schema: { params: idParams.extend({ memberId: id }), body: formBody },
      },
      async (request, reply) => {
        const person = signedInPerson(request);
        const ge = await findOrganization(app.db, request.params.id);
        if (!ge) throw new NotFound();
        assertCanDecideGeClaims(person, ge);
        const found = await decideClaim(app.db, {
          geId: ge.id,
          organizationId: request.params.memberId,
          status,
          personId: person.id,
        });
        if (!found) throw new NotFound();
        reply.flash(FLASH[status]);
        return reply.redirect(`/organisations/${ge.id}#adhesions`, 303);
      },
    );
  decide('confirmed');
  decide('refused');
}
