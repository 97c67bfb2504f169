/** The GE that carries an accepted composition's job: an existing validated GE, or one to create. */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { compositionNeeds, compositions, organizations } from '../../db/schema';
import { NotFound } from '../common/errors';
import { compositionLink, compositionPath, mailMembers, recordEvent } from './notify';

export type GeChoiceResult =
  | { ok: true }
  | { ok: false; field: 'ge' | '_form'; message: string; status: number };

/** Records the GE chosen for an accepted composition: an existing validated GE, or one to create. */
export async function chooseGe(
  db: Db,
  input: {
    compositionId: number;
    personId: number;
    version: number;
    ge: number | 'to_create';
    publicUrl: string;
  },
): Promise<GeChoiceResult> {
  return db.transaction(async (tx) => {
    const [c] = await tx
      .select()
      .from(compositions)
      .where(eq(compositions.id, input.compositionId))
      .for('update');
    if (!c) throw new NotFound();
    if (c.status !== 'accepted')
      return {
        ok: false,
        field: '_form',
        status: 409,
        message:
          'Le groupement d’employeurs se choisit une fois la proposition acceptée par toutes les structures.',
      };
    if (c.version !== input.version)
      return {
        ok: false,
        field: '_form',
        status: 409,
        message:
          'Quelqu’un a modifié cette composition pendant que vous la lisiez. Le choix enregistré est affiché ci-dessous : choisissez à nouveau si vous voulez le remplacer.',
      };
    let label = 'un groupement d’employeurs à créer';
    if (input.ge !== 'to_create') {
      const [ge] = await tx
        .select({ name: organizations.name })
        .from(organizations)
        .where(
          and(
            eq(organizations.id, input.ge),
            eq(organizations.kind, 'GE'),
            eq(organizations.status, 'validated'),
          ),
        );
      if (!ge)
        return {
          ok: false,
          field: 'ge',
          status: 422,
          message: 'Groupement d’employeurs : choisissez un groupement de la liste.',
        };
      label = ge.name;
    }
    await tx
      .update(compositions)
      .set({
        geChoice: input.ge === 'to_create' ? 'to_create' : 'existing',
        chosenGeId: input.ge === 'to_create' ? null : input.ge,
        version: sql`${compositions.version} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(compositions.id, c.id));
    await recordEvent(tx, c.id, 'ge-chosen', `Groupement d’employeurs choisi : ${label}.`, input.personId);
    const orgIds = (
      await tx
        .selectDistinct({ organizationId: compositionNeeds.organizationId })
        .from(compositionNeeds)
        .where(eq(compositionNeeds.compositionId, c.id))
    ).map((r) => r.organizationId);
    await mailMembers(tx, orgIds, {
      kind: 'composition-ge',
      link: compositionPath(c.id),
      subject: `Groupement d’employeurs choisi : ${c.roleLabel}`,
      text: `Bonjour,\n\nPour le poste partagé « ${c.roleLabel} », le choix enregistré est : ${label}.\n\n${compositionLink(input.publicUrl, c.id)}\n\nMosaïque`,
      except: [input.personId],
    });
    return { ok: true };
  });
}
