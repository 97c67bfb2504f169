/**
 * Who may read and write a composition's thread: the members (owner or editor) of its organizations.
 * Anyone else, admins included, gets a 404: the thread is the structures' private conversation.
 */
import type { CurrentPerson } from '../accounts/session';
import { Forbidden, NotFound } from '../common/errors';
import { isInvolved, organizationsDecidedBy } from '../compositions/permissions';

type Person = Pick<CurrentPerson, 'memberships' | 'isAdmin' | 'territories'> | null;
interface Thread {
  organizationIds: number[];
  composition: { status: string };
}

/** A withdrawn proposal's thread stays readable but takes no new message. */
export const isThreadOpen = (status: string) => status !== 'withdrawn';

export function assertCanReadThread<T extends Thread>(person: Person, c: T | undefined): T {
  if (!c || !isInvolved(person, c)) throw new NotFound('Cette composition n’existe pas.');
  return c;
}

export function assertCanWriteThread(person: Person, c: Thread): void {
  assertCanReadThread(person, c);
  if (!isThreadOpen(c.composition.status))
    throw new Forbidden('Cette proposition est retirée : sa discussion est fermée.');
}

/** The organizations of the composition the person may speak for. */
export const authorOrganizations = (person: Person, c: Thread) => organizationsDecidedBy(person, c);
