/**
 * The facilitator's side of events (/animation/rencontres/:id/inscriptions): open the session to
 * registration (programme, audience, cap, automatic acceptance), accept or decline registrations, read the
 * follow-up answers and the anonymous satisfaction results, duplicate the session into its series; and
 * the series page (/animation/series/:id). Facilitators of the session's territory only (404 otherwise).
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { signedInPerson } from '../common/access';
import { HttpError, NotFound } from '../common/errors';
import { type FieldErrors, type FormValues, formValues, parseForm } from '../common/forms';
import { frenchSpan, parisDay } from '../common/paris-time';
import { formBody, idParams, type RouteApp } from '../common/route-schemas';
import { canFacilitateSession } from '../matchmaking/permissions';
import { loadSession } from '../matchmaking/routes';
import { OUTCOME_LABELS, STATUS_LABELS } from '../matchmaking/schemas';
import type { SessionRow } from '../matchmaking/service';
import { followUpCounts, satisfactionResults } from './feedback';
import { getEventSettings, listRegistrations } from './registration-reads';
import { decide, saveEventSettings } from './registrations';
import { decisionSchema, FOLLOW_UP_LABELS, REGISTRATION_LABELS, settingsSchema } from './schemas';
import { duplicateSession, getSeries, seriesSessions } from './series';

const facilitator = { access: 'facilitator' as const };

const duplicateSchema = z.object({
  date: z
    .string({ error: 'Date de la prochaine rencontre : champ obligatoire.' })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Date de la prochaine rencontre : date attendue (jj/mm/aaaa).' })
    .refine(
      (v) =>
        !Number.isNaN(new Date(`${v}T00:00:00Z`).getTime()) &&
        new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
      {
        error: 'Date de la prochaine rencontre : cette date n’existe pas.',
      },
    ),
});

export default async function facilitatorEventRoutes(app: RouteApp) {
  const page = (id: number) => `/animation/rencontres/${id}/inscriptions`;

  const render = async (
    reply: FastifyReply,
    session: SessionRow,
    form: { status?: number; values?: FormValues; errors?: FieldErrors } = {},
  ) => {
    const settings = await getEventSettings(app.db, session.id);
    const registrations = await listRegistrations(app.db, session.id);
    const follow = await followUpCounts(app.db, [session.id]);
    return reply.render(
      { page: 'events/facilitator', status: form.status },
      {
        title: `Inscriptions : ${session.title}`,
        session,
        when: frenchSpan(session.startsAt, session.endsAt),
        settings,
        values:
          form.values ??
          (settings
            ? {
                open: settings.open ? 'on' : '',
                autoAccept: settings.autoAccept ? 'on' : '',
                programme: settings.programme,
                audience: settings.audience,
                capacity: settings.capacity === null ? '' : String(settings.capacity),
              }
            : { open: 'on' }),
        errors: form.errors ?? {},
        registrations: registrations.map((r) => ({ ...r, statusLabel: REGISTRATION_LABELS[r.status] })),
        followUps: Object.entries(FOLLOW_UP_LABELS).map(([key, label]) => ({
          label,
          count: follow[key as keyof typeof follow],
        })),
        satisfaction: await satisfactionResults(app.db, [session.id]),
      },
    );
  };

  const onSession = { config: facilitator, schema: { params: idParams } };
  const postOnSession = { config: facilitator, schema: { params: idParams, body: formBody } };

  app.get('/animation/rencontres/:id/inscriptions', onSession, async (request, reply) =>
    render(reply, await loadSession(app, request)),
  );

  app.post('/animation/rencontres/:id/inscriptions', postOnSession, async (request, reply) => {
    const session = await loadSession(app, request);
    const form = parseForm(settingsSchema, request.body);
    if (!form.ok)
      return render(reply, session, { status: 422, values: formValues(request.body), errors: form.errors });
    await saveEventSettings(app.db, session.id, form.data);
    reply.flash(
      form.data.open
        ? `Les inscriptions sont ouvertes : la page publique est /evenements/${session.id}.`
        : 'Les réglages des inscriptions sont enregistrés (inscriptions fermées).',
    );
    return reply.redirect(page(session.id), 303);
  });

  app.post('/animation/rencontres/:id/inscriptions/decision', postOnSession, async (request, reply) => {
    const session = await loadSession(app, request);
    const form = parseForm(decisionSchema, request.body);
    if (!form.ok) throw new HttpError(400, 'La requête est mal formée.');
    const status = await decide(app.db, session.id, form.data.registration, form.data.decision);
    if (status === null) throw new NotFound('Cette inscription n’existe pas.');
    reply.flash(`L’inscription est ${REGISTRATION_LABELS[status]}.`);
    return reply.redirect(page(session.id), 303);
  });

  app.post('/animation/rencontres/:id/dupliquer', postOnSession, async (request, reply) => {
    const person = signedInPerson(request);
    const session = await loadSession(app, request);
    const form = parseForm(duplicateSchema, request.body);
    if (!form.ok)
      return render(reply, session, { status: 422, values: formValues(request.body), errors: form.errors });
    const copy = await duplicateSession(app.db, session, form.data.date, person.id);
    reply.flash('La rencontre est dupliquée avec son territoire, son périmètre et ses invitations.');
    return reply.redirect(`/animation/rencontres/${copy.id}`, 303);
  });

  app.get('/animation/series/:id', onSession, async (request, reply) => {
    const person = signedInPerson(request);
    const series = await getSeries(app.db, request.params.id);
    if (!series) throw new NotFound();
    const sessions = await seriesSessions(app.db, series.id);
    if (!sessions.length || !sessions.some((s) => canFacilitateSession(person, s.session)))
      throw new NotFound();
    const ids = sessions.map((s) => s.session.id);
    return reply.render(
      { page: 'events/series' },
      {
        title: `Série : ${series.title}`,
        series,
        sessions: sessions.map((s) => ({
          ...s,
          day: parisDay(s.session.startsAt),
          when: frenchSpan(s.session.startsAt, s.session.endsAt),
          statusLabel: STATUS_LABELS[s.session.status],
          outcomeLines: Object.entries(s.outcomes).map(
            ([kind, n]) => `${OUTCOME_LABELS[kind as keyof typeof OUTCOME_LABELS] ?? kind} : ${n}`,
          ),
        })),
        satisfaction: await satisfactionResults(app.db, ids),
      },
    );
  });
}
