/** Administration: validating organizations and granting the facilitator role. */
import { and, asc, count, eq, inArray } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { facilitatorTerritories, memberships, organizations, people } from '../../db/schema';
import type { OrganizationStatus } from '../../db/schema/organizations';
import { frenchOrder } from '../common/french';
import { requestMatching } from '../compositions/matching-status';
import { enqueueMail } from '../mail/service';
import { enqueueOrganizationRecords } from '../organizations/search-records';

export async function organizationsByStatus(db: DbOrTx, status?: OrganizationStatus) {
  return db
    .select({
      id: organizations.id,
      name: organizations.name,
      kind: organizations.kind,
      siret: organizations.siret,
      communeName: organizations.communeName,
      departement: organizations.departement,
      status: organizations.status,
      createdAt: organizations.createdAt,
    })
    .from(organizations)
    .where(status ? eq(organizations.status, status) : undefined)
    .orderBy(status === 'pending' ? asc(organizations.createdAt) : frenchOrder(organizations.name));
}

export async function countPendingOrganizations(db: DbOrTx): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(organizations)
    .where(eq(organizations.status, 'pending'));
  return row?.n ?? 0;
}

export type Decision = 'validated' | 'rejected';

/**
 * Records the admin's decision and mails the owners in the same transaction. False when the
 * organization does not exist.
 */
export async function decideOrganization(
  db: Db,
  options: { id: number; decision: Decision; adminId: number; reason?: string; publicUrl: string },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [org] = await tx
      .update(organizations)
      .set({
        status: options.decision,
        validatedAt: options.decision === 'validated' ? new Date() : null,
        validatedBy: options.adminId,
        updatedAt: new Date(),
      })
      .where(eq(organizations.id, options.id))
      .returning({ id: organizations.id, name: organizations.name });
    if (!org) return false;
    // Its needs, offers and posts enter or leave public search with the decision.
    await enqueueOrganizationRecords(tx, org.id);
    // And its published needs enter or leave matching: the job runs on the next tick.
    await requestMatching(tx, `organization ${org.id} ${options.decision}`);
    const owners = await tx
      .select({ email: people.email })
      .from(memberships)
      .innerJoin(people, eq(people.id, memberships.personId))
      .where(and(eq(memberships.organizationId, org.id), eq(memberships.role, 'owner')));
    const link = `${options.publicUrl}/organisations/${org.id}`;
    const text =
      options.decision === 'validated'
        ? [
            'Bonjour,',
            '',
            `« ${org.name} » est validée sur Mosaïque : ses besoins et ses offres de coopération publiés sont désormais visibles de tous.`,
            '',
            link,
          ]
        : [
            'Bonjour,',
            '',
            `Les administrateurs de Mosaïque n’ont pas validé « ${org.name} ».`,
            ...(options.reason ? ['', `Motif : ${options.reason}`] : []),
            '',
            'Vous pouvez corriger ses informations depuis sa page : elle repassera alors en attente de validation.',
            '',
            link,
          ];
    for (const owner of owners) {
      await enqueueMail(tx, {
        to: owner.email,
        subject:
          options.decision === 'validated'
            ? `${org.name} est validée sur Mosaïque`
            : `${org.name} n’a pas été validée sur Mosaïque`,
        kind: options.decision === 'validated' ? 'organization-validated' : 'organization-rejected',
        text: [...text, '', 'L’équipe Mosaïque'].join('\n'),
      });
    }
    return true;
  });
}

export async function listFacilitators(db: DbOrTx) {
  const rows = await db
    .select({
      personId: people.id,
      displayName: people.displayName,
      email: people.email,
      departement: facilitatorTerritories.departement,
      grantedAt: facilitatorTerritories.grantedAt,
    })
    .from(facilitatorTerritories)
    .innerJoin(people, eq(people.id, facilitatorTerritories.personId))
    .orderBy(frenchOrder(people.displayName), asc(facilitatorTerritories.departement));
  const byPerson = new Map<
    number,
    { personId: number; displayName: string; email: string; departements: string[] }
  >();
  for (const row of rows) {
    const entry = byPerson.get(row.personId) ?? {
      personId: row.personId,
      displayName: row.displayName,
      email: row.email,
      departements: [],
    };
    entry.departements.push(row.departement);
    byPerson.set(row.personId, entry);
  }
  return [...byPerson.values()];
}

export async function findPersonByEmail(db: DbOrTx, email: string) {
  const [person] = await db
    .select({ id: people.id, displayName: people.displayName })
    .from(people)
    .where(eq(people.email, email));
  return person;
}

export async function grantTerritories(
  db: DbOrTx,
  personId: number,
  departements: string[],
  adminId: number,
) {
  await db
    .insert(facilitatorTerritories)
    .values(departements.map((departement) => ({ personId, departement, grantedBy: adminId })))
    .onConflictDoNothing();
}

/** Removes the given territories, or all of them (the person is then no longer a facilitator). */
export async function revokeTerritories(
  db: DbOrTx,
  personId: number,
  departements?: string[],
): Promise<number> {
  const removed = await db
    .delete(facilitatorTerritories)
    .where(
      and(
        eq(facilitatorTerritories.personId, personId),
        departements ? inArray(facilitatorTerritories.departement, departements) : undefined,
      ),
    )
    .returning({ departement: facilitatorTerritories.departement });
  return removed.length;
}
