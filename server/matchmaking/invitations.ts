/**
 * Invitations to a session: one mail per member (owner or editor) of each invited organization, with the
 * session's .ics (METHOD:REQUEST) attached, and `invitation_sent_at` recorded per organization. The UID is
 * stable per session and organization, and SEQUENCE follows the session's version, so a re-sent
 * invitation after an edit updates the event in calendars instead of adding another.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { matchmakingSessionOrganizations, memberships, organizations, people } from '../../db/schema';
import { buildIcs } from '../common/ics';
import { frenchSpan } from '../common/paris-time';
import { enqueueMail } from '../mail/service';
import { KIND_LABELS } from './schemas';
import type { SessionRow } from './service';

type SessionForIcs = Pick<
  SessionRow,
  | 'id'
  | 'kind'
  | 'title'
  | 'startsAt'
  | 'endsAt'
  | 'place'
  | 'communeName'
  | 'description'
  | 'version'
  | 'status'
>;

/** "3 rue de l’Étang, Belfort": the address and the commune, once. */
export function sessionLocation(session: Pick<SessionRow, 'place' | 'communeName'>): string {
  return session.place.toLowerCase().includes(session.communeName.toLowerCase())
    ? session.place
    : [session.place, session.communeName].filter(Boolean).join(', ');
}

/**
 * The session's calendar file for one invited organization (the UID names it, so the file mailed and the
 * one downloaded from the participant page are the same event) or for the facilitator ('animation').
 */
export function sessionIcs(
  session: SessionForIcs,
  audience: number | 'animation',
  options: {
    publicUrl: string;
    organizer: string;
    /** Every invited structure: one ATTENDEE each. */
    invited: { id: number; name: string }[];
    now?: Date;
  },
): string {
  const host = new URL(options.publicUrl).hostname || 'mosaique';
  const who = audience === 'animation' ? 'animation' : `structure-${audience}`;
  return buildIcs({
    method: session.status === 'cancelled' ? 'CANCEL' : 'REQUEST',
    stamp: options.now ?? new Date(),
    events: [
      {
        uid: `rencontre-${session.id}-${who}@${host}`,
        start: session.startsAt,
        end: session.endsAt,
        summary: `${KIND_LABELS[session.kind]} : ${session.title}`,
        location: sessionLocation(session),
        description: session.description || undefined,
        sequence: session.version - 1,
        status: session.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
        organizer: { name: 'Mosaïque', email: options.organizer },
        attendees: options.invited.map((o) => ({
          name: o.name,
          email: structureCalendarAddress(options.organizer, o.id),
        })),
        url: `${options.publicUrl.replace(/\/$/, '')}/rencontres/${session.id}`,
      },
    ],
  });
}

/**
 * A structure's ATTENDEE address: the site's own sender, plus-addressed per structure
 * ("ne-pas-repondre+structure-12@…"). Never a member's address: every invited structure receives the
 * same list, and a person's contact details stay on private pages. Calendars reply to the ORGANIZER only.
 */
export function structureCalendarAddress(organizer: string, organizationId: number): string {
  const at = organizer.lastIndexOf('@');
  return at > 0
    ? `${organizer.slice(0, at)}+structure-${organizationId}${organizer.slice(at)}`
    : `structure-${organizationId}@mosaique.invalid`;
}

/** The address part of a From header ("Mosaïque <noreply@x>" → "noreply@x"). */
export function addressOf(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}

/**
 * Mails every member of every invited organization (or only `organizationIds`); returns how many
 * mails were queued. Organizations without members get nothing but are still marked as sent to, so the
 * page says who was reached.
 */
export async function sendInvitations(
  db: DbOrTx,
  session: SessionForIcs,
  options: { publicUrl: string; mailFrom: string; organizationIds?: number[] },
): Promise<{ mails: number; organizations: number; withoutMembers: string[] }> {
  return db.transaction(async (tx) => {
    const attendees = await tx
      .select({ id: organizations.id, name: organizations.name })
      .from(matchmakingSessionOrganizations)
      .innerJoin(organizations, eq(organizations.id, matchmakingSessionOrganizations.organizationId))
      .where(
        // Every invited structure is an attendee; only `organizationIds` (if given) are mailed.
        eq(matchmakingSessionOrganizations.sessionId, session.id),
      )
      .orderBy(organizations.name, organizations.id);
    const invited = options.organizationIds
      ? attendees.filter((o) => options.organizationIds?.includes(o.id))
      : attendees;
    if (!invited.length) return { mails: 0, organizations: 0, withoutMembers: [] };
    const members = await tx
      .select({ organizationId: memberships.organizationId, email: people.email })
      .from(memberships)
      .innerJoin(people, eq(people.id, memberships.personId))
      .where(
        inArray(
          memberships.organizationId,
          invited.map((o) => o.id),
        ),
      );
    const link = `${options.publicUrl.replace(/\/$/, '')}/rencontres/${session.id}`;
    const when = frenchSpan(session.startsAt, session.endsAt);
    let mails = 0;
    for (const org of invited) {
      const ics = sessionIcs(session, org.id, {
        publicUrl: options.publicUrl,
        organizer: addressOf(options.mailFrom),
        invited: attendees,
      });
      for (const member of members.filter((m) => m.organizationId === org.id)) {
        await enqueueMail(tx, {
          to: member.email,
          kind: 'matchmaking-invitation',
          subject: `Invitation : ${KIND_LABELS[session.kind]}, ${session.title}`,
          text: `Bonjour,\n\n« ${org.name} » est invitée à la rencontre « ${session.title} » (${KIND_LABELS[session.kind]}), ${when}, ${sessionLocation(session)}.\n\n${session.description ? `${session.description}\n\n` : ''}L’invitation pour votre agenda est jointe (fichier .ics). La rencontre, les autres structures invitées et les suites sont sur :\n${link}\n\nMosaïque`,
          attachments: [
            {
              filename: 'invitation.ics',
              contentType: 'text/calendar; charset=utf-8; method=REQUEST',
              content: ics,
            },
          ],
        });
        mails++;
      }
    }
    await tx
      .update(matchmakingSessionOrganizations)
      .set({ invitationSentAt: new Date() })
      .where(
        and(
          eq(matchmakingSessionOrganizations.sessionId, session.id),
          inArray(
            matchmakingSessionOrganizations.organizationId,
            invited.map((o) => o.id),
          ),
        ),
      );
    const reached = new Set(members.map((m) => m.organizationId));
    return {
      mails,
      organizations: invited.length,
      withoutMembers: invited.filter((o) => !reached.has(o.id)).map((o) => o.name),
    };
  });
}
