/** Administration: organizations awaiting validation, all organizations, facilitators and territories. */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ORGANIZATION_STATUSES } from '../../db/schema/organizations';
import { signedInPerson } from '../common/access';
import { NotFound } from '../common/errors';
import { type FieldErrors, type FormValues, formValues, parseForm } from '../common/forms';
import { formBody, id, idParams, type RouteApp } from '../common/route-schemas';
import { grantSchema, rejectSchema, revokeSchema, statusFilter } from './schemas';
import {
  decideOrganization,
  findPersonByEmail,
  grantTerritories,
  listFacilitators,
  organizationsByStatus,
  revokeTerritories,
} from './service';

const admin = { access: 'admin' as const };

export default async function adminRoutes(app: RouteApp) {
  app.get('/admin', { config: admin, schema: { querystring: statusFilter } }, async (request, reply) => {
    const filter = request.query.statut ?? 'toutes';
    const [pending, all] = await Promise.all([
      organizationsByStatus(app.db, 'pending'),
      organizationsByStatus(app.db, filter === 'toutes' ? undefined : filter),
    ]);
    return reply.render({ page: 'admin/index' }, { pending, all, filter, statuses: ORGANIZATION_STATUSES });
  });

  for (const [action, decision] of [
    ['valider', 'validated'],
    ['refuser', 'rejected'],
  ] as const) {
    const schema = { params: idParams, body: formBody };
    app.post(`/admin/organisations/:id/${action}`, { config: admin, schema }, async (request, reply) => {
      const { id } = request.params;
      const form = parseForm(rejectSchema, request.body);
      const done = await decideOrganization(app.db, {
        id,
        decision,
        adminId: signedInPerson(request).id,
        reason: form.ok ? form.data.motif : undefined,
        publicUrl: app.config.publicUrl,
      });
      if (!done) throw new NotFound();
      reply.flash(
        decision === 'validated'
          ? 'Structure validée : ses responsables sont prévenus par e-mail.'
          : 'Structure refusée : ses responsables sont prévenus par e-mail.',
      );
      return reply.redirect('/admin', 303);
    });
  }

  const facilitatorsPage = async (
    reply: FastifyReply,
    form: { values?: FormValues; errors?: FieldErrors } = {},
    status = 200,
  ) =>
    reply.render(
      { page: 'admin/facilitators', status },
      { facilitators: await listFacilitators(app.db), values: form.values ?? {}, errors: form.errors ?? {} },
    );

  app.get('/admin/animateurs', { config: admin }, async (_request, reply) => facilitatorsPage(reply));

  app.post('/admin/animateurs', { config: admin, schema: { body: formBody } }, async (request, reply) => {
    const form = parseForm(grantSchema, request.body);
    if (!form.ok) return facilitatorsPage(reply, form, 422);
    const person = await findPersonByEmail(app.db, form.data.email);
    if (!person) {
      return facilitatorsPage(
        reply,
        {
          values: formValues(request.body),
          errors: {
            email:
              'Adresse e-mail : aucun compte n’existe avec cette adresse. La personne doit d’abord créer son compte sur Mosaïque.',
          },
        },
        422,
      );
    }
    await grantTerritories(app.db, person.id, form.data.departements, signedInPerson(request).id);
    reply.flash(`${person.displayName} anime désormais : ${form.data.departements.join(', ')}.`);
    return reply.redirect('/admin/animateurs', 303);
  });

  const revoke = { params: z.object({ personId: id }), body: formBody };
  app.post(
    '/admin/animateurs/:personId/retirer',
    { config: admin, schema: revoke },
    async (request, reply) => {
      const { personId } = request.params;
      const form = parseForm(revokeSchema, request.body);
      if (!form.ok) return facilitatorsPage(reply, { errors: { _form: form.errors.departement } }, 422);
      const dep = form.data.departement;
      const removed = await revokeTerritories(app.db, personId, dep ? [dep] : undefined);
      if (!removed) throw new NotFound();
      reply.flash(dep ? `Territoire ${dep} retiré.` : 'Rôle d’animateur retiré.');
      return reply.redirect('/admin/animateurs', 303);
    },
  );
}
