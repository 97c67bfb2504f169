/** Structures that answered a cooperation offer ("Cette offre nous intéresse"), shown on its page. */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { offerInterests, organizations } from '../../db/schema';

export function interestedOrganizations(db: Db, offerId: number): Promise<{ id: number; name: string }[]> {
  return db
    .select({ id: organizations.id, name: organizations.name })
    .from(offerInterests)
    .innerJoin(organizations, eq(organizations.id, offerInterests.organizationId))
    .where(eq(offerInterests.offerId, offerId));
}

/** Records an organization's interest; answering twice keeps the first answer. */
export async function recordInterest(
  db: Db,
  interest: { offerId: number; organizationId: number; personId: number },
): Promise<void> {
  await db.insert(offerInterests).values(interest).onConflictDoNothing();
}
