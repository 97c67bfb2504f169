/**
 * Matchmaking sessions for facilitators (/animation/rencontres): list, create, edit (version-checked),
 * cancel, mark held. Every route is `access: 'facilitator'` and checks the session's territory with
 * permissions.ts (404 for another territory's session). The session page's actions are in
 * session-routes.ts, the sheet and its exports in sheet-routes.ts, the participants' pages in
 * participant-routes.ts.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CurrentPerson } from '../accounts/session';
import { signedInPerson } from '../common/access';
import { HttpError, NotFound } from '../common/errors';
import { type FieldErrors, type FormValues, formValues, parseForm } from '../common/forms';
import { departementLabel } from '../common/labels';
import { frenchSpan } from '../common/paris-time';
import { formBody, type IdRequest, idParams, type RouteApp } from '../common/route-schemas';
import { postedVersion } from '../common/status-actions';
import { scopeOf } from '../facilitation/permissions';
import { territoryQuery } from '../facilitation/schemas';
import { sessionSummary, valuesFromSession } from './page';
import participantRoutes from './participant-routes';
import { assertFacilitatesSession } from './permissions';
import { KIND_LABELS, STATUS_LABELS, sessionFormSchema } from './schemas';
import {
  createSession,
  getSession,
  listSessions,
  type SessionRow,
  setSessionStatus,
  statusChangeRefusal,
  updateSession,
} from './service';
import sessionRoutes from './session-routes';
import sheetRoutes from './sheet-routes';

export const facilitator = { access: 'facilitator' as const };
/** A session's page or action: `/animation/rencontres/:id…`, posting a form. */
export const onSession = { config: facilitator, schema: { params: idParams, body: formBody } };

const CONFLICT_MESSAGE =
  'Cette rencontre a été modifiée par quelqu’un d’autre pendant que vous la modifiiez. Vos changements ne sont pas enregistrés : comparez avec la version enregistrée ci-dessous, puis enregistrez à nouveau si vous voulez la remplacer.';

/** The session of the URL, for a facilitator of its territory; 404 for anyone else. */
export async function loadSession(app: RouteApp, request: IdRequest): Promise<SessionRow> {
  return assertFacilitatesSession(signedInPerson(request), await getSession(app.db, request.params.id));
}

/** The territory départements the form offers: the person's (an admin: those of the session, or typed). */
function departementOptions(person: CurrentPerson, values: FormValues) {
  const ticked = values.departements ?? [];
  const codes = person.isAdmin
    ? [...new Set([...(Array.isArray(ticked) ? ticked : [ticked]), ...person.territories])]
    : person.territories;
  return codes.map((code) => ({ value: code, label: departementLabel(code) }));
}

function renderForm(
  request: FastifyRequest,
  reply: FastifyReply,
  values: FormValues,
  errors: FieldErrors,
  status: number,
  extra: { session?: SessionRow; conflict?: ReturnType<typeof sessionSummary> } = {},
) {
  const person = signedInPerson(request);
  return reply.render(
    { page: 'matchmaking/form', status },
    {
      title: extra.session ? `Modifier : ${extra.session.title}` : 'Nouvelle rencontre',
      values,
      errors,
      kindOptions: Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label })),
      departementOptions: departementOptions(person, values),
      adminTerritory: person.isAdmin,
      ...extra,
    },
  );
}

/** The form's territory for an admin may be typed as a list ("90, 25"): read it as checkboxes. */
function normalizedBody(person: CurrentPerson, body: Record<string, unknown>): Record<string, unknown> {
  const typed = body.departementsText;
  if (!person.isAdmin || typeof typed !== 'string' || !typed.trim()) return body;
  const ticked = body.departements;
  const list = [...(Array.isArray(ticked) ? ticked : ticked === undefined ? [] : [ticked])];
  list.push(
    ...typed
      .split(/[\s,;]+/)
      .filter(Boolean)
      .map((d) => d.toUpperCase()),
  );
  return { ...body, departements: list };
}

