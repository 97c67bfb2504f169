/** Cooperation offers: create, edit, publish, withdraw, close (members); read with partner suggestions (anyone if public). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ORGANIZATION_KINDS } from '../../db/schema/organizations';
import { signedInPerson } from '../common/access';
import { HttpError, NotFound } from '../common/errors';
import { type FieldErrors, type FormValues, formValues, parseForm } from '../common/forms';
import { KIND_LABELS } from '../common/labels';
import { formBody, type IdRequest, idParams, type RouteApp } from '../common/route-schemas';
import { postedVersion, registerStatusActions } from '../common/status-actions';
import { isMemberOf } from '../needs/permissions';
import { OFFER_KIND_LABELS, OFFER_STATUS_LABELS } from '../vocabulary/offers';
import { interestedOrganizations, recordInterest } from './interests';
import { assertCanEditOffer, assertCanViewOffer, canEditOffer } from './permissions';
import { offerFormSchema } from './schemas';
import {
  canMoveOfferTo,
  createOffer,
  getOffer,
  listOffersForOrganizations,
  type OfferWithOrganization,
  setOfferStatus,
  updateOffer,
} from './service';
import { suggestPartners } from './suggestions';

const CONFLICT_MESSAGE =
  'Cette offre a été modifiée par quelqu’un d’autre pendant que vous la modifiiez. Vos changements ne sont pas enregistrés : comparez avec la version enregistrée ci-dessous, puis enregistrez à nouveau pour la remplacer.';

function valuesFromOffer(offer: OfferWithOrganization): FormValues {
  return {
    organizationId: String(offer.organizationId),
    kind: offer.kind,
    title: offer.title,
    description: offer.description,
    departements: offer.departements.join(', '),
    tenderDeadline: offer.tenderDeadline ?? '',
    partnerKinds: offer.partnerKinds,
    version: String(offer.version),
  };
}

export default async function offerRoutes(app: RouteApp) {
  const signedIn = { access: 'signedIn' as const };
  const onOffer = { config: signedIn, schema: { params: idParams, body: formBody } };

  const renderForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    template: 'new' | 'edit',
    values: FormValues,
    errors: FieldErrors,
    status: number,
    extra: Record<string, unknown> = {},
  ) =>
    reply.render(
      { page: `offers/${template}`, status },
      {
        values,
        errors,
        organizations: signedInPerson(request).memberships.map((m) => ({
          value: String(m.organizationId),
          label: m.name,
        })),
        kindOptions: Object.entries(OFFER_KIND_LABELS).map(([value, label]) => ({ value, label })),
        partnerOptions: ORGANIZATION_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] })),
        ...extra,
      },
    );

  const loadForEdit = async (request: IdRequest) =>
    assertCanEditOffer(request.person, await getOffer(app.db, request.params.id));

  app.get('/offres', { config: signedIn }, async (request, reply) => {
    const list = await listOffersForOrganizations(
      app.db,
      signedInPerson(request).memberships.map((m) => m.organizationId),
    );
    return reply.render(
      { page: 'offers/mine' },
      { offers: list, kindLabels: OFFER_KIND_LABELS, statusLabels: OFFER_STATUS_LABELS },
    );
  });

  app.get('/offres/nouvelle', { config: signedIn }, async (request, reply) => {
    const person = signedInPerson(request);
    const only = person.memberships.length === 1 ? String(person.memberships[0].organizationId) : '';
    return renderForm(request, reply, 'new', { organizationId: only }, {}, 200);
  });

  app.post('/offres', { config: signedIn, schema: { body: formBody } }, async (request, reply) => {
    const person = signedInPerson(request);
    const form = parseForm(offerFormSchema, request.body);
    if (!form.ok) return renderForm(request, reply, 'new', form.values, form.errors, 422);
    if (!isMemberOf(person, form.data.organizationId)) {
      return renderForm(
        request,
        reply,
        'new',
        formValues(request.body),
        { organizationId: 'Structure : choisissez une de vos structures.' },
        422,
      );
    }
    const { version: _v, ...data } = form.data;
    const publish = request.body.action === 'publish';
    const id = await createOffer(
      app.db,
      person.id,
      { ...data, description: data.description ?? '' },
      publish,
    );
    reply.flash(publish ? 'L’offre de coopération est publiée.' : 'L’offre est enregistrée comme brouillon.');
    return reply.redirect(`/offres/${id}`, 303);
  });

  app.get(
    '/offres/:id',
    { config: { access: 'public' }, schema: { params: idParams } },
    async (request, reply) => {
      const offer = assertCanViewOffer(request.person, await getOffer(app.db, request.params.id));
      const canEdit = canEditOffer(request.person, offer);
      const [suggestions, interested] = await Promise.all([
        suggestPartners(app.db, offer),
        interestedOrganizations(app.db, offer.id),
      ]);
      const mine = new Set(request.person?.memberships.map((m) => m.organizationId) ?? []);
      const canAnswer =
        offer.status === 'published' &&
        (request.person?.memberships ?? []).some((m) => m.organizationId !== offer.organizationId);
      return reply.render(
        { page: 'offers/show' },
        {
          offer,
          canEdit,
          canAnswer,
          answerOptions: (request.person?.memberships ?? [])
            .filter((m) => m.organizationId !== offer.organizationId)
            .map((m) => ({ value: String(m.organizationId), label: m.name })),
          interested,
          alreadyAnswered: interested.some((o) => mine.has(o.id)),
          suggestions,
          kindLabel: OFFER_KIND_LABELS[offer.kind],
          statusLabel: OFFER_STATUS_LABELS[offer.status],
          partnerLabels: offer.partnerKinds.map((k) => KIND_LABELS[k as keyof typeof KIND_LABELS] ?? k),
        },
      );
    },
  );

  app.post('/offres/:id/interet', onOffer, async (request, reply) => {
    const person = signedInPerson(request);
    const offer = assertCanViewOffer(person, await getOffer(app.db, request.params.id));
    const raw = String(request.body.organizationId ?? '');
    const organizationId = person.memberships.find((m) => String(m.organizationId) === raw)?.organizationId;
    if (!organizationId || organizationId === offer.organizationId || offer.status !== 'published') {
      reply.flash('Choisissez une de vos structures, autre que celle qui propose l’offre.');
      return reply.redirect(`/offres/${offer.id}`, 303);
    }
    await recordInterest(app.db, { offerId: offer.id, organizationId, personId: person.id });
    reply.flash('Votre intérêt est enregistré : la structure qui propose l’offre le voit sur sa page.');
    return reply.redirect(`/offres/${offer.id}`, 303);
  });

  app.get(
    '/offres/:id/modifier',
    { config: signedIn, schema: { params: idParams } },
    async (request, reply) => {
      const offer = await loadForEdit(request);
      return renderForm(request, reply, 'edit', valuesFromOffer(offer), {}, 200, { offer });
    },
  );

  app.post('/offres/:id', onOffer, async (request, reply) => {
    const offer = await loadForEdit(request);
    const version = postedVersion(request.body);
    if (version === null) throw new HttpError(400, 'La version du formulaire manque : rechargez la page.');
    const form = parseForm(offerFormSchema, {
      ...request.body,
      organizationId: String(offer.organizationId),
    });
    if (!form.ok)
      return renderForm(
        request,
        reply,
        'edit',
        { ...form.values, version: String(version) },
        form.errors,
        422,
        { offer },
      );
    const { organizationId: _o, version: _v, ...data } = form.data;
    const result = await updateOffer(app.db, offer.id, version, {
      ...data,
      description: data.description ?? '',
    });
    if (!result.ok) {
      if (!result.current) throw new NotFound();
      return renderForm(
        request,
        reply,
        'edit',
        { ...formValues(request.body), version: String(result.current.version) },
        { _form: CONFLICT_MESSAGE },
        409,
        {
          offer: result.current,
          conflict: result.current,
          kindLabel: OFFER_KIND_LABELS[result.current.kind],
        },
      );
    }
    reply.flash('Les modifications de l’offre sont enregistrées.');
    return reply.redirect(`/offres/${offer.id}`, 303);
  });

  registerStatusActions(app, {
    base: '/offres',
    actions: [
      ['publier', 'published', 'L’offre est publiée.'],
      ['retirer', 'withdrawn', 'L’offre est retirée : elle n’apparaît plus dans la recherche.'],
      ['clore', 'closed', 'L’offre est close.'],
    ],
    load: loadForEdit,
    canMove: canMoveOfferTo,
    setStatus: (id, version, to) => setOfferStatus(app.db, id, version, to),
    forbidden: (status) =>
      `Cette offre est « ${OFFER_STATUS_LABELS[status]} » : cette action n’est pas possible.`,
    conflict: 'Cette offre a été modifiée entre-temps : voici sa version actuelle, rien n’a été changé.',
  });
}
