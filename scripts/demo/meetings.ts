/**
 * Demo 1:1 meetings for an upcoming demo session (called by scripts/demo/sessions.ts): the suggested meetings of
 * its run, a few requests from participants with their reasons, six slots, three tables and a plan, so the
 * meeting pages and the agendas have something to show. Small on purpose: the scheduler proves it optimal
 * in milliseconds and the demo load stays fast.
 */
import type { Db } from '../../db/client';
import { getSession, invitedOrganizations, loadBoard } from '../../server/meetings/board';
import { planAll } from '../../server/meetings/plan';
import { addMeeting, addSuggestions } from '../../server/meetings/requests';
import { replaceSlots, replaceTables } from '../../server/meetings/setup';
import { suggestedMeetings } from '../../server/meetings/suggestions';

const REASONS = [
  'Échanger sur la mutualisation de la paie.',
  'Présenter nos besoins d’entretien des espaces verts.',
  'Étudier un poste partagé d’assistant administratif.',
  'Partager nos pratiques d’accompagnement socioprofessionnel.',
  'Répondre ensemble au prochain marché de nettoyage.',
];
const MINUTE = 60_000;

export async function loadDemoMeetings(db: Db, sessionId: number, facilitatorId: number): Promise<void> {
  const session = await getSession(db, sessionId);
  if (!session) return;
  const orgs = await invitedOrganizations(db, sessionId);
  if (orgs.length < 2) return;
  const suggestions = await suggestedMeetings(
    db,
    session,
    orgs.map((o) => o.id),
  );
  await addSuggestions(db, sessionId, facilitatorId, suggestions.slice(0, 8));
  for (const [i, reason] of REASONS.entries()) {
    const from = orgs[i % orgs.length];
    const to = orgs[(i * 3 + 1) % orgs.length];
    if (from.id === to.id) continue;
    await addMeeting(db, {
      sessionId,
      organizationIds: [from.id, to.id],
      source: 'participant',
      reason,
      requestedByOrganizationId: from.id,
      requestedBy: null,
    });
  }
  // Six 20-minute slots with 5-minute changes, a quarter of an hour after the session opens.
  const first = session.startsAt.getTime() + 15 * MINUTE;
  // Through the room set-up the facilitator uses, each step on the plan version the previous one left.
  let board = await loadBoard(db, session);
  const slots = Array.from({ length: 6 }, (_, i) => ({
    startsAt: new Date(first + i * 25 * MINUTE),
    endsAt: new Date(first + i * 25 * MINUTE + 20 * MINUTE),
  }));
  if (!(await replaceSlots(db, board, board.plan.version, slots))) throw new Error('demo: slots refused');
  board = await loadBoard(db, session);
  if (!(await replaceTables(db, board, board.plan.version, ['Table 1', 'Table 2', 'Table 3'])))
    throw new Error('demo: tables refused');
  board = await loadBoard(db, session);
  await planAll(db, board, board.plan.version, facilitatorId, 300);
}
