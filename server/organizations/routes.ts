/** Organizations: create, show, edit, members. Invitations and the commune picker have their own files. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { signedInPerson } from '../common/access';
import { NotFound } from '../common/errors';
import { type FieldErrors, type FormValues, formValues, parseForm } from '../common/forms';
import { formBody, id, idParams, type RouteApp } from '../common/route-schemas';
import communeRoutes from './commune-routes';
import { type Commune, communeByCode, communeLabel } from './communes';
import { formView, parseOrganizationForm, valuesOf } from './form';
import geClaimRoutes from './ge-claim-routes';
import { pendingClaimsOf } from './ge-claims';
import invitationRoutes from './invitation-routes';
import { AlreadyMember, invitationRefusal, inviteEditor } from './invitations';
import { isListedInDirectory } from './listing';
import {
  assertCanEdit,
  assertCanView,
  canDecideGeClaims,
  canSeeMemberEmails,
  canSeeMembers,
  isOwner,
} from './permissions';
import { invitationSchema, versionField } from './schemas';
import {
  createOrganization,
  findOrganization,
  gesOf,
  membersOf,
  membersOfGe,
  type Organization,
  pendingInvitationsOf,
  removeMember,
  SiretTaken,
  updateOrganization,
} from './service';

export default async function organizationRoutes(app: RouteApp) {
  await app.register(communeRoutes);
  await app.register(invitationRoutes);
  await app.register(geClaimRoutes);
  const signedIn = { access: 'signedIn' as const };
  const onOrganization = { config: signedIn, schema: { params: idParams, body: formBody } };

  const renderForm = async (
    reply: FastifyReply,
    form: { values?: FormValues; errors?: FieldErrors; communeChoices?: Commune[] },
    org?: Organization,
    extra: Record<string, unknown> = {},
    status = 200,
  ) =>
    reply.render(
      { page: org ? 'organizations/edit' : 'organizations/new', status },
      { ...(await formView(app.db, form, org?.id)), org, ...extra },
    );

  async function loadOrg(id: number) {
    const org = await findOrganization(app.db, id);
    if (!org) throw new NotFound();
    return org;
  }

  app.get('/organisations/nouvelle', { config: signedIn }, async (_request, reply) => renderForm(reply, {}));

  app.post('/organisations', { config: signedIn, schema: { body: formBody } }, async (request, reply) => {
    const person = signedInPerson(request);
    const form = await parseOrganizationForm(app.db, request.body);
    if (!form.ok) return renderForm(reply, form, undefined, {}, 422);
    try {
      const id = await createOrganization(app.db, person.id, form.data, app.config.publicUrl);
      reply.flash(
        'Structure créée. Un administrateur doit la valider avant que ses publications soient visibles de tous.',
      );
      return reply.redirect(`/organisations/${id}`, 303);
    } catch (err) {
      if (!(err instanceof SiretTaken)) throw err;
      const values = {
        ...formValues(request.body),
        commune: communeLabel(form.data.commune),
        communeCode: form.data.commune.code,
      };
      return renderForm(
        reply,
        { values, errors: { siret: err.message }, communeChoices: [form.data.commune] },
        undefined,
        {},
        422,
      );
    }
  });

  /** The organization page; what it shows depends on who looks (permissions.ts). */
  async function showPage(
    request: FastifyRequest,
    reply: FastifyReply,
    org: Organization,
    invite: { values?: FormValues; errors?: FieldErrors } = {},
    status = 200,
  ) {
    const person = request.person;
    const seeMembers = canSeeMembers(person, org);
    const decideClaims = org.kind === 'GE' && canDecideGeClaims(person, org);
    const [ges, geMembers, members, pendingInvitations, claims] = await Promise.all([
      gesOf(app.db, org.id),
      org.kind === 'GE' ? membersOfGe(app.db, org.id) : Promise.resolve([]),
      seeMembers ? membersOf(app.db, org.id) : Promise.resolve([]),
      seeMembers ? pendingInvitationsOf(app.db, org.id) : Promise.resolve([]),
      decideClaims ? pendingClaimsOf(app.db, org.id) : Promise.resolve([]),
    ]);
    // Outsiders see only validated organizations in the GE lists, and only confirmed memberships.
    const visible = <T extends { status: string; membership?: string }>(list: T[]) =>
      seeMembers
        ? list.filter((g) => g.membership !== 'refused')
        : list.filter((g) => g.status === 'validated' && (g.membership ?? 'confirmed') === 'confirmed');
    return reply.render(
      { page: 'organizations/show', status },
      {
        org,
        ges: visible(ges),
        geMembers: visible(geMembers),
        members,
        pendingInvitations,
        postalCodes: communeByCode(org.communeCode)?.postalCodes ?? [],
        seeMembers,
        seeEmails: canSeeMemberEmails(person, org),
        owner: isOwner(person, org.id),
        claims,
        decideClaims,
        listed: isListedInDirectory(org),
        inviteValues: invite.values ?? {},
        inviteErrors: invite.errors ?? {},
      },
    );
  }

  app.get(
    '/organisations/:id',
    { config: { access: 'public' }, schema: { params: idParams } },
    async (request, reply) => {
      const org = await loadOrg(request.params.id);
      assertCanView(request.person, org);
      return showPage(request, reply, org);
    },
  );

  app.get(
    '/organisations/:id/modifier',
    { config: signedIn, schema: { params: idParams } },
    async (request, reply) => {
      const org = await loadOrg(request.params.id);
      assertCanEdit(signedInPerson(request), org);
      const ges = await gesOf(app.db, org.id);
      const commune = communeByCode(org.communeCode);
      return renderForm(
        reply,
        {
          values: valuesOf(
            org,
            ges.filter((g) => g.membership !== 'refused').map((g) => g.id),
          ),
          communeChoices: commune ? [commune] : [],
        },
        org,
      );
    },
  );

  app.post('/organisations/:id', onOrganization, async (request, reply) => {
    const org = await loadOrg(request.params.id);
    const person = signedInPerson(request);
    assertCanEdit(person, org);
    const version = parseForm(versionField, request.body);
    const form = await parseOrganizationForm(app.db, request.body, org.id);
    if (!form.ok || !version.ok) {
      const errors = {
        ...(form.ok ? {} : form.errors),
        ...(version.ok ? {} : { _form: version.errors.version }),
      };
      const values = form.ok ? formValues(request.body) : form.values;
      return renderForm(
        reply,
        { values, errors, communeChoices: form.ok ? [form.data.commune] : form.communeChoices },
        org,
        {},
        version.ok ? 422 : 400,
      );
    }
    const keptValues = {
      ...formValues(request.body),
      commune: communeLabel(form.data.commune),
      communeCode: form.data.commune.code,
    };
    try {
      if (
        await updateOrganization(app.db, org.id, version.data.version, form.data, {
          personId: person.id,
          publicUrl: app.config.publicUrl,
        })
      ) {
        reply.flash('Modifications enregistrées.');
        return reply.redirect(`/organisations/${org.id}`, 303);
      }
    } catch (err) {
      if (!(err instanceof SiretTaken)) throw err;
      return renderForm(
        reply,
        { values: keptValues, errors: { siret: err.message }, communeChoices: [form.data.commune] },
        org,
        {},
        422,
      );
    }
    // Someone saved in between: show what is saved now, keep this person's input, and let them decide.
    const current = (await findOrganization(app.db, org.id)) ?? org;
    const currentGes = await gesOf(app.db, org.id);
    return renderForm(
      reply,
      {
        values: { ...keptValues, version: String(current.version) },
        errors: {
          _form:
            'Quelqu’un a enregistré cette structure pendant que vous la modifiiez. Comparez avec les valeurs enregistrées ci-dessous, puis enregistrez à nouveau si vos modifications doivent les remplacer.',
        },
        communeChoices: [form.data.commune],
      },
      current,
      { conflict: { org: current, ges: currentGes } },
      409,
    );
  });

  app.post('/organisations/:id/invitations', onOrganization, async (request, reply) => {
    const person = signedInPerson(request);
    const org = await loadOrg(request.params.id);
    assertCanEdit(person, org);
    const form = parseForm(invitationSchema, request.body);
    let errors = form.ok ? undefined : form.errors;
    const refused = form.ok ? await invitationRefusal(app.db, org, app.config.invitationLimit) : null;
    if (refused) {
      errors = { _form: refused };
    } else if (form.ok) {
      try {
        await inviteEditor(app.db, {
          organizationId: org.id,
          organizationName: org.name,
          email: form.data.email,
          invitedBy: person,
          publicUrl: app.config.publicUrl,
        });
        reply.flash(`Invitation envoyée à ${form.data.email}.`);
        return reply.redirect(`/organisations/${org.id}#membres`, 303);
      } catch (err) {
        if (!(err instanceof AlreadyMember)) throw err;
        errors = { email: 'Adresse e-mail : cette personne est déjà membre de la structure.' };
      }
    }
    return showPage(
      request,
      reply,
      org,
      { values: form.ok ? { email: form.data.email } : form.values, errors },
      422,
    );
  });

  app.post(
    '/organisations/:id/membres/:personId/retirer',
    { config: signedIn, schema: { params: idParams.extend({ personId: id }), body: formBody } },
    async (request, reply) => {
      const org = await loadOrg(request.params.id);
      assertCanEdit(signedInPerson(request), org);
      const result = await removeMember(app.db, org.id, request.params.personId);
      if (result === 'not-member') throw new NotFound();
      reply.flash(
        result === 'last-owner'
          ? 'Impossible de retirer le dernier responsable : une structure garde toujours au moins un responsable.'
          : 'Membre retiré de la structure.',
      );
      return reply.redirect(`/organisations/${org.id}#membres`, 303);
    },
  );
}
