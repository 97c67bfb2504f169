/**
 * The directory of structures: /structures (page, htmx fragment, JSON with Accept: application/json),
 * a structure's page, "contacter", and the organization's own directory setting.
 */
import type { FastifyReply } from 'fastify';
import { signedInPerson } from '../common/access';
import { wantsJson } from '../common/error-pages';
import { NotFound } from '../common/errors';
import { type FieldErrors, type FormValues, formValues, parseForm } from '../common/forms';
import { KIND_LABELS } from '../common/labels';
import { countHit } from '../common/rate-limit';
import { formBody, type IdRequest, idParams, type RouteApp } from '../common/route-schemas';
import { assertCanEdit } from '../organizations/permissions';
import { findOrganization } from '../organizations/service';
import { departements } from '../places';
import { contactStructure, saveListing, structureProfile } from './profile';
import {
  CONTACT_MAX_LENGTH,
  contactSchema,
  directoryQuery,
  directoryQueryString,
  listingSchema,
} from './schemas';
import { searchStructures } from './service';

/** Messages a person may send through the directory in a day: enough to reach partners, not to spam. */
const CONTACTS_PER_DAY = 20;

export default async function directoryRoutes(app: RouteApp) {
  app.get(
    '/structures',
    { config: { access: 'public' }, schema: { querystring: directoryQuery } },
    async (request, reply) => {
      reply.header('Vary', 'Accept, HX-Request');
      const params = request.query;
      const result = await searchStructures(app.db, app.searchEngine, params);
      if (wantsJson(request)) {
        return reply.send({
          hits: result.hits,
          total: result.total,
          page: result.page,
          pages: result.pages,
          facets: result.facets,
          degraded: result.degraded,
        });
      }
      const link = (change: Parameters<typeof directoryQueryString>[1]) => {
        const qs = directoryQueryString(params, { page: 1, ...change });
        return qs ? `/structures?${qs}` : '/structures';
      };
      return reply.render(
        { page: 'directory/index', fragment: 'directory/_results' },
        {
          params,
          result,
          kinds: Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label })),
          departements: departements(),
          facetLinks: {
            kind: result.facets.kind.map((f) => ({
              ...f,
              href: link({ kind: f.value as typeof params.kind }),
            })),
            departement: result.facets.departement.map((f) => ({
              ...f,
              href: link({ departement: f.value }),
            })),
            activity: result.facets.activity.map((f) => ({ ...f, href: link({ activity: f.value }) })),
          },
          shareUrl: link({ page: params.page }),
          previous: result.page > 1 ? link({ page: result.page - 1 }) : null,
          next: result.page < result.pages ? link({ page: result.page + 1 }) : null,
        },
      );
    },
  );

  const showStructure = async (
    request: IdRequest,
    reply: FastifyReply,
    contact: { values?: FormValues; errors?: FieldErrors } = {},
    status = 200,
  ) => {
    const profile = await structureProfile(app.db, request.params.id);
    if (!profile) throw new NotFound();
    if (wantsJson(request)) {
      const { search: _words, _geo: _where, ...shown } = profile;
      return reply.send(shown);
    }
    const person = request.person;
    const senders = (person?.memberships ?? [])
      .filter((m) => m.status === 'validated' && m.organizationId !== profile.recordId)
      .map((m) => ({ value: String(m.organizationId), label: m.name }));
    return reply.status(status).render(
      { page: 'directory/show', status },
      {
        structure: profile,
        senders,
        contactValues: contact.values ?? {},
        contactErrors: contact.errors ?? {},
        contactMax: CONTACT_MAX_LENGTH,
      },
    );
  };

  app.get(
    '/structures/:id',
    { config: { access: 'public' }, schema: { params: idParams } },
    async (request, reply) => {
      reply.header('Vary', 'Accept');
      return showStructure(request, reply);
    },
  );

  app.post(
    '/structures/:id/contacter',
    { config: { access: 'signedIn' }, schema: { params: idParams, body: formBody } },
    async (request, reply) => {
      const person = signedInPerson(request);
      const profile = await structureProfile(app.db, request.params.id);
      if (!profile) throw new NotFound();
      const form = parseForm(contactSchema, request.body);
      if (!form.ok) return showStructure(request, reply, form, 422);
      const from = person.memberships.find(
        (m) =>
          m.organizationId === form.data.from &&
          m.status === 'validated' &&
          m.organizationId !== profile.recordId,
      );
      if (!from) {
        return showStructure(
          request,
          reply,
          {
            values: formValues(request.body),
            errors: { from: 'Structure qui écrit : choisissez une de vos structures validées.' },
          },
          422,
        );
      }
      const hit = await countHit(app.db, `directory-contact|${person.id}`, 24 * 3600_000);
      if (hit.hits > CONTACTS_PER_DAY) {
        return showStructure(
          request,
          reply,
          {
            values: formValues(request.body),
            errors: {
              _form: `Vous avez déjà envoyé ${CONTACTS_PER_DAY} messages aujourd’hui par l’annuaire : réessayez demain.`,
            },
          },
          429,
        );
      }
      await contactStructure(app.db, {
        to: { id: profile.recordId, name: profile.name },
        from: { id: from.organizationId, name: from.name },
        text: form.data.message,
        personId: person.id,
        publicUrl: app.config.publicUrl,
      });
      reply.flash(
        `Message envoyé à ${profile.name}. Ses membres le reçoivent par e-mail, sans que votre adresse soit montrée.`,
      );
      return reply.redirect(`/structures/${profile.recordId}`, 303);
    },
  );

  app.post(
    '/organisations/:id/annuaire',
    { config: { access: 'signedIn' }, schema: { params: idParams, body: formBody } },
    async (request, reply) => {
      const org = await findOrganization(app.db, request.params.id);
      if (!org) throw new NotFound();
      assertCanEdit(signedInPerson(request), org);
      const form = parseForm(listingSchema, request.body);
      if (!form.ok) {
        reply.flash(Object.values(form.errors)[0] ?? 'Annuaire : choix invalide.');
        return reply.redirect(`/organisations/${org.id}#annuaire`, 303);
      }
      await saveListing(app.db, org.id, form.data);
      reply.flash(
        form.data.listed
          ? 'La structure figure dans l’annuaire des structures (une fois validée).'
          : 'La structure n’apparaît plus dans l’annuaire des structures.',
      );
      return reply.redirect(`/organisations/${org.id}#annuaire`, 303);
    },
  );
}
