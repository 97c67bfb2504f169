/**
 * Structures and compositions: `makeMember` (a structure with its owner), `makeProposal` (a proposal
 * written directly: the matcher never proposes two sharing a need in one run), and
 * `makeAcceptedComposition` (two structures whose needs make 35 h, accepted by both through the same
 * service as their owners' clicks, and its GE chosen).
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { compositionNeeds, compositions, type needs } from '../../../db/schema';
import { decide } from '../../../server/compositions/decisions';
import { chooseGe } from '../../../server/compositions/ge-choice';
import { signatureOf } from '../../../server/compositions/matching-run';
import { makeNeed } from './needs';
import { makeOrganization, makePerson } from './people';
import type { Town } from './towns';

/** Monday to Wednesday (21 h) for one, Thursday and Friday (14 h) for the other: 35 h together. */
export const WEEK_A = ['mon-am', 'mon-pm', 'tue-am', 'tue-pm', 'wed-am', 'wed-pm'];
export const WEEK_B = ['thu-am', 'thu-pm', 'fri-am', 'fri-pm'];

const PUBLIC_URL = 'http://mosaique.test';
let sequence = 0;

/** A validated structure and its owner (with a phone number: contact details must stay hidden). */
export async function makeMember(db: Db, traits: { name?: string; town?: Town } = {}) {
  const name = traits.name ?? `Structure membre ${++sequence}`;
  const owner = await makePerson(db, { displayName: `Responsable ${name}`, phone: '06 12 34 56 78' });
  const org = await makeOrganization(db, { owner, name, town: traits.town ?? 'belfort' });
  return { owner, org };
}

type Need = typeof needs.$inferSelect;

/** A proposed composition of these needs, each worked on the given half-days; its role is the first need's. */
export async function makeProposal(db: Db, lines: { need: Need; slots: string[] }[]) {
  const [row] = await db
    .insert(compositions)
    .values({
      roleCode: lines[0].need.roleCode,
      roleLabel: lines[0].need.roleLabel,
      kind: 'full',
      signature: signatureOf(lines.map((l) => l.need)),
      hoursHundredths: lines.reduce((sum, l) => sum + l.need.hoursHundredths, 0),
      maxDistanceKm: 0,
    })
    .returning();
  await db.insert(compositionNeeds).values(
    lines.map((l) => ({
      compositionId: row.id,
      needId: l.need.id,
      organizationId: l.need.organizationId,
      needVersion: l.need.version,
      slots: l.slots,
    })),
  );
  return row;
}

/**
 * Two structures of Belfort whose needs make 35 h (`na` 21 h on WEEK_A, `nb` 14 h on WEEK_B), both
 * accepted; then the GE chosen by the first: `to_create` unless `ge` says another (or null: none yet).
 */
export async function makeAcceptedComposition(db: Db, traits: { ge?: number | 'to_create' | null } = {}) {
  const a = await makeMember(db);
  const b = await makeMember(db);
  const na = await makeNeed(db, { org: a.org, hours: 21, slots: WEEK_A });
  const nb = await makeNeed(db, { org: b.org, hours: 14, slots: WEEK_B });
  const proposal = await makeProposal(db, [
    { need: na, slots: WEEK_A },
    { need: nb, slots: WEEK_B },
  ]);
  const version = async () =>
    (await db.select().from(compositions).where(eq(compositions.id, proposal.id)))[0].version;
  for (const { org, owner } of [a, b]) {
    const result = await decide(db, {
      compositionId: proposal.id,
      organizationId: org.id,
      personId: owner.id,
      decision: 'accept',
      version: await version(),
      publicUrl: PUBLIC_URL,
    });
    if (!result.ok) throw new Error(result.message);
  }
  const ge = traits.ge === undefined ? 'to_create' : traits.ge;
  if (ge !== null) {
    const chosen = await chooseGe(db, {
      compositionId: proposal.id,
      personId: a.owner.id,
      version: await version(),
      ge,
      publicUrl: PUBLIC_URL,
    });
    if (!chosen.ok) throw new Error(chosen.message);
  }
  const [c] = await db.select().from(compositions).where(eq(compositions.id, proposal.id));
  return { a, b, na, nb, c };
}
