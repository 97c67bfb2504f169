/**
 * The structures follow each expression of interest with a status: nouvelle, contactée, entretien,
 * retenue, non retenue. A change is one conditional update on the version the form was read at (two
 * people changing one candidate at once: the second is told, nothing overwritten), and when it becomes
 * retained or not retained the person is mailed through the outbox in the same transaction: once per
 * status change, only if they left an address. The mail names no other person and no structure member.
 */
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { postCandidates, sharedPosts } from '../../db/schema';
import { CANDIDATE_STATUSES, type CandidateStatus } from '../../db/schema/posts';
import { enqueueMail } from '../mail/service';

export const CANDIDATE_STATUS_LABELS: Record<CandidateStatus, string> = {
  new: 'Nouvelle',
  contacted: 'Contactée',
  interview: 'Entretien',
  retained: 'Retenue',
  rejected: 'Non retenue',
};

export const candidateStatusSchema = z.object({
  status: z.enum(CANDIDATE_STATUSES, { error: 'Statut : choisissez un statut de la liste.' }),
});

export type CandidateStatusResult =
  | { ok: true; changed: boolean }
  | { ok: false; status: 404 | 409; message: string };

export const STALE_CANDIDATE =
  'Quelqu’un a changé le statut de cette personne pendant que vous lisiez la page. Le statut actuel est affiché : choisissez à nouveau si besoin.';

function outcomeMail(status: 'retained' | 'rejected', name: string, title: string) {
  return status === 'retained'
    ? {
        subject: `Votre candidature au poste « ${title} » est retenue`,
        text: `Bonjour ${name},\n\nVotre candidature au poste partagé « ${title} » est retenue. Les structures qui recrutent vont vous contacter pour la suite.\n\nMosaïque`,
      }
    : {
        subject: `Votre candidature au poste « ${title} »`,
        text: `Bonjour ${name},\n\nMerci de l’intérêt que vous avez porté au poste partagé « ${title} ». Votre candidature n’a pas été retenue pour ce poste.\n\nNous vous souhaitons de trouver bientôt l’emploi que vous cherchez.\n\nMosaïque`,
      };
}

export async function setCandidateStatus(
  db: Db,
  input: { postId: number; candidateId: number; status: CandidateStatus; version: number },
): Promise<CandidateStatusResult> {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({
        status: postCandidates.status,
        version: postCandidates.version,
        name: postCandidates.name,
        email: postCandidates.email,
        title: sharedPosts.title,
      })
      .from(postCandidates)
      .innerJoin(sharedPosts, eq(sharedPosts.id, postCandidates.postId))
      .where(and(eq(postCandidates.id, input.candidateId), eq(postCandidates.postId, input.postId)));
    if (!current) return { ok: false, status: 404, message: 'Cette personne n’est plus dans la liste.' };
    if (current.status === input.status) return { ok: true, changed: false };
    const updated = await tx
      .update(postCandidates)
      .set({
        status: input.status,
        statusChangedAt: new Date(),
        version: sql`${postCandidates.version} + 1`,
      })
      .where(and(eq(postCandidates.id, input.candidateId), eq(postCandidates.version, input.version)))
      .returning({ id: postCandidates.id });
    if (!updated.length) return { ok: false, status: 409, message: STALE_CANDIDATE };
    if ((input.status === 'retained' || input.status === 'rejected') && current.email)
      await enqueueMail(tx, {
        to: current.email,
        kind: `candidate-${input.status}`,
        ...outcomeMail(input.status, current.name, current.title),
      });
    return { ok: true, changed: true };
  });
}
