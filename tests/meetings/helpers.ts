/**
 * Shared pieces of the meeting tests: people signed in, the plan version of a page (sessions:
 * `makeMatchmakingSession` in tests/support/factories).
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client';
import { Browser } from '../support/browser';
import { makeMatchmakingSession, type SessionTraits, TEST_PASSWORD } from '../support/factories';

export { SESSION_DAY } from '../support/factories';

/** @deprecated Use `makeMatchmakingSession(db, { organizations, … })` from tests/support/factories. */
export const makeSession = (
  db: Db,
  traits: Omit<SessionTraits, 'organizations'> & { organizationIds: number[] },
) => makeMatchmakingSession(db, { ...traits, organizations: traits.organizationIds });

export async function signedIn(app: FastifyInstance, email: string): Promise<Browser> {
  const browser = new Browser(app);
  await browser.signIn(email, TEST_PASSWORD);
  return browser;
}

/** The plan version a page's forms carry. */
export function versionOf(body: string): string {
  const match = /name="version" value="(\d+)"/.exec(body);
  if (!match) throw new Error('no plan version on the page');
  return match[1];
}
