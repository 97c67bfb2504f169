/**
 * Reminder and follow-up mails of sessions, a background job (server/jobs.ts): a week before and a day
 * before (with the session's .ics and the link to the organization's agenda), and 30 days after asking
 * what came of the meetings (and for the satisfaction form). Every member of every invited organization
 * gets them.
 *
 * Sent once, even with two instances: each (session, organization, kind) is claimed by inserting its row
 * in matchmaking_event_mails in the same transaction that queues the mails in the outbox; a second runner's
 * insert hits the primary key and queues nothing. The run also holds the 'event-mails' lock (db/locks.ts)
 * so two instances do not even compete for the same rows.
 */
import { and, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { tryWithLock } from '../../db/locks';
import {
  type EventMailKind,
  matchmakingEventMails,
  matchmakingSessionOrganizations,
  matchmakingSessions,
  memberships,
  organizations,
  people,
} from '../../db/schema';
import { frenchSpan } from '../common/paris-time';
import { enqueueMail } from '../mail/service';
import { addressOf, sessionIcs, sessionLocation } from '../matchmaking/invitations';
import { invitedOrganizations } from '../matchmaking/participants';
import { KIND_LABELS } from '../matchmaking/schemas';
import type { SessionRow } from '../matchmaking/service';

const DAY = 86_400_000;
/** At most this many (session, organization) pairs per kind and run; the next run takes the rest. */
const BATCH = 200;

export interface EventMailOptions {
  publicUrl: string;
  mailFrom: string;
  now?: Date;
}

/** The window of `now` in which each kind is due, as a condition on the session. */
function due(kind: EventMailKind, now: Date) {
  const at = (ms: number) => new Date(now.getTime() + ms);
  const s = matchmakingSessions;
  switch (kind) {
    case 'week_before':
      return and(eq(s.status, 'planned'), gt(s.startsAt, at(DAY)), lte(s.startsAt, at(7 * DAY)));
    case 'day_before':
      return and(eq(s.status, 'planned'), gt(s.startsAt, now), lte(s.startsAt, at(DAY)));
    case 'follow_up':
      // Not for sessions ended long ago (a deploy after months of downtime must not mail old sessions).
      return and(sql`${s.status} <> 'cancelled'`, lte(s.endsAt, at(-30 * DAY)), gt(s.endsAt, at(-60 * DAY)));
  }
}

async function duePairs(db: DbOrTx, kind: EventMailKind, now: Date) {
  return db
    .select({ session: matchmakingSessions, organizationId: matchmakingSessionOrganizations.organizationId })
    .from(matchmakingSessionOrganizations)
    .innerJoin(matchmakingSessions, eq(matchmakingSessions.id, matchmakingSessionOrganizations.sessionId))
    .where(
      and(
        due(kind, now),
        sql`not exists (select 1 from ${matchmakingEventMails} m where m.session_id = ${matchmakingSessionOrganizations.sessionId} and m.organization_id = ${matchmakingSessionOrganizations.organizationId} and m.kind = ${kind})`,
      ),
    )
    .orderBy(matchmakingSessionOrganizations.sessionId, matchmakingSessionOrganizations.organizationId)
    .limit(BATCH);
}

function mailFor(kind: EventMailKind, session: SessionRow, orgName: string, options: EventMailOptions) {
  const base = options.publicUrl.replace(/\/$/, '');
  const when = frenchSpan(session.startsAt, session.endsAt);
  const name = `${KIND_LABELS[session.kind]} « ${session.title} »`;
  if (kind === 'follow_up')
    return {
      subject: `Suites de la rencontre : ${session.title}`,
      text: `Bonjour,\n\nIl y a un mois, « ${orgName} » participait à la ${name} (${when}).\n\nQu’est-il sorti de vos rendez-vous ? Une composition d’emploi partagé, un groupement d’employeurs à créer, un partenariat, rien pour l’instant : dites-le en une minute, cela aide l’animation à suivre les projets :\n${base}/rencontres/${session.id}/suivi\n\nVotre avis sur la rencontre (anonyme) :\n${base}/rencontres/${session.id}/satisfaction\n\nMosaïque`,
      attach: false,
    };
  const delay = kind === 'week_before' ? 'dans une semaine' : 'demain';
  return {
    subject: `Rappel : ${session.title}, ${delay}`,
    text: `Bonjour,\n\n« ${orgName} » participe ${delay} à la ${name}, ${when}, ${sessionLocation(session)}.\n\nL’invitation pour votre agenda est jointe (fichier .ics). Vos rendez-vous individuels et votre programme :\n${base}/rencontres/${session.id}/agenda\n(à ajouter à votre agenda : ${base}/rencontres/${session.id}/agenda.ics)\n\nLes autres participants :\n${base}/rencontres/${session.id}/participants\n\nMosaïque`,
    attach: true,
  };
}

/** Claims one (session, organization, kind) and queues its mails, in one transaction; 0 when claimed already. */
async function sendOne(
  db: DbOrTx,
  kind: EventMailKind,
  session: SessionRow,
  organizationId: number,
  options: EventMailOptions,
): Promise<number> {
  return db.transaction(async (tx) => {
    const claimed = await tx
      .insert(matchmakingEventMails)
      .values({ sessionId: session.id, organizationId, kind })
      .onConflictDoNothing()
      .returning({ kind: matchmakingEventMails.kind });
    if (!claimed.length) return 0;
    const members = await tx
      .select({ email: people.email, orgName: organizations.name })
      .from(memberships)
      .innerJoin(people, eq(people.id, memberships.personId))
      .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
      .where(inArray(memberships.organizationId, [organizationId]));
    // The calendar file lists every invited structure as an attendee, as the invitation's does.
    const attendees = await invitedOrganizations(tx, session.id);
    for (const member of members) {
      const mail = mailFor(kind, session, member.orgName, options);
      await enqueueMail(tx, {
        to: member.email,
        kind: `matchmaking-${kind.replace('_', '-')}`,
        subject: mail.subject,
        text: mail.text,
        attachments: mail.attach
          ? [
              {
                filename: 'rencontre.ics',
                contentType: 'text/calendar; charset=utf-8; method=REQUEST',
                content: sessionIcs(session, organizationId, {
                  publicUrl: options.publicUrl,
                  organizer: addressOf(options.mailFrom),
                  invited: attendees,
                  now: options.now,
                }),
              },
            ]
          : undefined,
      });
    }
    return members.length;
  });
}

/** One run of the job: every due reminder and follow-up; the number of mails queued per kind. */
export async function sendEventMails(db: Db, options: EventMailOptions) {
  const outcome = await tryWithLock(db, 'event-mails', async () => {
    const now = options.now ?? new Date();
    const sent: Record<EventMailKind, number> = { week_before: 0, day_before: 0, follow_up: 0 };
    for (const kind of ['day_before', 'week_before', 'follow_up'] as const) {
      for (const pair of await duePairs(db, kind, now)) {
        // A day-before reminder makes the week-before one pointless: claim it too, without mail.
        if (kind === 'day_before')
          await db
            .insert(matchmakingEventMails)
            .values({ sessionId: pair.session.id, organizationId: pair.organizationId, kind: 'week_before' })
            .onConflictDoNothing();
        sent[kind] += await sendOne(db, kind, pair.session, pair.organizationId, { ...options, now });
      }
    }
    return sent;
  });
  return outcome.ran ? outcome.value : null;
}
