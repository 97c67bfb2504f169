/**
 * The participants' side (/rencontres/:id/rendez-vous, /rencontres/:id/agenda): a member of an invited
 * organization asks to meet another invited organization, sees the requests made by and to their
 * organization, cancels their own, and reads their agenda (page, print, .ics). Anyone else gets a 404.
 * Participants see organization names only, never a person's contact details.
 */
import type { FastifyReply } from 'fastify';
import { signedInPerson } from '../common/access';
import { NotFound } from '../common/errors';
import { type FieldErrors, type FormValues, formValues, parseForm } from '../common/forms';
import { formBody, type IdRequest, id, idParams, type RouteApp } from '../common/route-schemas';
import { type Board, getSession, type InvitedOrganization, invitedAmong, loadBoard } from './board';
import { sendIcs } from './facilitator-routes';
import { agendaLines, meetingViews } from './page';
import { assertParticipates, requestsClosedReason } from './permissions';
import { addMeeting, removeMeeting } from './requests';
import { participantQuery, requestSchema } from './schemas';
import { suggestedMeetings } from './suggestions';

const requestsUrl = (sessionId: number, organizationId: number, several: boolean) =>
  `/rencontres/${sessionId}/rendez-vous${several ? `?structure=${organizationId}` : ''}`;

interface Participation {
  board: Board;
  acting: InvitedOrganization[];
  /** The organization the page is for: `?structure=` (or the posted field) among `acting`, else the first. */
  current: InvitedOrganization;
}

