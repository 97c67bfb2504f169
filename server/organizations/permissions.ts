/**
 * Who may see and change an organization. Private organizations (pending or rejected) answer 404 to
 * people who may not know they exist; a visible organization that someone may not change answers 403.
 */
import type { CurrentPerson } from '../accounts/session';
import { Forbidden, NotFound } from '../common/errors';

type Person = CurrentPerson | null | undefined;
interface OrgRef {
  id: number;
  status: string;
}

export function membershipOf(person: Person, organizationId: number) {
  return person?.memberships.find((m) => m.organizationId === organizationId);
}

export function isMember(person: Person, organizationId: number): boolean {
  return membershipOf(person, organizationId) !== undefined;
}

export function isOwner(person: Person, organizationId: number): boolean {
  return membershipOf(person, organizationId)?.role === 'owner';
}

export function canViewOrganization(person: Person, org: OrgRef): boolean {
  return org.status === 'validated' || Boolean(person?.isAdmin) || isMember(person, org.id);
}

/** Members see who else belongs to their organization; admins see names too (not emails). */
export function canSeeMembers(person: Person, org: OrgRef): boolean {
  return isMember(person, org.id) || Boolean(person?.isAdmin);
}

/** Members' emails stay inside the organization. */
export function canSeeMemberEmails(person: Person, org: OrgRef): boolean {
  return isMember(person, org.id);
}

export function canEditOrganization(person: Person, org: OrgRef): boolean {
  return isOwner(person, org.id);
}

export function assertCanView(person: Person, org: OrgRef): void {
  if (!canViewOrganization(person, org)) throw new NotFound();
}

export function assertCanEdit(person: Person, org: OrgRef): void {
  assertCanView(person, org);
  if (!canEditOrganization(person, org)) {
    throw new Forbidden('Seuls les responsables de la structure peuvent la modifier.');
  }
}

/** A GE's owners and the admins answer the structures that say they belong to it. */
export function canDecideGeClaims(person: Person, ge: OrgRef & { kind: string }): boolean {
  return ge.kind === 'GE' && (isOwner(person, ge.id) || Boolean(person?.isAdmin));
}

export function assertCanDecideGeClaims(person: Person, ge: OrgRef & { kind: string }): void {
  assertCanView(person, ge);
  if (!canDecideGeClaims(person, ge)) {
    throw new Forbidden(
      'Seuls les responsables du groupement ou un administrateur peuvent répondre aux adhésions.',
    );
  }
}
