/**
 * The session page (/animation/rencontres/:id) and its actions: invite or remove structures, add or
 * remove needs and offers of the scope, run the matcher on the scope, send the invitations, record and
 * delete outcomes. Facilitators of the session's territory only (404 for anyone else).
 */
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { signedInPerson } from '../common/access';
import { HttpError } from '../common/errors';
import { type FieldErrors, type FormValues, formValues, parseForm } from '../common/forms';
import { id, idParams, type RouteApp } from '../common/route-schemas';
import { addressOf, sendInvitations, sessionIcs } from './invitations';
import { compositionChoices, createOutcome, deleteOutcome, postChoices } from './outcomes';
import { sessionPageData } from './page';
import {
  findOrganization,
  invitedIds,
  invitedOrganizations,
  inviteOrganization,
  removeOrganization,
} from './participants';
import { canInviteOrganization } from './permissions';
import { facilitator, loadSession, onSession } from './routes';
import { runSessionMatchingOnce } from './run';
import { idFormSchema, idsFormSchema, outcomeFormSchema, sessionPageQuery } from './schemas';
import { addNeedToScope, addOfferToScope, removeNeedFromScope, removeOfferFromScope } from './scope';
import type { SessionRow } from './service';

const malformed = () => new HttpError(400, 'La requête est mal formée.');

/** The posted id of an add/remove form; a missing or garbled one is a malformed request. */
function postedId(body: unknown): number {
  const form = parseForm(idFormSchema, body);
  if (!form.ok) throw malformed();
  return form.data.id;
}

/** "2 structures invitées : « A », « B » ; leurs besoins et offres publiés…" and those already invited. */
function invitedMessage(added: string[], already: number): string {
  const parts: string[] = [];
  if (added.length === 1)
    parts.push(
      `1 structure invitée : ${added[0]} ; ses besoins et offres publiés sont ajoutés au périmètre.`,
    );
  if (added.length > 1)
    parts.push(
      `${added.length} structures invitées : ${added.join(', ')} ; leurs besoins et offres publiés sont ajoutés au périmètre.`,
    );
  if (already === 1) parts.push('1 structure était déjà invitée.');
  if (already > 1) parts.push(`${already} structures étaient déjà invitées.`);
  return parts.join(' ');
}

async function renderPage(
  app: RouteApp,
  reply: FastifyReply,
  session: SessionRow,
  query: z.infer<typeof sessionPageQuery>,
  extras: { status?: number; values?: FormValues; errors?: FieldErrors } = {},
) {
  const data = await sessionPageData(app.db, session, {
    filter: { q: query.q?.slice(0, 100), kind: query.type },
    values: extras.values,
    errors: extras.errors,
  });
  return reply.render(
    { page: 'matchmaking/show', fragment: 'matchmaking/_invitable', status: extras.status },
    data,
  );
}

