/**
 * GE memberships: a structure ticks the GEs it belongs to (a claim), the GE's owners or an admin confirm
 * or refuse each claim. Only confirmed memberships count (compositions' geId, pages, the directory).
 */
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { type GeMembershipStatus, geMemberships, memberships, organizations, people } from '../../db/schema';
import { enqueueMail } from '../mail/service';
import { notifyPeople } from '../notifications/service';

/**
 * Makes the structure's ticked GEs its memberships: unticked ones go, ticked new ones (or ones refused
 * before, ticked again) become claims, ones already claimed or confirmed keep their status. Returns the
 * GEs newly claimed, whose owners the caller tells (in the same transaction).
 */
export async function syncGeClaims(tx: DbOrTx, organizationId: number, geIds: number[]): Promise<number[]> {
  const current = await tx
    .select({ geId: geMemberships.geId, status: geMemberships.status })
    .from(geMemberships)
    .where(eq(geMemberships.organizationId, organizationId))
    .for('update');
  const wanted = new Set(geIds);
  const gone = current.filter((m) => !wanted.has(m.geId)).map((m) => m.geId);
  if (gone.length) {
    await tx
      .delete(geMemberships)
      .where(and(eq(geMemberships.organizationId, organizationId), inArray(geMemberships.geId, gone)));
  }
  const status = new Map(current.map((m) => [m.geId, m.status]));
  const claimed = geIds.filter((id) => !status.has(id) || status.get(id) === 'refused');
  if (claimed.length) {
    await tx
      .insert(geMemberships)
      .values(claimed.map((geId) => ({ organizationId, geId, status: 'claimed' as const })))
      .onConflictDoUpdate({
        target: [geMemberships.organizationId, geMemberships.geId],
        set: { status: 'claimed', decidedAt: null, decidedBy: null },
      });
  }
  return claimed;
}

/** Owners of the GEs, with their GE: whom a claim is told to. */
async function geOwners(tx: DbOrTx, geIds: number[]) {
  if (!geIds.length) return [];
  return tx
    .select({ geId: memberships.organizationId, personId: people.id, email: people.email })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(and(inArray(memberships.organizationId, geIds), eq(memberships.role, 'owner')));
}

/** Tells each claimed GE's owners (mail and notification) that a structure says it belongs to it. */
export async function notifyGeClaims(
  tx: DbOrTx,
  claim: { organizationName: string; geIds: number[]; publicUrl: string; except?: number },
): Promise<void> {
  const owners = (await geOwners(tx, claim.geIds)).filter((o) => o.personId !== claim.except);
  for (const geId of claim.geIds) {
    const told = owners.filter((o) => o.geId === geId);
    const link = `/organisations/${geId}#adhesions`;
    const subject = `${claim.organizationName} indique être membre de votre groupement`;
    for (const o of told) {
      await enqueueMail(tx, {
        to: o.email,
        kind: 'ge-claim',
        subject,
        text: `${subject}.\n\nConfirmez ou refusez cette adhésion sur la page du groupement : ${claim.publicUrl}${link}\n\nTant que vous ne l’avez pas confirmée, elle ne compte pas dans les compositions.`,
      });
    }
    await notifyPeople(
      tx,
      told.map((o) => o.personId),
      { kind: 'ge-claim', text: subject, link },
    );
  }
}

/** Claims waiting for the GE's answer, for its owners and the admins. */
export async function pendingClaimsOf(db: DbOrTx, geId: number) {
  return db
    .select({
      id: organizations.id,
      name: organizations.name,
      kind: organizations.kind,
      communeName: organizations.communeName,
      departement: organizations.departement,
    })
    .from(geMemberships)
    .innerJoin(organizations, eq(organizations.id, geMemberships.organizationId))
    .where(and(eq(geMemberships.geId, geId), eq(geMemberships.status, 'claimed')))
    .orderBy(asc(organizations.name));
}

export type ClaimDecision = Exclude<GeMembershipStatus, 'claimed'>;

/**
 * Confirms or refuses a structure's claim (or changes an earlier answer); false when the structure never
 * claimed this GE. Tells the structure's members.
 */
export async function decideClaim(
  db: DbOrTx,
  decision: { geId: number; organizationId: number; status: ClaimDecision; personId: number },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const updated = await tx
      .update(geMemberships)
      .set({ status: decision.status, decidedAt: new Date(), decidedBy: decision.personId })
      .where(
        and(
          eq(geMemberships.geId, decision.geId),
          eq(geMemberships.organizationId, decision.organizationId),
          ne(geMemberships.status, decision.status),
        ),
      )
      .returning({ geId: geMemberships.geId });
    if (!updated.length) {
      const [row] = await tx
        .select({ geId: geMemberships.geId })
        .from(geMemberships)
        .where(
          and(
            eq(geMemberships.geId, decision.geId),
            eq(geMemberships.organizationId, decision.organizationId),
          ),
        );
      return Boolean(row);
    }
    const [ge] = await tx
      .select({ name: organizations.name })
      .from(organizations)
      .where(eq(organizations.id, decision.geId));
    const members = await tx
      .select({ personId: memberships.personId })
      .from(memberships)
      .where(eq(memberships.organizationId, decision.organizationId));
    await notifyPeople(
      tx,
      members.map((m) => m.personId).filter((id) => id !== decision.personId),
      {
        kind: 'ge-claim-decided',
        text:
          decision.status === 'confirmed'
            ? `${ge?.name ?? 'Le groupement'} a confirmé votre adhésion.`
            : `${ge?.name ?? 'Le groupement'} n’a pas confirmé votre adhésion.`,
        link: `/organisations/${decision.organizationId}#groupements`,
      },
    );
    return true;
  });
}
