/**
 * Shared pieces of the composition tests. Structures, needs and proposals are factories now
 * (tests/support/factories: `makeMember`, `makeNeed`, `makeProposal`, `WEEK_A`, `WEEK_B`); the aliases
 * below are kept for tests written on other branches meanwhile.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { mailOutbox } from '../../db/schema';
import { makeNeed, makeProposal, makeMember as member } from '../support/factories';

export { WEEK_A, WEEK_B } from '../support/factories';

export const mailsOfKind = (db: Db, kind: string) =>
  db.select().from(mailOutbox).where(eq(mailOutbox.kind, kind));

/** @deprecated Use `makeMember(db, { name, town })` from tests/support/factories. */
export const makeMember = (db: Db, name: string, town: 'belfort' | 'besancon' = 'belfort') =>
  member(db, { name, town });

/** @deprecated Use `makeNeed(db, { org, hours, slots, role })` from tests/support/factories. */
export const needOf = (db: Db, organizationId: number, hours: number, slots: string[], role = 'M1203') =>
  makeNeed(db, { org: organizationId, hours, slots, role });

/** @deprecated Use `makeProposal` from tests/support/factories. */
export const insertProposal = makeProposal;
