/**
 * The planning page: "tout planifier", the slots × tables grid, meetings left out with why, a hand move
 * (a conflict is refused with the reason, never stored) and lock/unlock. With htmx the forms swap the
 * planning block in place; without JavaScript they are ordinary posts answered by a redirect.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { signedInPerson } from '../common/access';
import { NotFound } from '../common/errors';
import { type FieldErrors, type FormValues, formValues, parseForm } from '../common/forms';
import { type IdRequest, id, idParams, type RouteApp } from '../common/route-schemas';
import { isHtmx } from '../common/views';
import type { Violation } from '../scheduling';
import { type Board, loadBoard } from './board';
import { boardNames, gridView, meetingViews, placeOptions, slotLabel } from './page';
import { type MoveRequest, moveViolations, planAll, STALE_PLAN, storeLock, storeMove } from './plan';
import { meetingsForm, meetingsPage, moveSchema } from './schemas';

const planningUrl = (sessionId: number) => `/animation/rencontres/${sessionId}/rendez-vous/planning`;

interface Deps {
  load(request: IdRequest): Promise<Board>;
  version(request: FastifyRequest): number;
}

/** A French sentence for each problem a hand move would cause. */
export function moveProblems(board: Board, move: MoveRequest, violations: Violation[]): string[] {
  const { orgs, slots, tables } = boardNames(board);
  const ids = (key: string | undefined) => Number((key ?? '').slice(1));
  const meetingText = (key: string) => {
    const m = board.meetings.find((x) => x.id === ids(key));
    return m ? `${orgs.get(m.organizationLowId)} / ${orgs.get(m.organizationHighId)}` : '';
  };
  const at =
    move.slotId === null
      ? ''
      : slotLabel(slots.get(move.slotId) as NonNullable<ReturnType<typeof slots.get>>);
  const own = `m${move.meetingId}`;
  return violations.map((v) => {
    const others = v.meetingIds
      .filter((k) => k !== own)
      .map(meetingText)
      .join(', ');
    switch (v.kind) {
      case 'participant-double-booked':
        return `${orgs.get(ids(v.participantId))} a déjà un rendez-vous à ${at} (${others}).`;
      case 'table-double-booked':
        return `${tables.get(move.tableId ?? 0)} est déjà prise à ${at} (${others}).`;
      case 'participant-unavailable':
        return `${orgs.get(ids(v.participantId))} n’est pas disponible à ${at}.`;
      default:
        return 'Ce placement n’est pas possible.';
    }
  });
}