export default async function participantMeetingRoutes(app: RouteApp) {
  const signedIn = { access: 'signedIn' as const };
  const page = { config: signedIn, schema: { params: idParams, querystring: participantQuery } };
  const form = { config: signedIn, schema: { ...page.schema, body: formBody } };

  /** `chosen`: the organization a form posted for, else `?structure=`. */
  const load = async (
    request: IdRequest & { query: { structure?: string } },
    chosen?: unknown,
  ): Promise<Participation> => {
    const person = signedInPerson(request);
    const session = await getSession(app.db, request.params.id);
    if (!session) throw new NotFound('Cette rencontre n’existe pas.');
    const ids = person.memberships.map((m) => m.organizationId);
    const acting = assertParticipates(person, await invitedAmong(app.db, session.id, ids));
    const wanted = chosen ?? request.query.structure;
    let current = acting[0];
    if (wanted !== undefined && wanted !== '') {
      const found = acting.find((o) => String(o.id) === String(wanted));
      if (!found) throw new NotFound();
      current = found;
    }
    return { board: await loadBoard(app.db, session), acting, current };
  };

  const render = async (
    reply: FastifyReply,
    p: Participation,
    status = 200,
    form: { errors?: FieldErrors; values?: FormValues } = {},
  ) => {
    // The partners the session's compositions and offers suggest come first in the request list.
    const suggested = new Map<number, string>();
    const all = p.board.organizations.map((o) => o.id);
    for (const s of await suggestedMeetings(app.db, p.board.session, all)) {
      const [a, b] = s.organizationIds;
      if (a === p.current.id) suggested.set(b, s.reason);
      if (b === p.current.id) suggested.set(a, s.reason);
    }
    const mine = p.current.id;
    const meetings = meetingViews(p.board).filter((m) => m.organizationIds.includes(mine));
    const withMeeting = new Set(meetings.flatMap((m) => m.organizationIds));
    const others = p.board.organizations.filter((o) => o.id !== mine);
    const other = (m: (typeof meetings)[number]) => m.names[m.organizationIds[0] === mine ? 1 : 0];
    const view = (m: (typeof meetings)[number]) => ({ ...m, other: other(m) });
    return reply.render(
      { page: 'meetings/participant', status },
      {
        session: p.board.session,
        acting: p.acting,
        current: p.current,
        several: p.acting.length > 1,
        closed: requestsClosedReason(p.board.session),
        others: others.map((o) => ({ ...o, hasMeeting: withMeeting.has(o.id) })),
        requestOptions: others
          .filter((o) => !withMeeting.has(o.id))
          .sort((x, y) => Number(suggested.has(y.id)) - Number(suggested.has(x.id)))
          .map((o) => ({
            value: String(o.id),
            label: `${o.name} (${o.communeName})${suggested.has(o.id) ? ' : suggéré' : ''}`,
          })),
        sent: meetings.filter((m) => m.requestedByOrganizationId === mine).map(view),
        received: meetings
          .filter((m) => m.requestedByOrganizationId !== null && m.requestedByOrganizationId !== mine)
          .map(view),
        proposed: meetings.filter((m) => m.requestedByOrganizationId === null).map(view),
        errors: form.errors ?? {},
        values: form.values ?? {},
      },
    );
  };

  app.get('/rencontres/:id/rendez-vous', page, async (request, reply) => render(reply, await load(request)));

  app.post('/rencontres/:id/rendez-vous', form, async (request, reply) => {
    const p = await load(request, request.body.structure);
    const closed = requestsClosedReason(p.board.session);
    if (closed) return render(reply, p, 422, { errors: { _form: closed }, values: formValues(request.body) });
    const form = parseForm(requestSchema, request.body);
    if (!form.ok) return render(reply, p, 422, form);
    const target = form.data.organisation;
    const values = formValues(request.body);
    if (target === p.current.id)
      return render(reply, p, 422, {
        errors: { organisation: 'Structure à rencontrer : choisissez une autre structure que la vôtre.' },
        values,
      });
    if (!p.board.organizations.some((o) => o.id === target))
      return render(reply, p, 422, {
        errors: { organisation: 'Structure à rencontrer : choisissez une structure invitée à la rencontre.' },
        values,
      });
    const result = await addMeeting(app.db, {
      sessionId: p.board.session.id,
      organizationIds: [p.current.id, target],
      source: 'participant',
      reason: form.data.motif ?? '',
      requestedByOrganizationId: p.current.id,
      requestedBy: signedInPerson(request).id,
    });
    if (!result.ok)
      return render(reply, p, 422, {
        errors: {
          organisation: 'Structure à rencontrer : un rendez-vous est déjà demandé entre vos deux structures.',
        },
        values,
      });
    reply.flash(
      'Votre demande de rendez-vous est enregistrée. L’animateur l’inscrira au planning de la rencontre.',
    );
    return reply.redirect(requestsUrl(p.board.session.id, p.current.id, p.acting.length > 1), 303);
  });

  const cancel = { ...form, schema: { ...form.schema, params: idParams.extend({ meetingId: id }) } };
  app.post('/rencontres/:id/rendez-vous/:meetingId/annuler', cancel, async (request, reply) => {
    const p = await load(request, request.body.structure);
    const { meetingId } = request.params;
    const closed = requestsClosedReason(p.board.session);
    if (closed) return render(reply, p, 422, { errors: { _form: closed } });
    // Only a request the organization made itself; the pages offer nothing else.
    if (!(await removeMeeting(app.db, p.board.session.id, meetingId, [p.current.id])))
      throw new NotFound('Cette demande n’existe pas.');
    reply.flash('Votre demande de rendez-vous est annulée.');
    return reply.redirect(requestsUrl(p.board.session.id, p.current.id, p.acting.length > 1), 303);
  });

  app.get('/rencontres/:id/agenda', page, async (request, reply) => {
    const p = await load(request);
    return reply.render(
      { page: 'meetings/agenda' },
      {
        session: p.board.session,
        acting: p.acting,
        current: p.current,
        several: p.acting.length > 1,
        lines: agendaLines(p.board, p.current.id),
        planned: p.board.slots.length > 0,
      },
    );
  });

  app.get('/rencontres/:id/agenda.ics', page, async (request, reply) => {
    const p = await load(request);
    return sendIcs(reply, p.board, p.current.id, app.config.publicUrl);
  });
}
