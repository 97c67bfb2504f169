/**
 * The facilitator's meeting pages of a session (/animation/rencontres/:id/rendez-vous…): every request,
 * meetings added by hand or from the suggestions, slots and tables, "tout planifier", the grid with hand
 * moves and locks, and every organization's agenda. Territory-checked: a facilitator of another territory
 * gets a 404, admins see all.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { signedInPerson } from '../common/access';
import { HttpError, NotFound } from '../common/errors';
import { type FieldErrors, type FormValues, formValues, parseForm } from '../common/forms';
import { type IdRequest, id, idParams, type RouteApp } from '../common/route-schemas';
import { agendaIcs } from './agenda-ics';
import { type Board, getSession, loadBoard } from './board';
import { agendaLines, meetingViews, slotLabel } from './page';
import { assertFacilitatesSession } from './permissions';
import { STALE_PLAN } from './plan';
import { registerPlanningRoutes } from './planning-routes';
import { addMeeting, addSuggestions, removeMeeting } from './requests';
import {
  addMeetingSchema,
  meetingsForm,
  meetingsPage,
  parseSlotsForm,
  parseTablesForm,
  postedPlanVersion,
} from './schemas';
import { replaceSlots, replaceTables, replaceUnavailabilities } from './setup';
import { suggestedMeetings } from './suggestions';

export const base = (sessionId: number) => `/animation/rencontres/${sessionId}/rendez-vous`;

export interface FormState {
  errors?: FieldErrors;
  values?: FormValues;
}

export default async function facilitatorMeetingRoutes(app: RouteApp) {
  const facilitator = { access: 'facilitator' as const };
  const page = { config: facilitator, schema: meetingsPage };
  const form = { config: facilitator, schema: meetingsForm };

  /** The session of the URL if the person facilitates it (404 otherwise), with its whole board. */
  const load = async (request: IdRequest): Promise<Board> => {
    const person = signedInPerson(request);
    const session = assertFacilitatesSession(person, await getSession(app.db, request.params.id));
    return loadBoard(app.db, session);
  };

  const version = (request: FastifyRequest) => {
    const v = postedPlanVersion(request.body);
    if (v === null) throw new HttpError(400, 'La version du planning manque : rechargez la page.');
    return v;
  };

  const renderRequests = (reply: FastifyReply, board: Board, status = 200, form: FormState = {}) =>
    reply.render(
      { page: 'meetings/facilitator', status },
      {
        session: board.session,
        base: base(board.session.id),
        organizations: board.organizations,
        organizationOptions: board.organizations.map((o) => ({ value: String(o.id), label: o.name })),
        meetings: meetingViews(board),
        ready: board.slots.length > 0 && board.tables.length > 0,
        plan: board.plan,
        errors: form.errors ?? {},
        values: form.values ?? {},
      },
    );

  const renderSetup = (reply: FastifyReply, board: Board, status = 200, form: FormState = {}) => {
    const opens = board.session.startsAt;
    return reply.render(
      { page: 'meetings/setup', status },
      {
        session: board.session,
        base: base(board.session.id),
        slots: board.slots.map((s) => ({ id: s.id, label: slotLabel(s) })),
        tables: board.tables,
        organizations: board.organizations.map((o) => ({
          ...o,
          away: [...(board.unavailable.get(o.id) ?? [])],
        })),
        hours: slotLabel({ startsAt: opens, endsAt: board.session.endsAt }),
        version: board.plan.version,
        errors: form.errors ?? {},
        values: form.values ?? {},
      },
    );
  };

  app.get('/animation/rencontres/:id/rendez-vous', page, async (request, reply) =>
    renderRequests(reply, await load(request)),
  );

  app.post('/animation/rencontres/:id/rendez-vous', form, async (request, reply) => {
    const board = await load(request);
    const person = signedInPerson(request);
    const form = parseForm(addMeetingSchema, request.body);
    if (!form.ok) return renderRequests(reply, board, 422, form);
    const invited = new Set(board.organizations.map((o) => o.id));
    for (const field of ['organisationA', 'organisationB'] as const) {
      if (!invited.has(form.data[field])) {
        const errors = { [field]: 'Structure : choisissez une structure invitée à la rencontre.' };
        return renderRequests(reply, board, 422, { errors, values: formValues(request.body) });
      }
    }
    const result = await addMeeting(app.db, {
      sessionId: board.session.id,
      organizationIds: [form.data.organisationA, form.data.organisationB],
      source: 'facilitator',
      reason: form.data.motif ?? '',
      requestedByOrganizationId: null,
      requestedBy: person.id,
    });
    if (!result.ok) {
      const errors = { organisationB: 'Ces deux structures ont déjà un rendez-vous prévu.' };
      return renderRequests(reply, board, 422, { errors, values: formValues(request.body) });
    }
    reply.flash('Le rendez-vous est ajouté.');
    return reply.redirect(base(board.session.id), 303);
  });

  app.post('/animation/rencontres/:id/rendez-vous/suggestions', form, async (request, reply) => {
    const board = await load(request);
    const suggestions = await suggestedMeetings(
      app.db,
      board.session,
      board.organizations.map((o) => o.id),
    );
    const { added, existing } = await addSuggestions(
      app.db,
      board.session.id,
      signedInPerson(request).id,
      suggestions,
    );
    reply.flash(
      suggestions.length === 0
        ? 'Aucune rencontre suggérée : lancez la mise en relation de la rencontre ou ajoutez des offres à son périmètre.'
        : `${added} rencontre${added > 1 ? 's' : ''} suggérée${added > 1 ? 's' : ''} ajoutée${added > 1 ? 's' : ''}${existing ? ` (${existing} déjà prévue${existing > 1 ? 's' : ''})` : ''}.`,
    );
    return reply.redirect(base(board.session.id), 303);
  });

  app.post(
    '/animation/rencontres/:id/rendez-vous/:meetingId/supprimer',
    { config: facilitator, schema: { ...meetingsForm, params: idParams.extend({ meetingId: id }) } },
    async (request, reply) => {
      const board = await load(request);
      const { meetingId } = request.params;
      if (!(await removeMeeting(app.db, board.session.id, meetingId)))
        throw new NotFound('Ce rendez-vous n’existe pas.');
      reply.flash('Le rendez-vous est supprimé.');
      return reply.redirect(base(board.session.id), 303);
    },
  );

  app.get('/animation/rencontres/:id/rendez-vous/creneaux', page, async (request, reply) =>
    renderSetup(reply, await load(request)),
  );

  /** Saves one of the set-up forms if the plan is still at the posted version. */
  const saveSetup = async (
    request: FastifyRequest,
    reply: FastifyReply,
    board: Board,
    save: (posted: number) => Promise<boolean>,
    done: string,
  ) => {
    if (!(await save(version(request)))) {
      // What was typed stays in the form: the person re-saves it against the plan as it now is.
      return renderSetup(reply, await loadBoard(app.db, board.session), 409, {
        errors: { _form: STALE_PLAN },
        values: formValues(request.body),
      });
    }
    reply.flash(done);
    return reply.redirect(`${base(board.session.id)}/creneaux`, 303);
  };

  app.post('/animation/rencontres/:id/rendez-vous/creneaux', form, async (request, reply) => {
    const board = await load(request);
    const form = parseSlotsForm(request.body, board.session);
    if (!form.ok) return renderSetup(reply, board, 422, form);
    return saveSetup(
      request,
      reply,
      board,
      (v) => replaceSlots(app.db, board, v, form.data),
      'Les créneaux sont enregistrés.',
    );
  });

  app.post('/animation/rencontres/:id/rendez-vous/tables', form, async (request, reply) => {
    const board = await load(request);
    const form = parseTablesForm(request.body);
    if (!form.ok) return renderSetup(reply, board, 422, form);
    return saveSetup(
      request,
      reply,
      board,
      (v) => replaceTables(app.db, board, v, form.data),
      'Les tables sont enregistrées.',
    );
  });

  app.post('/animation/rencontres/:id/rendez-vous/indisponibilites', form, async (request, reply) => {
    const board = await load(request);
    const raw = request.body.absent;
    const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    const orgs = new Set(board.organizations.map((o) => o.id));
    const slots = new Set(board.slots.map((s) => s.id));
    const pairs: { organizationId: number; slotId: number }[] = [];
    for (const value of values) {
      const match = typeof value === 'string' ? /^(\d{1,10})-(\d{1,10})$/.exec(value) : null;
      if (!match || !orgs.has(Number(match[1])) || !slots.has(Number(match[2])))
        throw new HttpError(
          400,
          'Une case cochée ne correspond à aucune structure ou aucun créneau : rechargez la page.',
        );
      pairs.push({ organizationId: Number(match[1]), slotId: Number(match[2]) });
    }
    const unique = [...new Map(pairs.map((p) => [`${p.organizationId}-${p.slotId}`, p])).values()];
    return saveSetup(
      request,
      reply,
      board,
      (v) => replaceUnavailabilities(app.db, board, v, unique),
      'Les absences sont enregistrées.',
    );
  });

  registerPlanningRoutes(app, { load, version });

  app.get('/animation/rencontres/:id/rendez-vous/agendas', page, async (request, reply) => {
    const board = await load(request);
    return reply.render(
      { page: 'meetings/agendas' },
      {
        session: board.session,
        base: base(board.session.id),
        agendas: board.organizations.map((o) => ({ organization: o, lines: agendaLines(board, o.id) })),
      },
    );
  });

  app.get(
    '/animation/rencontres/:id/rendez-vous/agendas/:organizationId/agenda.ics',
    { config: facilitator, schema: { params: idParams.extend({ organizationId: id }) } },
    async (request, reply) => {
      const board = await load(request);
      const { organizationId } = request.params;
      if (!board.organizations.some((o) => o.id === organizationId)) throw new NotFound();
      return sendIcs(reply, board, organizationId, app.config.publicUrl);
    },
  );
}

export function sendIcs(reply: FastifyReply, board: Board, organizationId: number, publicUrl: string) {
  const host = new URL(publicUrl).hostname;
  reply
    .type('text/calendar; charset=utf-8')
    .header(
      'content-disposition',
      `attachment; filename="agenda-rencontre-${board.session.id}-${organizationId}.ics"`,
    );
  return reply.send(agendaIcs(board, organizationId, host));
}
