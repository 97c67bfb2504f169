/**
 * Shared posts: opening one from an accepted composition, expressions of interest, closing, and the purge
 * of expired candidates. Each state change is one transaction with its composition event, its search
 * outbox row and its mails.
 */
import { and, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import {
  compositions,
  needs,
  organizations,
  postCandidates,
  postColumns,
  sharedPosts,
} from '../../db/schema';
import type { PostStatus } from '../../db/schema/posts';
import { NotFound } from '../common/errors';
import { parisToday } from '../common/paris-time';
import { recordEvent } from '../compositions/notify';
import type { CompositionDetail } from '../compositions/service';
import { notifyMembers } from '../notifications/service';
import { enqueueReindex } from '../search/outbox';
import { payFromForm } from './pay';
import { CANDIDATE_RETENTION_MONTHS, type InterestForm, type OpenPostForm } from './schemas';

export type PostRow = Omit<typeof sharedPosts.$inferSelect, 'searchVector'>;

export const POST_STATUS_LABELS: Record<PostStatus, string> = {
  open: 'Ouvert',
  filled: 'Poste pourvu',
  abandoned: 'Clos',
};

/** What the opening form starts with: the role, the latest start of the needs (not in the past). */
export function postDefaults(detail: CompositionDetail): Record<string, string> {
  const c = detail.composition;
  // ISO days sort as text: the last one is the latest start (never before today).
  const latest = [parisToday(), ...detail.lines.map((l) => l.startDate)].sort().at(-1) ?? parisToday();
  const communes = [...new Set(detail.lines.map((l) => l.communeName))];
  return {
    title: `${c.roleLabel} : CDI à temps plein partagé`,
    startDate: latest,
    payUnit: 'month',
    description: `Poste en CDI à temps plein (35 h par semaine), porté par un groupement d’employeurs et partagé entre ${detail.organizationIds.length} structures, à ${communes.join(', ')}. Chaque demi-journée de la semaine type se passe dans une structure.`,
  };
}

/** The GE that will carry the job, as the composition chose it: on the platform, or to create (null). */
export async function chosenGe(db: DbOrTx, c: CompositionDetail['composition']) {
  if (c.geChoice !== 'existing' || !c.chosenGeId) return null;
  const [ge] = await db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, c.chosenGeId));
  return ge ?? null;
}

export type OpenResult = { ok: true; postId: number } | { ok: false; status: 409; message: string };

export async function openPost(
  db: Db,
  input: { detail: CompositionDetail; personId: number; version: number; form: OpenPostForm },
): Promise<OpenResult> {
  const { detail } = input;
  return db.transaction(async (tx) => {
    const [c] = await tx
      .select()
      .from(compositions)
      .where(eq(compositions.id, detail.composition.id))
      .for('update');
    if (!c) throw new NotFound();
    if (c.status !== 'accepted')
      return {
        ok: false,
        status: 409,
        message:
          c.status === 'post_opened' || c.status === 'filled' || c.status === 'abandoned'
            ? 'Le poste de cette composition est déjà ouvert.'
            : 'Un poste s’ouvre une fois la proposition acceptée par toutes les structures.',
      };
    if (!c.geChoice)
      return {
        ok: false,
        status: 409,
        message:
          'Choisissez d’abord le groupement d’employeurs qui portera l’emploi (page de la composition).',
      };
    if (c.version !== input.version)
      return {
        ok: false,
        status: 409,
        message:
          'Quelqu’un a modifié cette composition pendant que vous rédigiez le poste. Vérifiez-la ci-dessous puis enregistrez à nouveau : votre texte est conservé.',
      };
    const ge = await chosenGe(tx, c);
    const codes = await tx
      .select({ id: needs.id, communeCode: needs.communeCode })
      .from(needs)
      .where(
        inArray(
          needs.id,
          detail.lines.map((l) => l.needId),
        ),
      );
    const places = detail.lines
      .filter((l, i) => detail.lines.findIndex((o) => o.communeName === l.communeName) === i)
      .map((l) => ({ ...l, communeCode: codes.find((k) => k.id === l.needId)?.communeCode ?? '' }));
    const [post] = await tx
      .insert(sharedPosts)
      .values({
        compositionId: c.id,
        title: input.form.title,
        roleCode: c.roleCode,
        roleLabel: c.roleLabel,
        description: input.form.description,
        hoursHundredths: 3500,
        contractType: 'CDI',
        startDate: input.form.startDate,
        ...(() => {
          const pay = payFromForm(input.form);
          return { payMinCents: pay.minCents, payMaxCents: pay.maxCents, payUnit: pay.unit };
        })(),
        communeNames: places.map((p) => p.communeName),
        communeCodes: places.map((p) => p.communeCode),
        departements: [...new Set(places.map((p) => p.departement))],
        lat: places[0]?.lat ?? 0,
        lon: places[0]?.lon ?? 0,
        geOrganizationId: ge?.id ?? null,
        geName: ge?.name ?? null,
        openedBy: input.personId,
      })
      .returning({ id: sharedPosts.id });
    await tx
      .update(compositions)
      .set({ status: 'post_opened', version: sql`${compositions.version} + 1`, updatedAt: new Date() })
      .where(eq(compositions.id, c.id));
    await recordEvent(
      tx,
      c.id,
      'post-opened',
      `Poste partagé ouvert : « ${input.form.title} ».`,
      input.personId,
    );
    await enqueueReindex(tx, 'post', post.id);
    return { ok: true, postId: post.id };
  });
}

