/**
 * Compositions: the proposals involving a person's organizations, one composition's page (members of its
 * organizations and admins), each organization's answer, the GE choice, and a matching run on demand.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { signedInPerson } from '../common/access';
import { Forbidden, HttpError } from '../common/errors';
import type { FieldErrors } from '../common/forms';
import { parseForm } from '../common/forms';
import { formBody, idParams, type RouteApp } from '../common/route-schemas';
import { postedVersion } from '../common/status-actions';
import { hoursLabel } from '../vocabulary/week';
import { decide, MESSAGES } from './decisions';
import { chooseGe } from './ge-choice';
import { runMatchingOnDemand } from './matching-lock';
import { cachedMatchingState } from './matching-status';
import { showData } from './page';
import {
  assertCanDecide,
  assertCanViewComposition,
  canRunMatching,
  organizationsDecidedBy,
} from './permissions';
import { DECLINE_REASON_MAX, decisionSchema, declineSchema, geChoiceSchema } from './schemas';
import {
  COMPOSITION_STATUS_LABELS,
  type CompositionDetail,
  cachedCompositionsByNeed,
  getComposition,
} from './service';

/** The confirmation page of a decline: which structure, the version read, the optional reason. */
function declineData(
  detail: CompositionDetail,
  mine: number[],
  version: number,
  values: Record<string, string>,
  errors: FieldErrors,
) {
  const names = new Map(detail.lines.map((l) => [l.organizationId, l.organizationName]));
  const chosen = Number(values.organizationId);
  const organizationId = mine.includes(chosen) ? chosen : mine.length === 1 ? mine[0] : undefined;
  return {
    composition: detail.composition,
    hours: hoursLabel(detail.composition.hoursHundredths),
    version,
    organizationId,
    organizationName: organizationId === undefined ? null : names.get(organizationId),
    choices: mine.map((id) => ({ id, name: names.get(id) ?? '' })),
    reasonMax: DECLINE_REASON_MAX,
    values,
    errors,
  };
}