export function registerPlanningRoutes(app: RouteApp, { load, version }: Deps) {
  const facilitator = { access: 'facilitator' as const };
  const form = { config: facilitator, schema: meetingsForm };

  const render = (
    reply: FastifyReply,
    board: Board,
    status = 200,
    form: { errors?: FieldErrors; values?: FormValues; notice?: string } = {},
  ) => {
    const meetings = meetingViews(board);
    return reply.render(
      { page: 'meetings/planning', fragment: 'meetings/_planning', status },
      {
        session: board.session,
        base: `/animation/rencontres/${board.session.id}/rendez-vous`,
        grid: gridView(board),
        placed: meetings.filter((m) => m.placement),
        unscheduled: meetings.filter((m) => !m.placement),
        meetingOptions: meetings.map((m) => ({
          value: String(m.id),
          label: `${m.names[0]} / ${m.names[1]}`,
        })),
        ...placeOptions(board),
        ready: board.slots.length > 0 && board.tables.length > 0,
        plan: board.plan,
        notice: form.notice,
        errors: form.errors ?? {},
        values: form.values ?? {},
      },
    );
  };

  /** After a successful change: the updated block for htmx, a redirect with a flash otherwise. */
  const done = async (request: FastifyRequest, reply: FastifyReply, board: Board, message: string) => {
    if (isHtmx(request))
      return render(reply, await loadBoard(app.db, board.session), 200, { notice: message });
    reply.flash(message);
    return reply.redirect(planningUrl(board.session.id), 303);
  };

  const stale = async (reply: FastifyReply, board: Board) =>
    render(reply, await loadBoard(app.db, board.session), 409, { errors: { _form: STALE_PLAN } });

  app.get(
    '/animation/rencontres/:id/rendez-vous/planning',
    { config: facilitator, schema: meetingsPage },
    async (request, reply) => render(reply, await load(request)),
  );

  app.post('/animation/rencontres/:id/rendez-vous/planifier', form, async (request, reply) => {
    const board = await load(request);
    const posted = version(request);
    const result = await planAll(app.db, board, posted, signedInPerson(request).id);
    if (!result.ok) {
      if (result.message === STALE_PLAN) return stale(reply, board);
      return render(reply, board, 422, { errors: { _form: result.message } });
    }
    const { scheduled } = result.plan.stats;
    const left = result.plan.unscheduled.length;
    return done(
      request,
      reply,
      board,
      `Planning calculé : ${scheduled} rendez-vous placé${scheduled > 1 ? 's' : ''}${left ? `, ${left} non placé${left > 1 ? 's' : ''} (voir pourquoi plus bas)` : ''}.`,
    );
  });

  app.post('/animation/rencontres/:id/rendez-vous/deplacer', form, async (request, reply) => {
    const board = await load(request);
    const posted = version(request);
    const form = parseForm(moveSchema, request.body);
    const values = formValues(request.body);
    if (!form.ok) return render(reply, board, 422, form);
    const meetingId = form.data.rendezvous;
    const meeting = board.meetings.find((m) => m.id === meetingId);
    if (!meeting)
      return render(reply, board, 422, {
        errors: { rendezvous: 'Rendez-vous : choisissez un rendez-vous.' },
        values,
      });
    const slotId = form.data.creneau === '' ? null : Number(form.data.creneau);
    const tableId = form.data.table === '' ? null : Number(form.data.table);
    if (slotId !== null && !board.slots.some((s) => s.id === slotId))
      return render(reply, board, 422, {
        errors: { creneau: 'Créneau : choisissez un créneau de la liste.' },
        values,
      });
    if (slotId !== null && (tableId === null || !board.tables.some((t) => t.id === tableId)))
      return render(reply, board, 422, {
        errors: { table: 'Table : choisissez une table de la liste.' },
        values,
      });
    const move: MoveRequest = { meetingId, slotId, tableId, locked: form.data.verrouiller === '1' };
    const violations = moveViolations(board, move);
    if (violations.length) {
      const problems = moveProblems(board, move, violations);
      return render(reply, board, 422, {
        errors: {
          _form: `Ce déplacement crée un conflit, il n’est pas enregistré : ${problems.join(' ')}`,
        },
        values,
      });
    }
    if (!(await storeMove(app.db, board.session.id, posted, move))) return stale(reply, board);
    return done(
      request,
      reply,
      board,
      slotId === null ? 'Le rendez-vous est retiré du planning.' : 'Le rendez-vous est déplacé.',
    );
  });

  app.post(
    '/animation/rencontres/:id/rendez-vous/:meetingId/verrouiller',
    { config: facilitator, schema: { ...meetingsForm, params: idParams.extend({ meetingId: id }) } },
    async (request, reply) => {
      const board = await load(request);
      const posted = version(request);
      const { meetingId } = request.params;
      const meeting = board.meetings.find((m) => m.id === meetingId);
      if (!meeting) throw new NotFound('Ce rendez-vous n’existe pas.');
      const locked = request.body.verrou === '1';
      if (locked && (meeting.slotId === null || meeting.tableId === null))
        return render(reply, board, 422, {
          errors: { _form: 'Seul un rendez-vous placé peut être verrouillé.' },
        });
      if (!(await storeLock(app.db, board.session.id, posted, meetingId, locked))) return stale(reply, board);
      return done(
        request,
        reply,
        board,
        locked
          ? 'Le rendez-vous est verrouillé : « Tout planifier » le laissera en place.'
          : 'Le rendez-vous est déverrouillé.',
      );
    },
  );
}
