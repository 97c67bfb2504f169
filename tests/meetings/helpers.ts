import type { Db } from '../../db/client';

export { signedIn } from '../support/browser';

import { makeMatchmakingSession, type SessionTraits } from '../support/factories';

export { SESSION_DAY } from '../support/factories';

/** @deprecated Use `makeMatchmakingSession(db, { organizations, … })` from tests/support/factories. */
export const makeSession = (
  db: Db,
  traits: Omit<SessionTraits, 'organizations'> & { organizationIds: number[] },
) => makeMatchmakingSession(db, { ...traits, organizations: traits.organizationIds });

/** The plan version a page's forms carry. */
export function versionOf(body: string): string {
  const match = /name="version" value="(\d+)"/.exec(body);
  if (!match) throw new Error('no plan version on the page');
  return match[1];
}
