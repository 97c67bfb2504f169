/**
 * Demo matchmaking sessions of the demo facilitator (90, 25): a "rencontre d'affaires" held in Belfort
 * two months ago, with its matching run and outcomes linked to the demo's compositions and posts, and a
 * Club RH in Montbéliard in three weeks with its invitations, so that the session pages, the meetings
 * pages and the indicators have something to show. Needs the accounts, organizations, needs, offers,
 * compositions and posts parts.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import {
  compositionNeeds,
  compositions,
  matchmakingSessionOrganizations,
  needs,
  sharedPosts,
} from '../../db/schema';
import { minutesOfTimeValue, parisDay, parisInstant } from '../../server/common/paris-time';
import { createOutcome } from '../../server/matchmaking/outcomes';
import { inviteOrganization } from '../../server/matchmaking/participants';
import { runSessionMatching } from '../../server/matchmaking/run';
import { createSession, getSession, setSessionStatus } from '../../server/matchmaking/service';
import type { DemoContext } from './context';
import { demoOrganization } from './context';
import { loadDemoMeetings } from './meetings';
import { DEMO_GROUPS } from './organizations-data';

const DAY = 86_400_000;

/** The Paris date N days from now, at a wall-clock time. */
function daysFromNow(days: number, time: string): Date {
  return parisInstant(parisDay(new Date(Date.now() + days * DAY)), minutesOfTimeValue(time));
}

export async function loadSessions(ctx: DemoContext): Promise<void> {
  // The services open their own transactions: on the demo's transaction they become savepoints.
  const db = ctx.tx as unknown as Db;
  const facilitator = ctx.accounts.animation;
  const validated = (keys: readonly string[]) =>
    keys.map((key) => demoOrganization(ctx, key)).filter((o) => o.status === 'validated');

  const heldId = await createSession(db, facilitator, {
    kind: 'rencontre_affaires',
    title: 'Rencontre des employeurs solidaires du Territoire de Belfort',
    startsAt: daysFromNow(-60, '09:00'),
    endsAt: daysFromNow(-60, '12:30'),
    place: 'Maison du peuple, place de la Résistance',
    communeCode: '90010',
    communeName: 'Belfort',
    departements: ['90'],
    description:
      'Les structures de l’insertion du Territoire de Belfort présentent leurs besoins à temps partiel et leurs offres de mutualisation ; la mise en relation propose des emplois partagés à discuter.',
  });
  // Held two months ago: marked so at its end, as its facilitator would have on the session page.
  const created = await getSession(db, heldId);
  if (!created || !(await setSessionStatus(db, heldId, created.version, 'held', daysFromNow(-60, '12:30'))))
    throw new Error('demo: the past session could not be marked held');
  const heldOrgs = validated([...DEMO_GROUPS.belfortSiae, 'offemont-aci', 'belfort-etti', 'delle-ei']);
  for (const org of heldOrgs) await inviteOrganization(db, heldId, org.id);
  await db
    .update(matchmakingSessionOrganizations)
    .set({ invitationSentAt: daysFromNow(-75, '10:00') })
    .where(eq(matchmakingSessionOrganizations.sessionId, heldId));
  // A small scope: the synchronous matcher with a short budget keeps the demo load fast.
  const run = await runSessionMatching(db, heldId, {
    timeLimitMs: 500,
    now: daysFromNow(-61, '18:00'),
  });

  // Outcomes: link what the demo has in the territory (the run's compositions, then any accepted one).
  const heldIds = heldOrgs.map((o) => o.id);
  const [agreed] = await db
    .selectDistinct({ id: compositions.id })
    .from(compositions)
    .innerJoin(compositionNeeds, eq(compositionNeeds.compositionId, compositions.id))
    .innerJoin(needs, eq(needs.id, compositionNeeds.needId))
    .where(
      and(eq(needs.departement, '90'), inArray(compositions.status, ['accepted', 'post_opened', 'filled'])),
    )
    .orderBy(asc(compositions.id))
    .limit(1);
  const [post] = await db
    .select({ id: sharedPosts.id })
    .from(sharedPosts)
    .where(sql`${sharedPosts.departements} && array['90']::text[]`)
    .orderBy(asc(sharedPosts.id))
    .limit(1);
  const fromRun = run.groups.find((g) => g.kind === 'full');
  const orgsOf = (ids: number[]) => [...new Set(ids)].filter((id) => heldIds.includes(id));
  const outcomes = [
    agreed && {
      kind: 'composition_agreed' as const,
      compositionId: agreed.id,
      postId: null,
      organizationIds: orgsOf(
        (
          await db
            .select({ id: compositionNeeds.organizationId })
            .from(compositionNeeds)
            .where(eq(compositionNeeds.compositionId, agreed.id))
        ).map((r) => r.id),
      ),
      note: 'Accord des structures sur le poste partagé et sa semaine type.',
      dueDate: null,
    },
    post && {
      kind: 'post_opened' as const,
      compositionId: null,
      postId: post.id,
      organizationIds: [],
      note: 'Offre d’emploi publiée le lendemain de la rencontre.',
      dueDate: null,
    },
    {
      kind: 'ge_to_create' as const,
      compositionId: fromRun?.compositionId ?? null,
      postId: null,
      organizationIds: orgsOf(fromRun?.members.map((m) => m.organizationId) ?? heldIds.slice(0, 2)),
      note: 'Étudier la création d’un groupement d’employeurs pour porter les emplois partagés.',
      dueDate: new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10),
    },
    {
      kind: 'follow_up' as const,
      compositionId: null,
      postId: null,
      organizationIds: heldIds.slice(0, 2),
      note: 'Relancer sur la mutualisation de la paie.',
      dueDate: new Date(Date.now() - 20 * DAY).toISOString().slice(0, 10),
    },
  ].filter((o) => Boolean(o));
  for (const outcome of outcomes) if (outcome) await createOutcome(db, heldId, facilitator, outcome);

  const upcomingId = await createSession(db, facilitator, {
    kind: 'club_rh',
    title: 'Club RH Nord Franche-Comté : temps partiels et emplois partagés',
    startsAt: daysFromNow(21, '14:00'),
    endsAt: daysFromNow(21, '17:00'),
    place: 'Pépinière d’entreprises, 12 rue du Général Leclerc',
    communeCode: '25388',
    communeName: 'Montbéliard',
    departements: ['25', '90'],
    description:
      'Club RH des structures du Nord Franche-Comté : diagnostic des temps partiels, pistes de mutualisation, rendez-vous individuels entre structures.',
  });
  const upcomingOrgs = validated([
    'montbeliard-aci',
    'audincourt-ai',
    'montbeliard-etti',
    'offemont-aci',
    'giromagny-aci',
    'beaucourt-aci',
    ...DEMO_GROUPS.belfortSiae.slice(0, 2),
  ]);
  for (const org of upcomingOrgs) await inviteOrganization(db, upcomingId, org.id);
  await db
    .update(matchmakingSessionOrganizations)
    .set({ invitationSentAt: daysFromNow(-2, '10:00') })
    .where(eq(matchmakingSessionOrganizations.sessionId, upcomingId));
  await runSessionMatching(db, upcomingId, { timeLimitMs: 500 });
  await loadDemoMeetings(db, upcomingId, facilitator);
}