export async function getPost(db: DbOrTx, id: number): Promise<PostRow | undefined> {
  const [post] = await db.select(postColumns).from(sharedPosts).where(eq(sharedPosts.id, id));
  return post;
}

export async function postOfComposition(db: DbOrTx, compositionId: number): Promise<PostRow | undefined> {
  const [post] = await db
    .select(postColumns)
    .from(sharedPosts)
    .where(eq(sharedPosts.compositionId, compositionId));
  return post;
}

export const retentionEnd = (from: Date) => {
  const end = new Date(from);
  end.setMonth(end.getMonth() + CANDIDATE_RETENTION_MONTHS);
  return end;
};

export type InterestResult = { ok: true } | { ok: false; message: string };

/**
 * Records an expression of interest and tells the members. The mail carries no candidate data (not even
 * the name): mails outlive the purge in mailboxes and in DATA_DIR/mail, the candidates page does not.
 */
export async function expressInterest(
  db: Db,
  input: { post: PostRow; organizationIds: number[]; form: InterestForm; publicUrl: string; now?: Date },
): Promise<InterestResult> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [post] = await tx
      .select({ id: sharedPosts.id, status: sharedPosts.status })
      .from(sharedPosts)
      .where(eq(sharedPosts.id, input.post.id))
      .for('update');
    if (!post) throw new NotFound();
    if (post.status !== 'open')
      return { ok: false, message: 'Ce poste n’est plus ouvert : il ne reçoit plus de candidatures.' };
    await tx.insert(postCandidates).values({
      postId: post.id,
      name: input.form.name,
      email: input.form.email ?? null,
      phone: input.form.phone ?? null,
      message: input.form.message ?? '',
      consentAt: now,
      expiresAt: retentionEnd(now),
    });
    const path = `/compositions/${input.post.compositionId}/candidats`;
    const geId = input.post.geOrganizationId;
    // Mail and in-app notification to the members of the structures and of the GE, in this transaction.
    await notifyMembers(tx, geId === null ? input.organizationIds : [...input.organizationIds, geId], {
      kind: 'post-interest',
      link: path,
      subject: `Une personne s’intéresse au poste « ${input.post.title} »`,
      text: `Bonjour,\n\nUne personne vient de se déclarer intéressée par le poste partagé « ${input.post.title} ».\n\nSes coordonnées et son message sont sur la page des candidatures (connexion requise) :\n${input.publicUrl}${path}\n\nElles y restent ${CANDIDATE_RETENTION_MONTHS} mois, puis sont supprimées.\n\nMosaïque`,
    });
    return { ok: true };
  });
}

export async function listCandidates(db: DbOrTx, postId: number) {
  return db
    .select()
    .from(postCandidates)
    .where(eq(postCandidates.postId, postId))
    .orderBy(desc(postCandidates.createdAt), desc(postCandidates.id));
}

export type CloseResult = { ok: true } | { ok: false; message: string };

/** Closes the post as filled (counted by the indicators through `filled_at`) or abandoned. */
export async function closePost(
  db: Db,
  input: { postId: number; personId: number; version: number; outcome: 'filled' | 'abandoned' },
): Promise<CloseResult> {
  return db.transaction(async (tx) => {
    const [post] = await tx
      .select(postColumns)
      .from(sharedPosts)
      .where(eq(sharedPosts.id, input.postId))
      .for('update');
    if (!post) throw new NotFound();
    if (post.status !== 'open') return { ok: false, message: 'Ce poste est déjà clos.' };
    if (post.version !== input.version)
      return {
        ok: false,
        message: 'Ce poste a changé depuis que vous l’avez ouvert. Relisez-le puis recommencez.',
      };
    const now = new Date();
    await tx
      .update(sharedPosts)
      .set({
        status: input.outcome,
        filledAt: input.outcome === 'filled' ? now : null,
        closedAt: now,
        version: sql`${sharedPosts.version} + 1`,
        updatedAt: now,
      })
      .where(eq(sharedPosts.id, post.id));
    await tx
      .update(compositions)
      .set({ status: input.outcome, version: sql`${compositions.version} + 1`, updatedAt: now })
      .where(and(eq(compositions.id, post.compositionId), eq(compositions.status, 'post_opened')));
    await recordEvent(
      tx,
      post.compositionId,
      input.outcome === 'filled' ? 'post-filled' : 'post-abandoned',
      input.outcome === 'filled'
        ? 'Le poste partagé est pourvu.'
        : 'Le poste partagé est clos sans recrutement.',
      input.personId,
    );
    await enqueueReindex(tx, 'post', post.id);
    return { ok: true };
  });
}

/** Deletes the expressions of interest whose retention period has ended. The hourly `purge` job calls it. */
export async function purgeExpiredCandidates(db: DbOrTx, now: Date = new Date()): Promise<number> {
  const gone = await db
    .delete(postCandidates)
    .where(lte(postCandidates.expiresAt, now))
    .returning({ id: postCandidates.id });
  return gone.length;
}
