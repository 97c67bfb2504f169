/**
 * The participants' side of events, for members of an invited structure (404 for anyone else):
 * - /rencontres/:id/participants: the other participants' profiles before the session (kind, commune,
 *   what they bring and look for), the ones suggested by the session's compositions and partner matching
 *   first, each with a link to ask for a 1:1 meeting (the meetings pages, as before);
 * - /rencontres/:id/suivi: what came of the meetings (the 30-day follow-up), once the session has ended;
 * - /rencontres/:id/satisfaction: the anonymous satisfaction form, once the session has ended.
 */
import type { FastifyReply } from 'fastify';
import { signedInPerson } from '../common/access';
import { NotFound } from '../common/errors';
import { type FieldErrors, type FormValues, formValues, parseForm } from '../common/forms';
import { formBody, type IdRequest, idParams, type RouteApp } from '../common/route-schemas';
import { loadParticipantSession } from '../matchmaking/participant-routes';
import type { SessionRow } from '../matchmaking/service';
import { suggestedMeetings } from '../meetings/suggestions';
import { getFollowUp, hasAnsweredSatisfaction, saveFollowUp, saveSatisfaction } from './feedback';
import { participantProfiles } from './profiles';
import { FOLLOW_UP_LABELS, followUpSchema, satisfactionSchema } from './schemas';

/** The form's organization among the person's invited ones (the posted `structure`, else the first). */
function actingFor(mine: number[], wanted: unknown): number {
  if (wanted === undefined || wanted === '') return mine[0];
  const found = mine.find((id) => String(id) === String(wanted));
  if (found === undefined) throw new NotFound();
  return found;
}

const ended = (session: SessionRow, now = new Date()) =>
  session.status !== 'cancelled' && (session.status === 'held' || session.endsAt.getTime() <= now.getTime());

const NOT_YET = 'Ce formulaire s’ouvre à la fin de la rencontre.';

export default async function participantEventRoutes(app: RouteApp) {
  const signedIn = { access: 'signedIn' as const };
  const page = { config: signedIn, schema: { params: idParams } };
  const post = { config: signedIn, schema: { params: idParams, body: formBody } };

  app.get('/rencontres/:id/participants', page, async (request, reply) => {
    const { session, organizations, mine } = await loadParticipantSession(app, request);
    const suggestions = await suggestedMeetings(
      app.db,
      session,
      organizations.map((o) => o.id),
    );
    const reasons = new Map<number, string>();
    for (const s of suggestions) {
      const [a, b] = s.organizationIds;
      if (mine.includes(a) && !mine.includes(b)) reasons.set(b, s.reason);
      if (mine.includes(b) && !mine.includes(a)) reasons.set(a, s.reason);
    }
    const profiles = await participantProfiles(
      app.db,
      session.id,
      organizations.filter((o) => !mine.includes(o.id)),
    );
    const withReason = profiles.map((p) => ({ ...p, suggestion: reasons.get(p.id) ?? null }));
    return reply.render(
      { page: 'events/participants' },
      {
        title: `Participants : ${session.title}`,
        session,
        suggested: withReason.filter((p) => p.suggestion),
        others: withReason.filter((p) => !p.suggestion),
      },
    );
  });

  const renderFollowUp = async (
    reply: FastifyReply,
    session: SessionRow,
    organizationId: number,
    form: { status?: number; values?: FormValues; errors?: FieldErrors } = {},
  ) => {
    const earlier = await getFollowUp(app.db, session.id, organizationId);
    return reply.render(
      { page: 'events/follow-up', status: form.status },
      {
        title: `Suites de la rencontre : ${session.title}`,
        session,
        organizationId,
        open: ended(session),
        answerOptions: Object.entries(FOLLOW_UP_LABELS).map(([value, label]) => ({ value, label })),
        values: form.values ?? (earlier ? { answers: earlier.answers, note: earlier.note } : {}),
        errors: form.errors ?? {},
        answered: Boolean(earlier),
      },
    );
  };

  const loadFor = async (request: IdRequest, wanted: unknown) => {
    const { session, mine } = await loadParticipantSession(app, request);
    return { session, organizationId: actingFor(mine, wanted) };
  };

  app.get('/rencontres/:id/suivi', page, async (request, reply) => {
    const { session, organizationId } = await loadFor(request, undefined);
    return renderFollowUp(reply, session, organizationId);
  });

  app.post('/rencontres/:id/suivi', post, async (request, reply) => {
    const { session, organizationId } = await loadFor(request, request.body.structure);
    const values = formValues(request.body);
    if (!ended(session))
      return renderFollowUp(reply, session, organizationId, {
        status: 422,
        values,
        errors: { _form: NOT_YET },
      });
    const form = parseForm(followUpSchema, request.body);
    if (!form.ok)
      return renderFollowUp(reply, session, organizationId, { status: 422, values, errors: form.errors });
    await saveFollowUp(app.db, {
      sessionId: session.id,
      organizationId,
      personId: signedInPerson(request).id,
      answers: form.data.answers,
      note: form.data.note,
    });
    reply.flash('Merci : les suites de vos rendez-vous sont enregistrées.');
    return reply.redirect(`/rencontres/${session.id}/suivi`, 303);
  });

  const renderSatisfaction = async (
    reply: FastifyReply,
    session: SessionRow,
    organizationId: number,
    form: { status?: number; values?: FormValues; errors?: FieldErrors } = {},
  ) =>
    reply.render(
      { page: 'events/satisfaction', status: form.status },
      {
        title: `Votre avis : ${session.title}`,
        session,
        organizationId,
        open: ended(session),
        answered: await hasAnsweredSatisfaction(app.db, session.id, organizationId),
        markOptions: ['1', '2', '3', '4', '5'].map((v) => ({ value: v, label: v })),
        returnOptions: [
          { value: 'oui', label: 'Oui' },
          { value: 'non', label: 'Non' },
        ],
        values: form.values ?? {},
        errors: form.errors ?? {},
      },
    );

  app.get('/rencontres/:id/satisfaction', page, async (request, reply) => {
    const { session, organizationId } = await loadFor(request, undefined);
    return renderSatisfaction(reply, session, organizationId);
  });

  app.post('/rencontres/:id/satisfaction', post, async (request, reply) => {
    const { session, organizationId } = await loadFor(request, request.body.structure);
    const values = formValues(request.body);
    if (!ended(session))
      return renderSatisfaction(reply, session, organizationId, {
        status: 422,
        values,
        errors: { _form: NOT_YET },
      });
    const form = parseForm(satisfactionSchema, request.body);
    if (!form.ok)
      return renderSatisfaction(reply, session, organizationId, { status: 422, values, errors: form.errors });
    const saved = await saveSatisfaction(app.db, { ...form.data, sessionId: session.id, organizationId });
    if (!saved)
      return renderSatisfaction(reply, session, organizationId, {
        status: 422,
        values,
        errors: { _form: 'Votre structure a déjà donné son avis sur cette rencontre : merci !' },
      });
    reply.flash('Merci pour votre avis : il reste anonyme.');
    return reply.redirect(`/rencontres/${session.id}/satisfaction`, 303);
  });
}
