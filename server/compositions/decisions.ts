/**
 * State changes of a composition, each in one transaction with its history event and its mails:
 * an organization accepts or declines; when all have accepted, the needs are locked into it; the
 * organizations then choose the GE that carries the job.
 *
 * The guarantee "a need belongs to at most one accepted composition" is the database's: the accepting
 * transaction locks the needs rows (FOR UPDATE, in id order so two acceptances cannot deadlock), moves
 * them from published to in_composition, and sets composition_needs.accepted, which a partial unique
 * index allows once per need. A second acceptance racing the first either finds a need no longer
 * published or hits the index; it is then rolled back, the proposal withdrawn, and the person told why.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { compositionDecisions, compositionNeeds, compositions, needs, organizations } from '../../db/schema';
import type { Decision } from '../../db/schema/compositions';
import { NotFound } from '../common/errors';
import { reindexNeeds } from '../needs/service';
import { withdraw } from './matching-run';
import { compositionLink, compositionPath, mailMembers, recordEvent } from './notify';

export type DecisionResult =
  | { ok: true; status: 'proposed' | 'accepted' | 'declined' }
  | { ok: false; code: 'stale' | 'closed' | 'already' | 'partial' | 'taken'; message: string };

export const MESSAGES = {
  stale:
    'Cette proposition a changé depuis que vous l’avez ouverte (une autre structure a répondu, ou elle a été recalculée). Relisez-la ci-dessous avant de répondre.',
  closed: 'Cette proposition n’attend plus de réponse : elle a déjà été acceptée, refusée ou retirée.',
  already: 'Votre structure a déjà répondu à cette proposition.',
  partial:
    'Ce groupe n’atteint pas encore un temps plein : il ne peut pas être accepté tant qu’il n’est pas complété.',
  taken:
    'Un des besoins de cette proposition vient d’être retenu dans une autre composition acceptée. Cette proposition est donc retirée et votre réponse n’a pas été enregistrée.',
} as const;

class NeedTaken extends Error {}

const PG_UNIQUE_VIOLATION = '23505';
const PG_DEADLOCK = '40P01';
const PG_SERIALIZATION = '40001';

/** The PostgreSQL error code, whether drizzle wrapped the driver's error or not. */
function pgCode(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}

interface DecideInput {
  compositionId: number;
  organizationId: number;
  personId: number;
  decision: Decision;
  version: number;
  publicUrl: string;
  /** A decline's reason, shown to the other organizations. */
  reason?: string;
}

