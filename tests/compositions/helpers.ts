/** Shared set-up for composition tests: organizations with owners, needs that add up to 35 h, a direct proposal. */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { compositionNeeds, compositions, mailOutbox, type needs } from '../../db/schema';
import { signatureOf } from '../../server/compositions/matching-run';
import { insertNeed } from '../needs/helpers';
import { makeOrganization, makePerson } from '../support/factories';

export async function makeMember(db: Db, name: string, town: 'belfort' | 'besancon' = 'belfort') {
  const owner = await makePerson(db, { displayName: `Responsable ${name}`, phone: '06 12 34 56 78' });
  const org = await makeOrganization(db, { owner, name, town });
  return { owner, org };
}

/** Monday to Wednesday (21 h) for one, Thursday and Friday (14 h) for the other: 35 h together. */
export const WEEK_A = ['mon-am', 'mon-pm', 'tue-am', 'tue-pm', 'wed-am', 'wed-pm'];
export const WEEK_B = ['thu-am', 'thu-pm', 'fri-am', 'fri-pm'];

/** Each test uses its own role code so that matching runs scoped to it do not see the others' needs. */
export const needOf = (db: Db, organizationId: number, hours: number, slots: string[], roleCode = 'M1203') =>
  insertNeed(db, organizationId, {
    roleCode,
    title: `Besoin ${roleCode} de ${hours} h`,
    hoursHundredths: hours * 100,
    slotsNeeded: slots.length,
    allowedSlots: slots,
  });

/** A proposed composition made directly (the matcher never proposes two sharing a need in one run). */
export async function insertProposal(
  db: Db,
  members: { need: typeof needs.$inferSelect; slots: string[] }[],
) {
  const [row] = await db
    .insert(compositions)
    .values({
      roleCode: 'M1203',
      roleLabel: 'Comptabilité',
      kind: 'full',
      signature: signatureOf(members.map((m) => m.need)),
      hoursHundredths: members.reduce((s, m) => s + m.need.hoursHundredths, 0),
      maxDistanceKm: 0,
    })
    .returning();
  await db.insert(compositionNeeds).values(
    members.map((m) => ({
      compositionId: row.id,
      needId: m.need.id,
      organizationId: m.need.organizationId,
      needVersion: m.need.version,
      slots: m.slots,
    })),
  );
  return row;
}

export const mailsOfKind = (db: Db, kind: string) =>
  db.select().from(mailOutbox).where(eq(mailOutbox.kind, kind));
