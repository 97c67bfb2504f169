/** Needs: create, edit, publish, withdraw, duplicate (members of the organization), read (anyone if public). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { signedInPerson } from '../common/access';
import { HttpError, NotFound } from '../common/errors';
import { type FieldErrors, type FormValues, formValues, parseForm } from '../common/forms';
import { formBody, type IdRequest, idParams, type RouteApp } from '../common/route-schemas';
import { postedVersion, registerStatusActions } from '../common/status-actions';
import { communeSuggestions, roleByCode } from '../vocabulary/lookups';
import { DAYS, HALVES, hoursLabel, slotLabel } from '../vocabulary/week';
import { dashboardNeeds } from './dashboard';
import { needFormData, pickedRole, summaryFromValues, valuesFromNeed } from './form';
import {
  assertCanEditNeed,
  assertCanViewNeed,
  canEditNeed,
  canSeeSuggestions,
  isMemberOf,
} from './permissions';
import { communesQuery, editQuery, needFormSchema, newNeedQuery, summaryQuery } from './schemas';
import {
  canMoveTo,
  createNeed,
  duplicateNeed,
  getNeed,
  NEED_STATUS_LABELS,
  type NeedWithOrganization,
  setNeedStatus,
  updateNeed,
} from './service';
import { currentSuggestion, describeChange, suggestionsForNeed, valuesWithChange } from './suggestions';

const CONFLICT_MESSAGE =
  'Ce besoin a été modifié par quelqu’un d’autre pendant que vous le modifiiez. Vos changements ne sont pas enregistrés : comparez avec la version enregistrée ci-dessous, puis enregistrez à nouveau si vous voulez remplacer celle-ci.';

export default async function needRoutes(app: RouteApp) {
  const signedIn = { access: 'signedIn' as const };
  const form = { config: signedIn, schema: { body: formBody } };
  const onNeed = { config: signedIn, schema: { params: idParams, body: formBody } };

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
      { page: `needs/${template}`, status },
      needFormData(signedInPerson(request), values, errors, extra),
    );

  const loadForEdit = async (request: IdRequest) =>
    assertCanEditNeed(request.person, await getNeed(app.db, request.params.id));

  app.get('/besoins', { config: signedIn }, async (request, reply) => {
    const mine = await dashboardNeeds(app.db, signedInPerson(request));
    return reply.render({ page: 'needs/mine' }, { needs: mine.needs, statusLabels: mine.statusLabels });
  });

  const newNeed = { config: signedIn, schema: { querystring: newNeedQuery } };
  app.get('/besoins/nouveau', newNeed, async (request, reply) => {
    const person = signedInPerson(request);
    const asked = request.query.organisation;
    const organizationId =
      person.memberships.find((m) => String(m.organizationId) === asked)?.organizationId ??
      (person.memberships.length === 1 ? person.memberships[0].organizationId : undefined);
    const values: FormValues = {
      organizationId: organizationId ? String(organizationId) : '',
      timetable: 'fixed',
      maxTravelKm: '20',
    };
    return renderForm(request, reply, 'new', values, {}, 200);
  });

  app.post('/besoins', form, async (request, reply) => {
    const person = signedInPerson(request);
    const role = pickedRole(request.body);
    const form = parseForm(needFormSchema, role.body);
    if (!form.ok || role.error) {
      const errors = { ...(form.ok ? {} : form.errors), ...(role.error ? { roleCode: role.error } : {}) };
      const values = form.ok ? formValues(role.body) : form.values;
      return renderForm(request, reply, 'new', values, errors, 422, { roleChoices: role.choices });
    }
    if (!isMemberOf(person, form.data.organizationId)) {
      const errors = { organizationId: 'Structure : choisissez une de vos structures.' };
      return renderForm(request, reply, 'new', formValues(request.body), errors, 422);
    }
    const publish = request.body.action === 'publish';
    const id = await createNeed(app.db, person.id, form.data, { publish });
    reply.flash(publish ? 'Le besoin est publié.' : 'Le besoin est enregistré comme brouillon.');
    return reply.redirect(`/besoins/${id}`, 303);
  });

  // The summary beside the week grid, refreshed by htmx as hours and half-days change.
  app.get(
    '/besoins/resume',
    { config: signedIn, schema: { querystring: summaryQuery } },
    async (request, reply) =>
      reply.render({ page: 'needs/_summary' }, { summary: summaryFromValues(formValues(request.query)) }),
  );

  app.get(
    '/besoins/communes',
    { config: signedIn, schema: { querystring: communesQuery } },
    async (request, reply) =>
      reply.render({ page: 'needs/_commune-options' }, { places: communeSuggestions(request.query.commune) }),
  );

  app.get(
    '/besoins/:id',
    { config: { access: 'public' }, schema: { params: idParams } },
    async (request, reply) => {
      const need = assertCanViewNeed(request.person, await getNeed(app.db, request.params.id));
      const canEdit = request.person ? canEditNeed(request.person, need) : false;
      // What would complete it: for its own structure, which alone can make the change.
      const suggestions = canSeeSuggestions(request.person, need)
        ? await suggestionsForNeed(app.db, need)
        : [];
      return reply.render({ page: 'needs/show' }, { ...showData(need, canEdit), suggestions });
    },
  );

  // `?suggestion=ID` fills a suggested change in; the need is saved (version-checked) only by the form.
  const edit = { config: signedIn, schema: { params: idParams, querystring: editQuery } };
  app.get('/besoins/:id/modifier', edit, async (request, reply) => {
    const need = await loadForEdit(request);
    const asked = request.query.suggestion;
    if (asked === undefined)
      return renderForm(request, reply, 'edit', valuesFromNeed(need), {}, 200, { need });
    const suggestion = asked ? await currentSuggestion(app.db, need, asked) : undefined;
    if (!suggestion)
      return renderForm(request, reply, 'edit', valuesFromNeed(need), {}, 200, {
        need,
        staleSuggestion: true,
      });
    const values = valuesWithChange(valuesFromNeed(need), suggestion.change);
    return renderForm(request, reply, 'edit', values, {}, 200, {
      need,
      suggestion: describeChange(need, suggestion.change),
    });
  });

  app.post('/besoins/:id', onNeed, async (request, reply) => {
    const need = await loadForEdit(request);
    const version = postedVersion(request.body);
    if (version === null) throw new HttpError(400, 'La version du formulaire manque : rechargez la page.');
    // The organization of a need does not change on edit: the posted one is ignored.
    const role = pickedRole(request.body);
    const body = { ...role.body, organizationId: String(need.organizationId) };
    const form = parseForm(needFormSchema, body);
    if (!form.ok || role.error) {
      const errors = { ...(form.ok ? {} : form.errors), ...(role.error ? { roleCode: role.error } : {}) };
      const values = form.ok ? formValues(body) : form.values;
      return renderForm(request, reply, 'edit', { ...values, version: String(version) }, errors, 422, {
        need,
        roleChoices: role.choices,
      });
    }
    const { organizationId: _ignored, ...input } = form.data;
    const result = await updateNeed(app.db, need.id, version, input);
    if (!result.ok) {
      if (!result.current) throw new NotFound();
      // Show the person's input, the saved version beside it, and let a new save replace the latter.
      return renderForm(
        request,
        reply,
        'edit',
        { ...formValues(request.body), version: String(result.current.version) },
        { _form: CONFLICT_MESSAGE },
        409,
        { need: result.current, conflict: showData(result.current, true) },
      );
    }
    reply.flash('Les modifications du besoin sont enregistrées.');
    return reply.redirect(`/besoins/${need.id}`, 303);
  });

  registerStatusActions(app, {
    base: '/besoins',
    actions: [
      ['publier', 'published', 'Le besoin est publié.'],
      ['retirer', 'withdrawn', 'Le besoin est retiré : il n’apparaît plus dans la recherche.'],
    ],
    load: loadForEdit,
    canMove: canMoveTo,
    setStatus: (id, version, to) => setNeedStatus(app.db, id, version, to),
    forbidden: (status) =>
      `Ce besoin est « ${NEED_STATUS_LABELS[status]} » : cette action n’est pas possible.`,
    conflict:
      'Ce besoin a été modifié entre-temps par quelqu’un d’autre : voici sa version actuelle, rien n’a été changé.',
  });

  app.post('/besoins/:id/dupliquer', onNeed, async (request, reply) => {
    const need = await loadForEdit(request);
    const id = await duplicateNeed(app.db, need.id, signedInPerson(request).id);
    reply.flash('Copie créée en brouillon : modifiez-la puis publiez-la.');
    return reply.redirect(`/besoins/${id}/modifier`, 303);
  });
}

/** A need as its page shows it. Contact details are never part of it. */
export function showData(need: NeedWithOrganization, canEdit: boolean) {
  const allowed = new Set(need.allowedSlots);
  return {
    need,
    canEdit,
    statusLabel: NEED_STATUS_LABELS[need.status],
    role: roleByCode(need.roleCode),
    hours: hoursLabel(need.hoursHundredths),
    fixed: need.allowedSlots.length === need.slotsNeeded,
    slotLabels: need.allowedSlots.map(slotLabel),
    grid: HALVES.map((half) => ({
      label: half.label,
      cells: DAYS.map((day) => ({ day: day.label, on: allowed.has(`${day.key}-${half.key}`) })),
    })),
    days: DAYS,
  };
}