export default async function sessionRoutes(app: RouteApp) {
  const page = (session: { id: number }, anchor = '') => `/animation/rencontres/${session.id}${anchor}`;
  const sessionPage = { params: idParams, querystring: sessionPageQuery };

  app.get('/animation/rencontres/:id', { config: facilitator, schema: sessionPage }, async (request, reply) =>
    renderPage(app, reply, await loadSession(app, request), request.query),
  );

  app.post('/animation/rencontres/:id/structures', onSession, async (request, reply) => {
    const session = await loadSession(app, request);
    const form = parseForm(idsFormSchema, request.body);
    if (!form.ok) throw malformed();
    const ids = [...new Set(form.data.id)];
    if (!ids.length) {
      reply.flash('Cochez au moins une structure à inviter.');
      return reply.redirect(page(session, '#structures'), 303);
    }
    const found = await Promise.all(ids.map((id) => findOrganization(app.db, id)));
    const invitable = found.flatMap((o) =>
      o && o.status === 'validated' && canInviteOrganization(session, o) ? [o] : [],
    );
    // All or none: a forged or stale list does not half-invite.
    if (invitable.length !== ids.length) {
      const refused = found.find((o) => o && !invitable.includes(o));
      reply.flash(
        `${refused ? `« ${refused.name} »` : 'Une structure'} ne peut pas être invitée : elle n’est pas sur le territoire de la rencontre. Personne n’a été invité.`,
      );
      return reply.redirect(page(session, '#structures'), 303);
    }
    const added: string[] = [];
    let already = 0;
    for (const organization of invitable) {
      // Each invitation is idempotent (one row per session and structure): a replayed form adds nothing.
      if (await inviteOrganization(app.db, session.id, organization.id))
        added.push(`« ${organization.name} »`);
      else already++;
    }
    reply.flash(invitedMessage(added, already));
    return reply.redirect(page(session, '#structures'), 303);
  });

  app.post('/animation/rencontres/:id/structures/retirer', onSession, async (request, reply) => {
    const session = await loadSession(app, request);
    const organization = await findOrganization(app.db, postedId(request.body));
    const removed = organization ? await removeOrganization(app.db, session.id, organization.id) : false;
    reply.flash(
      removed && organization
        ? `« ${organization.name} » n’est plus invitée ; ses besoins et offres sont retirés du périmètre.`
        : 'Cette structure n’était pas invitée.',
    );
    return reply.redirect(page(session, '#structures'), 303);
  });

  const scopeActions = [
    ['besoins', (s: SessionRow, id: number) => addNeedToScope(app.db, s, id), 'Besoin ajouté au périmètre.'],
    ['offres', (s: SessionRow, id: number) => addOfferToScope(app.db, s, id), 'Offre ajoutée au périmètre.'],
  ] as const;
  for (const [segment, add, done] of scopeActions) {
    app.post(`/animation/rencontres/:id/${segment}`, onSession, async (request, reply) => {
      const session = await loadSession(app, request);
      const ok = await add(session, postedId(request.body));
      reply.flash(
        ok ? done : 'Seuls les besoins et offres publiés du territoire de la rencontre peuvent être ajoutés.',
      );
      return reply.redirect(page(session, '#perimetre'), 303);
    });
  }
  app.post('/animation/rencontres/:id/besoins/retirer', onSession, async (request, reply) => {
    const session = await loadSession(app, request);
    await removeNeedFromScope(app.db, session.id, postedId(request.body));
    reply.flash('Besoin retiré du périmètre.');
    return reply.redirect(page(session, '#perimetre'), 303);
  });
  app.post('/animation/rencontres/:id/offres/retirer', onSession, async (request, reply) => {
    const session = await loadSession(app, request);
    await removeOfferFromScope(app.db, session.id, postedId(request.body));
    reply.flash('Offre retirée du périmètre.');
    return reply.redirect(page(session, '#perimetre'), 303);
  });

  app.post('/animation/rencontres/:id/mise-en-relation', onSession, async (request, reply) => {
    const session = await loadSession(app, request);
    // In the app's matcher worker: a run blocks no request while it searches. A second click while it
    // runs (on any instance) starts nothing and says so.
    const run = await runSessionMatchingOnce(app.db, session.id, {
      matcher: (i, o) => app.matcher.match(i, o),
    });
    if (!run) {
      reply.flash(
        'La mise en relation de cette rencontre est déjà en cours : ses résultats arrivent dans quelques secondes.',
      );
      return reply.redirect(page(session, '#resultats'), 303);
    }
    const full = run.groups.filter((g) => g.kind === 'full').length;
    const partials = run.groups.length - full;
    reply.flash(
      run.needCount === 0
        ? 'Aucun besoin publié dans le périmètre : invitez des structures ou ajoutez des besoins, puis relancez.'
        : `Mise en relation sur ${run.needCount} besoin${run.needCount > 1 ? 's' : ''} : ${full} composition${full > 1 ? 's' : ''} à temps plein et ${partials} groupe${partials > 1 ? 's' : ''} à compléter.`,
    );
    return reply.redirect(page(session, '#resultats'), 303);
  });

  app.post('/animation/rencontres/:id/invitations', onSession, async (request, reply) => {
    const session = await loadSession(app, request);
    if (session.status !== 'planned') {
      reply.flash('Cette rencontre n’est plus prévue : les invitations ne peuvent plus être envoyées.');
      return reply.redirect(page(session, '#structures'), 303);
    }
    const sent = await sendInvitations(app.db, session, {
      publicUrl: app.config.publicUrl,
      mailFrom: app.config.mailFrom,
    });
    reply.flash(
      sent.organizations === 0
        ? 'Aucune structure invitée : ajoutez des structures avant d’envoyer les invitations.'
        : `${sent.mails} invitation${sent.mails > 1 ? 's' : ''} envoyée${sent.mails > 1 ? 's' : ''} aux membres de ${sent.organizations} structure${sent.organizations > 1 ? 's' : ''}.${sent.withoutMembers.length ? ` Sans membre à prévenir : ${sent.withoutMembers.join(', ')}.` : ''}`,
    );
    return reply.redirect(page(session, '#structures'), 303);
  });

  app.get(
    '/animation/rencontres/:id/invitation.ics',
    { config: facilitator, schema: { params: idParams } },
    async (request, reply) => {
      const session = await loadSession(app, request);
      const ics = sessionIcs(session, 'animation', {
        publicUrl: app.config.publicUrl,
        organizer: addressOf(app.config.mailFrom),
        invited: await invitedOrganizations(app.db, session.id),
      });
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="rencontre-${session.id}.ics"`)
        .send(ics);
    },
  );

  // A refused outcome re-renders the session page, with its filter's query string.
  const outcome = { ...onSession.schema, querystring: sessionPageQuery };
  app.post(
    '/animation/rencontres/:id/suites',
    { config: facilitator, schema: outcome },
    async (request, reply) => {
      const person = signedInPerson(request);
      const session = await loadSession(app, request);
      const form = parseForm(outcomeFormSchema, request.body);
      const invalid = (errors: FieldErrors, values: FormValues) =>
        renderPage(app, reply, session, request.query, { status: 422, values, errors });
      if (!form.ok) return invalid(form.errors, form.values);
      // Links must be among what the page offered: this territory's compositions, posts and invited structures.
      const errors: FieldErrors = {};
      const [compositions, posts, invited] = await Promise.all([
        compositionChoices(app.db, session, 1000),
        postChoices(app.db, session, 1000),
        invitedIds(app.db, session.id),
      ]);
      if (form.data.compositionId !== null && !compositions.some((c) => c.id === form.data.compositionId))
        errors.compositionId = 'Composition : choisissez une composition du territoire de la rencontre.';
      if (form.data.postId !== null && !posts.some((p) => p.id === form.data.postId))
        errors.postId = 'Poste partagé : choisissez un poste du territoire de la rencontre.';
      if (form.data.organizationIds.some((id) => !invited.includes(id)))
        errors.organizationIds = 'Structures concernées : choisissez parmi les structures invitées.';
      if (Object.keys(errors).length) return invalid(errors, formValues(request.body));
      await createOutcome(app.db, session.id, person.id, form.data);
      reply.flash('La suite est enregistrée.');
      return reply.redirect(page(session, '#suites'), 303);
    },
  );

  app.post(
    '/animation/rencontres/:id/suites/:outcomeId/supprimer',
    { config: facilitator, schema: { ...onSession.schema, params: idParams.extend({ outcomeId: id }) } },
    async (request, reply) => {
      const session = await loadSession(app, request);
      const { outcomeId } = request.params;
      const deleted = await deleteOutcome(app.db, session.id, outcomeId);
      reply.flash(deleted ? 'La suite est supprimée.' : 'Cette suite était déjà supprimée.');
      return reply.redirect(page(session, '#suites'), 303);
    },
  );
}
