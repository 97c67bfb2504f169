/**
 * The participants' side (/rencontres): members of an invited organization see the sessions they are
 * invited to (date, place, the other participants' organization names) and download the invitation.
 * Read-only; the meetings pages extend /rencontres/:id with meeting requests. Anyone else gets a 404.
 */
import { signedInPerson } from '../common/access';
import { NotFound } from '../common/errors';
import { frenchSpan } from '../common/paris-time';
import { type IdRequest, idParams, type RouteApp } from '../common/route-schemas';
import { addressOf, sessionIcs } from './invitations';
import { sessionSummary } from './page';
import { invitedOrganizations } from './participants';
import { participantOrganizations } from './permissions';
import { getSession, participantSessions } from './service';

const signedIn = { access: 'signedIn' as const };

/** The session of the URL with the person's invited organizations; 404 unless they have one. */
export async function loadParticipantSession(app: RouteApp, request: IdRequest) {
  const person = signedInPerson(request);
  const session = await getSession(app.db, request.params.id);
  if (!session) throw new NotFound();
  const organizations = await invitedOrganizations(app.db, session.id);
  const mine = participantOrganizations(
    person,
    organizations.map((o) => o.id),
  );
  if (!mine.length) throw new NotFound();
  return { session, organizations, mine };
}

export default async function participantRoutes(app: RouteApp) {
  const session = { config: signedIn, schema: { params: idParams } };

  app.get('/rencontres', { config: signedIn }, async (request, reply) => {
    const person = signedInPerson(request);
    const sessions = await participantSessions(
      app.db,
      person.memberships.map((m) => m.organizationId),
    );
    const now = new Date();
    const label = (s: (typeof sessions)[number]) => ({
      ...sessionSummary(s),
      when: frenchSpan(s.startsAt, s.endsAt),
    });
    return reply.render(
      { page: 'matchmaking/participant-index' },
      {
        title: 'Mes rencontres',
        upcoming: sessions.filter((s) => s.endsAt >= now && s.status === 'planned').map(label),
        past: sessions.filter((s) => s.endsAt < now || s.status !== 'planned').map(label),
      },
    );
  });

  app.get('/rencontres/:id', session, async (request, reply) => {
    const { session, organizations, mine } = await loadParticipantSession(app, request);
    return reply.render(
      { page: 'matchmaking/participant-show' },
      {
        ...sessionSummary(session),
        title: session.title,
        // Organization names only: no person's contact details on this page.
        participants: organizations.map((o) => ({
          id: o.id,
          name: o.name,
          communeName: o.communeName,
          kind: o.kind,
          mine: mine.includes(o.id),
        })),
        mine,
      },
    );
  });

  app.get('/rencontres/:id/invitation.ics', session, async (request, reply) => {
    const { session, organizations, mine } = await loadParticipantSession(app, request);
    const ics = sessionIcs(session, mine[0], {
      publicUrl: app.config.publicUrl,
      organizer: addressOf(app.config.mailFrom),
      invited: organizations,
    });
    return reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="rencontre-${session.id}.ics"`)
      .send(ics);
  });
}
