/** The dashboard's "my needs" section: data for views/needs/_dashboard.njk. */
import type { DbOrTx } from '../../db/client';
import type { CurrentPerson } from '../accounts/session';
import { hoursLabel } from '../vocabulary/week';
import { listNeedsForPerson, NEED_STATUS_LABELS } from './service';

export async function dashboardNeeds(db: DbOrTx, person: Pick<CurrentPerson, 'memberships'>) {
  const list = await listNeedsForPerson(
    db,
    person.memberships.map((m) => m.organizationId),
  );
  return {
    needs: list.map((n) => ({ ...n, hours: hoursLabel(n.hoursHundredths) })),
    statusLabels: NEED_STATUS_LABELS,
  };
}
