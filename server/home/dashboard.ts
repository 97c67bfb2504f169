/** What /tableau-de-bord shows a person, through the read cache (db/read-cache.ts). */
import type { Db } from '../../db/client';
import type { ReadCache } from '../../db/read-cache';
import { invitations, needs, organizations, people } from '../../db/schema';
import type { CurrentPerson } from '../accounts/session';
import { countPendingOrganizations } from '../admin/service';
import { dashboardNeeds } from '../needs/dashboard';
import { invitationsForEmail } from '../organizations/invitations';

/**
 * The person's invitations, their structures' needs and (for an admin) the structures waiting for
 * validation. Kept until one of those tables changes; an invitation that expires meanwhile shows a minute
 * at most longer (accepting it then says it has expired).
 */
export function cachedDashboard(cache: ReadCache, db: Db, person: CurrentPerson) {
  const organizationIds = person.memberships.map((m) => m.organizationId).join(',');
  return cache.read(
    `dashboard:${person.id}:${person.isAdmin}:${organizationIds}`,
    [invitations, needs, organizations, people],
    async () => {
      const [pendingInvitations, pendingOrganizations, needList] = await Promise.all([
        invitationsForEmail(db, person.email),
        person.isAdmin ? countPendingOrganizations(db) : Promise.resolve(0),
        dashboardNeeds(db, person),
      ]);
      return { invitations: pendingInvitations, pendingOrganizations, dashboardNeeds: needList };
    },
  );
}