export async function decide(db: Db, input: DecideInput): Promise<DecisionResult> {
  try {
    return await db.transaction(async (tx) => {
      const [c] = await tx
        .select()
        .from(compositions)
        .where(eq(compositions.id, input.compositionId))
        .for('update');
      if (!c) throw new NotFound();
      if (c.kind !== 'full') return { ok: false, code: 'partial', message: MESSAGES.partial };
      if (c.status !== 'proposed') return { ok: false, code: 'closed', message: MESSAGES.closed };
      if (c.version !== input.version) return { ok: false, code: 'stale', message: MESSAGES.stale };
      const [org] = await tx
        .select({ name: organizations.name })
        .from(organizations)
        .where(eq(organizations.id, input.organizationId));
      const inserted = await tx
        .insert(compositionDecisions)
        .values({
          compositionId: c.id,
          organizationId: input.organizationId,
          decision: input.decision,
          personId: input.personId,
          reason: input.decision === 'decline' ? (input.reason ?? null) : null,
        })
        .onConflictDoNothing()
        .returning({ at: compositionDecisions.at });
      if (!inserted.length) return { ok: false, code: 'already', message: MESSAGES.already };

      const lines = await tx
        .select({ needId: compositionNeeds.needId, organizationId: compositionNeeds.organizationId })
        .from(compositionNeeds)
        .where(eq(compositionNeeds.compositionId, c.id));
      const orgIds = [...new Set(lines.map((l) => l.organizationId))];
      const link = compositionLink(input.publicUrl, c.id);

      if (input.decision === 'decline') {
        await setStatus(tx, c.id, 'declined');
        const because = input.reason ? ` Motif : « ${input.reason} ».` : '';
        await recordEvent(
          tx,
          c.id,
          'declined',
          `${org.name} a refusé la proposition.${because}`,
          input.personId,
        );
        await mailMembers(tx, orgIds, {
          kind: 'composition-declined',
          link: compositionPath(c.id),
          subject: `Proposition refusée : ${c.roleLabel}`,
          text: `Bonjour,\n\n${org.name} a refusé la proposition de poste partagé « ${c.roleLabel} ».${because} Vos besoins restent publiés et seront proposés à nouveau s’ils peuvent former un autre temps plein.\n\n${link}\n\nMosaïque`,
          except: [input.personId],
        });
        return { ok: true, status: 'declined' };
      }

      await recordEvent(tx, c.id, 'accepted-by', `${org.name} a accepté la proposition.`, input.personId);
      const accepted = await tx
        .select({ organizationId: compositionDecisions.organizationId })
        .from(compositionDecisions)
        .where(
          and(eq(compositionDecisions.compositionId, c.id), eq(compositionDecisions.decision, 'accept')),
        );
      if (accepted.length < orgIds.length) {
        await tx
          .update(compositions)
          .set({ version: sql`${compositions.version} + 1`, updatedAt: new Date() })
          .where(eq(compositions.id, c.id));
        await mailMembers(tx, orgIds, {
          kind: 'composition-decision',
          link: compositionPath(c.id),
          subject: `${org.name} accepte la proposition : ${c.roleLabel}`,
          text: `Bonjour,\n\n${org.name} a accepté la proposition de poste partagé « ${c.roleLabel} » (${accepted.length} structure(s) sur ${orgIds.length}).\n\n${link}\n\nMosaïque`,
          except: [input.personId],
        });
        return { ok: true, status: 'proposed' };
      }

      // Everyone said yes: lock the needs into this composition, or fail if one was taken meanwhile.
      const needIds = lines.map((l) => l.needId);
      const locked = await tx
        .select({ id: needs.id, status: needs.status })
        .from(needs)
        .where(inArray(needs.id, needIds))
        .orderBy(asc(needs.id))
        .for('update');
      if (locked.length !== needIds.length || locked.some((n) => n.status !== 'published'))
        throw new NeedTaken();
      await tx
        .update(needs)
        .set({ status: 'in_composition', version: sql`${needs.version} + 1`, updatedAt: new Date() })
        .where(inArray(needs.id, needIds));
      await tx
        .update(compositionNeeds)
        .set({ accepted: true })
        .where(eq(compositionNeeds.compositionId, c.id));
      await reindexNeeds(tx, needIds);
      await setStatus(tx, c.id, 'accepted');
      await recordEvent(
        tx,
        c.id,
        'accepted',
        'Toutes les structures ont accepté : les besoins sont réservés à cette composition.',
      );
      await mailMembers(tx, orgIds, {
        kind: 'composition-accepted',
        link: compositionPath(c.id),
        subject: `Proposition acceptée par tous : ${c.roleLabel}`,
        text: `Bonjour,\n\nToutes les structures ont accepté la proposition de poste partagé « ${c.roleLabel} ». Vous trouverez sur la page de la composition les coordonnées des responsables de chaque structure, et le choix du groupement d’employeurs qui portera l’emploi.\n\n${link}\n\nMosaïque`,
        // The person who gave the last yes sees it on the page they land on.
        except: [input.personId],
      });
      return { ok: true, status: 'accepted' };
    });
  } catch (err) {
    const code = pgCode(err);
    const lost =
      err instanceof NeedTaken ||
      code === PG_UNIQUE_VIOLATION ||
      code === PG_DEADLOCK ||
      code === PG_SERIALIZATION;
    if (!lost) throw err;
    await db.transaction(async (tx) => {
      if (
        await withdraw(
          tx,
          input.compositionId,
          'Un des besoins a été retenu dans une autre composition acceptée.',
        )
      ) {
        const lines = await tx
          .selectDistinct({ organizationId: compositionNeeds.organizationId })
          .from(compositionNeeds)
          .where(eq(compositionNeeds.compositionId, input.compositionId));
        const [c] = await tx
          .select({ roleLabel: compositions.roleLabel })
          .from(compositions)
          .where(eq(compositions.id, input.compositionId));
        await mailMembers(
          tx,
          lines.map((l) => l.organizationId),
          {
            kind: 'composition-withdrawn',
            link: compositionPath(input.compositionId),
            subject: `Proposition retirée : ${c.roleLabel}`,
            text: `Bonjour,\n\nLa proposition de poste partagé « ${c.roleLabel} » est retirée : un de ses besoins a été retenu dans une autre composition acceptée.\n\n${compositionLink(input.publicUrl, input.compositionId)}\n\nMosaïque`,
            // The person whose answer found the need taken is told so on the page.
            except: [input.personId],
          },
        );
      }
    });
    return { ok: false, code: 'taken', message: MESSAGES.taken };
  }
}

async function setStatus(
  tx: Parameters<Parameters<Db['transaction']>[0]>[0],
  id: number,
  status: 'accepted' | 'declined',
) {
  await tx
    .update(compositions)
    .set({ status, decidedAt: new Date(), updatedAt: new Date(), version: sql`${compositions.version} + 1` })
    .where(eq(compositions.id, id));
}