export default async function compositionRoutes(app: RouteApp) {
  const signedIn = { access: 'signedIn' as const };
  const onComposition = { config: signedIn, schema: { params: idParams, body: formBody } };

  /** The composition of the URL, for a member of its organizations or an admin (404 for anyone else). */
  const load = async (request: FastifyRequest, id: number) =>
    assertCanViewComposition(request.person, await getComposition(app.db, id));

  /** "Calcul en cours" while a matching run is pending or running (matching-status.ts). */
  const busy = async (reloadHref: string) => ({
    matchingBusy: (await cachedMatchingState(app.readCache, app.db)) !== 'idle',
    reloadHref,
  });

  const renderShow = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    status = 200,
    extra: { errors?: FieldErrors; values?: Record<string, string> } = {},
  ) => {
    const detail = await load(request, id);
    return reply.render(
      { page: 'compositions/show', status },
      {
        ...(await showData(app.db, signedInPerson(request), detail, extra)),
        ...(await busy(`/compositions/${id}`)),
      },
    );
  };

  app.get('/compositions', { config: signedIn }, async (request, reply) => {
    const person = signedInPerson(request);
    const groups = await cachedCompositionsByNeed(
      app.readCache,
      app.db,
      person.memberships.map((m) => m.organizationId),
    );
    return reply.render(
      { page: 'compositions/index' },
      {
        groups: groups.map((g) => ({
          ...g,
          compositions: g.compositions.map((c) => ({
            ...c,
            hours: hoursLabel(c.hoursHundredths),
            missing: hoursLabel(c.missingHundredths),
            statusLabel: COMPOSITION_STATUS_LABELS[c.status],
          })),
        })),
        canRun: canRunMatching(person),
        ...(await busy('/compositions')),
      },
    );
  });

  /**
   * The pages' polling target while a run is pending or running. Once it is over, htmx gets
   * HX-Refresh and reloads the page it polls from (whose totals are then current), so polling stops.
   */
  app.get('/compositions/calcul', { config: signedIn }, async (request, reply) => {
    const data = await busy('/compositions');
    if (!data.matchingBusy && request.headers['hx-request']) reply.header('HX-Refresh', 'true');
    return reply.render(
      { page: 'compositions/matching-status', fragment: 'compositions/_matching-status' },
      data,
    );
  });

  app.post(
    '/compositions/recalculer',
    {
      config: {
        ...signedIn,
        rateLimit: { max: app.config.rateLimit.max, timeWindow: app.config.rateLimit.windowMs },
      },
      schema: { body: formBody },
    },
    async (request, reply) => {
      const person = signedInPerson(request);
      if (!canRunMatching(person))
        throw new Forbidden('Le calcul des compositions est réservé aux structures et aux animateurs.');
      // A click while a run is going on (here or on another instance) starts nothing and says so; a
      // click just after a run says the proposals are up to date.
      const outcome = await runMatchingOnDemand(app.db, {
        publicUrl: app.config.publicUrl,
        matcher: app.matcher.match,
      });
      if (outcome.status === 'busy') {
        reply.flash(
          'Un calcul des propositions est déjà en cours : elles seront à jour dans quelques secondes. Rechargez la page pour les voir.',
        );
      } else if (!outcome.value) {
        reply.flash('Les propositions viennent d’être recalculées : elles sont à jour.');
      } else {
        const run = outcome.value;
        reply.flash(
          `Propositions recalculées : ${run.proposed} nouvelle(s), ${run.kept} inchangée(s), ${run.withdrawn} retirée(s).`,
        );
      }
      return reply.redirect('/compositions', 303);
    },
  );

  app.get('/compositions/:id', { config: signedIn, schema: { params: idParams } }, async (request, reply) =>
    renderShow(request, reply, request.params.id),
  );

  for (const [action, decision] of [
    ['accepter', 'accept'],
    ['refuser', 'decline'],
  ] as const) {
    app.post(`/compositions/:id/${action}`, onComposition, async (request, reply) => {
      const person = signedInPerson(request);
      const { id } = request.params;
      const detail = await load(request, id);
      assertCanDecide(person, detail);
      const version = postedVersion(request.body);
      if (version === null) throw new HttpError(400, 'La version du formulaire manque : rechargez la page.');
      const form = parseForm(decision === 'decline' ? declineSchema : decisionSchema, request.body);
      const mine = organizationsDecidedBy(person, detail);
      if (decision === 'decline' && (!form.ok || !('confirm' in form.data) || !form.data.confirm)) {
        // Declining asks first: a page with the reason field (also when the reason is too long), unless
        // the proposal no longer takes an answer.
        const c = detail.composition;
        if (c.kind !== 'full' || c.status !== 'proposed')
          return renderShow(request, reply, id, 409, {
            errors: { _form: c.kind !== 'full' ? MESSAGES.partial : MESSAGES.closed },
          });
        const values = (
          form.ok ? { organizationId: String(form.data.organizationId ?? ''), reason: '' } : form.values
        ) as Record<string, string>;
        return reply.render(
          { page: 'compositions/decline', status: form.ok ? 200 : 422 },
          declineData(detail, mine, version, values, form.ok ? {} : form.errors),
        );
      }
      if (!form.ok) return renderShow(request, reply, id, 422, { errors: form.errors });
      const organizationId = form.data.organizationId ?? (mine.length === 1 ? mine[0] : undefined);
      if (organizationId === undefined || !mine.includes(organizationId)) {
        const message = 'Structure : choisissez une de vos structures concernées par la proposition.';
        return renderShow(request, reply, id, 422, { errors: { organizationId: message } });
      }
      const result = await decide(app.db, {
        reason: 'reason' in form.data ? (form.data.reason as string | undefined) : undefined,
        compositionId: detail.composition.id,
        organizationId,
        personId: person.id,
        decision,
        version,
        publicUrl: app.config.publicUrl,
      });
      if (!result.ok) return renderShow(request, reply, id, 409, { errors: { _form: result.message } });
      reply.flash(
        result.status === 'accepted'
          ? 'Toutes les structures ont accepté : la composition est acceptée.'
          : result.status === 'declined'
            ? 'Vous avez refusé la proposition.'
            : 'Votre accord est enregistré ; la proposition attend la réponse des autres structures.',
      );
      return reply.redirect(`/compositions/${detail.composition.id}`, 303);
    });
  }

  app.post('/compositions/:id/ge', onComposition, async (request, reply) => {
    const person = signedInPerson(request);
    const { id } = request.params;
    const detail = await load(request, id);
    assertCanDecide(person, detail);
    const version = postedVersion(request.body);
    if (version === null) throw new HttpError(400, 'La version du formulaire manque : rechargez la page.');
    const form = parseForm(geChoiceSchema, request.body);
    if (!form.ok)
      return renderShow(request, reply, id, 422, {
        errors: form.errors,
        values: form.values as Record<string, string>,
      });
    const result = await chooseGe(app.db, {
      compositionId: detail.composition.id,
      personId: person.id,
      version,
      ge: form.data.ge,
      publicUrl: app.config.publicUrl,
    });
    if (!result.ok)
      return renderShow(request, reply, id, result.status, {
        errors: { [result.field]: result.message },
        values: { ge: String(form.data.ge) },
      });
    reply.flash('Le choix du groupement d’employeurs est enregistré.');
    return reply.redirect(`/compositions/${detail.composition.id}`, 303);
  });
}