export default async function matchmakingRoutes(app: RouteApp) {
  const list = { config: facilitator, schema: { querystring: territoryQuery } };
  app.get('/animation/rencontres', list, async (request, reply) => {
    const person = signedInPerson(request);
    const requested = request.query.departement;
    const departements = scopeOf(person, requested);
    const { upcoming, past } = await listSessions(app.db, departements);
    const label = (s: (typeof upcoming)[number]) => ({
      ...s,
      kindLabel: KIND_LABELS[s.kind],
      statusLabel: STATUS_LABELS[s.status],
      when: frenchSpan(s.startsAt, s.endsAt),
    });
    return reply.render(
      { page: 'matchmaking/index' },
      {
        title: 'Rencontres',
        upcoming: upcoming.map(label),
        past: past.map(label),
        selected: requested ?? '',
        choices: person.territories.map((code) => ({ code, label: departementLabel(code) })),
        scopeLabel: departements ? departements.map(departementLabel).join(', ') : 'tous les départements',
      },
    );
  });

  app.get('/animation/rencontres/nouvelle', { config: facilitator }, async (request, reply) => {
    const person = signedInPerson(request);
    const values: FormValues = {
      kind: 'rencontre_affaires',
      startTime: '09:30',
      endTime: '12:00',
      departements: person.territories.length === 1 ? [...person.territories] : [],
    };
    return renderForm(request, reply, values, {}, 200);
  });

  app.post(
    '/animation/rencontres',
    { config: facilitator, schema: { body: formBody } },
    async (request, reply) => {
      const person = signedInPerson(request);
      const body = normalizedBody(person, request.body);
      const form = parseForm(sessionFormSchema(person.isAdmin ? null : person.territories), body);
      if (!form.ok) return renderForm(request, reply, formValues(body), form.errors, 422);
      const id = await createSession(app.db, person.id, form.data);
      reply.flash('La rencontre est créée : invitez maintenant les structures.');
      return reply.redirect(`/animation/rencontres/${id}`, 303);
    },
  );

  app.get(
    '/animation/rencontres/:id/modifier',
    { config: facilitator, schema: { params: idParams } },
    async (request, reply) => {
      const session = await loadSession(app, request);
      return renderForm(request, reply, valuesFromSession(session), {}, 200, { session });
    },
  );

  app.post('/animation/rencontres/:id', onSession, async (request, reply) => {
    const person = signedInPerson(request);
    const session = await loadSession(app, request);
    const version = postedVersion(request.body);
    if (version === null) throw new HttpError(400, 'La version du formulaire manque : rechargez la page.');
    const body = normalizedBody(person, request.body);
    const form = parseForm(sessionFormSchema(person.isAdmin ? null : person.territories), body);
    if (!form.ok)
      return renderForm(request, reply, { ...formValues(body), version: String(version) }, form.errors, 422, {
        session,
      });
    const result = await updateSession(app.db, session.id, version, form.data);
    if (!result.ok) {
      if (!result.current) throw new NotFound();
      return renderForm(
        request,
        reply,
        { ...formValues(body), version: String(result.current.version) },
        { _form: CONFLICT_MESSAGE },
        409,
        { session: result.current, conflict: sessionSummary(result.current) },
      );
    }
    reply.flash('Les modifications de la rencontre sont enregistrées.');
    return reply.redirect(`/animation/rencontres/${session.id}`, 303);
  });

  const statusActions = [
    ['annuler', 'cancelled', 'La rencontre est annulée.'],
    ['tenue', 'held', 'La rencontre est marquée comme tenue : notez-en les suites.'],
  ] as const;
  for (const [action, to, done] of statusActions) {
    app.post(`/animation/rencontres/:id/${action}`, onSession, async (request, reply) => {
      const session = await loadSession(app, request);
      const version = postedVersion(request.body);
      if (version === null) throw new HttpError(400, 'La version du formulaire manque : rechargez la page.');
      const page = `/animation/rencontres/${session.id}`;
      const refusal = statusChangeRefusal(session, to);
      if (refusal) {
        reply.flash(refusal);
        return reply.redirect(page, 303);
      }
      const ok = await setSessionStatus(app.db, session.id, version, to);
      reply.flash(
        ok
          ? done
          : 'Cette rencontre a été modifiée entre-temps par quelqu’un d’autre : voici sa version actuelle, rien n’a été changé.',
      );
      return reply.redirect(page, 303);
    });
  }

  await app.register(sessionRoutes);
  await app.register(sheetRoutes);
  await app.register(participantRoutes);
}
