/** Shared set-up for post tests: an accepted composition with its GE chosen, and an open post on it. */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { compositions } from '../../db/schema';
import { chooseGe, decide } from '../../server/compositions/decisions';
import { insertProposal, makeMember, needOf, WEEK_A, WEEK_B } from '../compositions/helpers';

let counter = 0;

/** Two structures (Belfort) whose needs make 35 h, both accepted, GE "to create" unless `ge` is given. */
export async function acceptedComposition(db: Db, options: { ge?: number | 'to_create' | null } = {}) {
  counter += 1;
  const a = await makeMember(db, `Atelier posté ${counter}`);
  const b = await makeMember(db, `Régie postée ${counter}`);
  const na = await needOf(db, a.org.id, 21, WEEK_A);
  const nb = await needOf(db, b.org.id, 14, WEEK_B);
  const proposal = await insertProposal(db, [
    { need: na, slots: WEEK_A },
    { need: nb, slots: WEEK_B },
  ]);
  const version = async () =>
    (await db.select().from(compositions).where(eq(compositions.id, proposal.id)))[0].version;
  for (const [org, owner] of [
    [a.org, a.owner],
    [b.org, b.owner],
  ] as const) {
    const result = await decide(db, {
      compositionId: proposal.id,
      organizationId: org.id,
      personId: owner.id,
      decision: 'accept',
      version: await version(),
      publicUrl: 'http://mosaique.test',
    });
    if (!result.ok) throw new Error(result.message);
  }
  const ge = options.ge === undefined ? 'to_create' : options.ge;
  if (ge !== null) {
    const chosen = await chooseGe(db, {
      compositionId: proposal.id,
      personId: a.owner.id,
      version: await version(),
      ge,
      publicUrl: 'http://mosaique.test',
    });
    if (!chosen.ok) throw new Error(chosen.message);
  }
  const [c] = await db.select().from(compositions).where(eq(compositions.id, proposal.id));
  return { a, b, na, nb, c };
}

export const postForm = (version: number, overrides: Record<string, string> = {}) => ({
  version: String(version),
  title: 'Comptable en CDI partagé entre deux structures',
  startDate: '2027-03-01',
  description:
    'Tenue de la comptabilité de deux structures d’insertion, trois jours dans l’une et deux dans l’autre.',
  ...overrides,
});
