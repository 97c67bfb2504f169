/**
 * The public side of a session open to registration (/evenements): the list of upcoming open sessions and
 * each session's page (date, place, programme, audience, places left), readable by anyone; a signed-in
 * member of a structure registers it (saying what it brings and looks for) or withdraws it. A session that
 * was never opened to registration is a 404 here: its page stays private (/rencontres/:id).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CurrentPerson } from '../accounts/session';
import { signedInPerson } from '../common/access';
import { HttpError, NotFound } from '../common/errors';
import { type FieldErrors, type FormValues, formValues, parseForm } from '../common/forms';
import { formBody, type IdRequest, idParams, type RouteApp } from '../common/route-schemas';
import { sessionSummary } from '../matchmaking/page';
import { getSession, type SessionRow } from '../matchmaking/service';
import {
  broughtChoices,
  type EventSettings,
  getEventSettings,
  openSessions,
  placesTaken,
  registrationsOf,
} from './registration-reads';
import { register, withdraw } from './registrations';
import { REGISTRATION_LABELS, registrationSchema, withdrawSchema } from './schemas';

/** Why a session takes no registration now, in French; null when it does. */
export function registrationClosedReason(session: SessionRow, settings: EventSettings, now = new Date()) {
  if (session.status === 'cancelled') return 'Cette rencontre est annulée.';
  if (session.status === 'held' || session.startsAt.getTime() <= now.getTime())
    return 'Cette rencontre a commencé : les inscriptions sont closes.';
  if (!settings.open) return 'Les inscriptions à cette rencontre sont closes.';
  return null;
}

/** The structures a person may register: those they are a member of (owner or editor). */
function ownStructures(person: CurrentPerson | null) {
  return person?.memberships ?? [];
}

export default async function publicEventRoutes(app: RouteApp) {
  const everyone = { access: 'public' as const };
  const signedIn = { access: 'signedIn' as const };

  app.get('/evenements', { config: everyone }, async (_request, reply) => {
    const rows = await openSessions(app.db);
    return reply.render(
      { page: 'events/index' },
      {
        title: 'Rencontres ouvertes aux inscriptions',
        events: rows.map((r) => ({ ...sessionSummary(r.session), audience: r.settings.audience })),
      },
    );
  });

  const load = async (request: IdRequest) => {
    const session = await getSession(app.db, request.params.id);
    const settings = session && (await getEventSettings(app.db, session.id));
    if (!session || !settings) throw new NotFound('Cette rencontre n’existe pas.');
    return { session, settings };
  };

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    event: { session: SessionRow; settings: EventSettings },
    form: { status?: number; values?: FormValues; errors?: FieldErrors } = {},
  ) => {
    const { session, settings } = event;
    const structures = ownStructures(request.person);
    const ids = structures.map((m) => m.organizationId);
    const mine = await registrationsOf(app.db, session.id, ids);
    const registered = new Set(mine.map((r) => r.organizationId));
    const choices = await Promise.all(
      structures
        .filter((m) => !registered.has(m.organizationId))
        .map(async (m) => ({
          id: m.organizationId,
          name: m.name,
          ...(await broughtChoices(app.db, m.organizationId)),
        })),
    );
    const taken = await placesTaken(app.db, session.id);
    return reply.render(
      { page: 'events/show', status: form.status },
      {
        ...sessionSummary(session),
        title: session.title,
        settings,
        closed: registrationClosedReason(session, settings),
        placesLeft: settings.capacity === null ? null : Math.max(0, settings.capacity - taken),
        signedIn: Boolean(request.person),
        mine: mine.map((r) => ({
          ...r,
          name: structures.find((m) => m.organizationId === r.organizationId)?.name ?? '',
          statusLabel: REGISTRATION_LABELS[r.status],
          active: ['pending', 'accepted', 'waitlisted'].includes(r.status),
        })),
        choices,
        structureOptions: choices.map((c) => ({ value: String(c.id), label: c.name })),
        needOptions: choices.flatMap((c) =>
          c.needs.map((n) => ({ value: String(n.id), label: `${c.name} : ${n.title}` })),
        ),
        offerOptions: choices.flatMap((c) =>
          c.offers.map((o) => ({ value: String(o.id), label: `${c.name} : ${o.title}` })),
        ),
        values: form.values ?? (choices.length === 1 ? { structure: String(choices[0].id) } : {}),
        errors: form.errors ?? {},
      },
    );
  };

  const page = { config: everyone, schema: { params: idParams } };
  app.get('/evenements/:id', page, async (request, reply) => render(request, reply, await load(request)));

  const post = { config: signedIn, schema: { params: idParams, body: formBody } };
  app.post('/evenements/:id/inscription', post, async (request, reply) => {
    const person = signedInPerson(request);
    const event = await load(request);
    const values = formValues(request.body);
    const closed = registrationClosedReason(event.session, event.settings);
    if (closed) return render(request, reply, event, { status: 422, values, errors: { _form: closed } });
    const form = parseForm(registrationSchema, request.body);
    if (!form.ok) return render(request, reply, event, { status: 422, values, errors: form.errors });
    const membership = person.memberships.find((m) => m.organizationId === form.data.structure);
    if (!membership)
      return render(request, reply, event, {
        status: 422,
        values,
        errors: { structure: 'Structure : choisissez une structure dont vous êtes membre.' },
      });
    const brought = await broughtChoices(app.db, membership.organizationId);
    const needIds = new Set(brought.needs.map((n) => n.id));
    const offerIds = new Set(brought.offers.map((o) => o.id));
    const errors: FieldErrors = {};
    if (form.data.needIds.some((id) => !needIds.has(id)))
      errors.needIds = 'Besoins apportés : choisissez parmi les besoins publiés de votre structure.';
    if (form.data.offerIds.some((id) => !offerIds.has(id)))
      errors.offerIds = 'Offres apportées : choisissez parmi les offres publiées de votre structure.';
    if (Object.keys(errors).length) return render(request, reply, event, { status: 422, values, errors });
    const result = await register(app.db, event.session.id, person.id, {
      ...form.data,
      organizationId: membership.organizationId,
    });
    if (!result.ok) {
      const message = {
        closed: 'Les inscriptions à cette rencontre sont closes.',
        already: 'Structure : votre structure est déjà inscrite à cette rencontre.',
        invited: 'Structure : votre structure est déjà invitée à cette rencontre.',
      }[result.reason];
      return render(request, reply, event, { status: 422, values, errors: { structure: message } });
    }
    reply.flash(
      {
        accepted: 'Votre inscription est acceptée : la rencontre est dans « Mes rencontres ».',
        waitlisted: 'La rencontre est complète : votre structure est sur liste d’attente.',
        pending: 'Votre inscription est enregistrée : l’animateur va la valider.',
        declined: '',
        withdrawn: '',
      }[result.status],
    );
    return reply.redirect(`/evenements/${event.session.id}`, 303);
  });

  app.post('/evenements/:id/retrait', post, async (request, reply) => {
    const person = signedInPerson(request);
    const event = await load(request);
    const form = parseForm(withdrawSchema, request.body);
    if (!form.ok) throw new HttpError(400, 'La requête est mal formée.');
    if (!person.memberships.some((m) => m.organizationId === form.data.structure))
      throw new NotFound('Cette inscription n’existe pas.');
    if (!(await withdraw(app.db, event.session.id, form.data.structure)))
      throw new NotFound('Cette inscription n’existe pas.');
    reply.flash('L’inscription de votre structure est retirée.');
    return reply.redirect(`/evenements/${event.session.id}`, 303);
  });
}
