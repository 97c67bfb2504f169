/**
 * Demo data: fictional organizations in real towns telling the seeds' stories. Loaded into an empty
 * database on first start (embedded default) or by `npm run demo`.
 */
import { sql } from 'drizzle-orm';
import { hashPassword } from '../../server/accounts/passwords';
import { type Db, rawRows } from '../client';
import { facilitatorTerritories, memberships, organizations, people } from '../schema';

export const DEMO_PASSWORD = 'demo-mosaique';

export const DEMO_ACCOUNTS = [
  { email: 'structure@demo.invalid', role: 'owner of a Belfort SIAE' },
  { email: 'animation@demo.invalid', role: 'facilitator for départements 90 and 25' },
  { email: 'admin@demo.invalid', role: 'admin' },
];

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const [row] = await rawRows<{ n: number }>(db, sql`select count(*)::int as n from people`);
  return row.n === 0;
}

export async function loadDemo(db: Db, _options: { publicUrl: string }): Promise<void> {
  // One hash for every demo account: hashing is deliberately slow, and these passwords are public anyway.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    const [structure, animation] = await tx
      .insert(people)
      .values([
        {
          email: 'structure@demo.invalid',
          passwordHash,
          displayName: 'Claire Demo',
          phone: '03 84 00 00 01',
        },
        { email: 'animation@demo.invalid', passwordHash, displayName: 'Karim Demo', phone: '03 81 00 00 02' },
        { email: 'admin@demo.invalid', passwordHash, displayName: 'Admin Demo', isAdmin: true },
      ])
      .returning({ id: people.id });
    await tx.insert(facilitatorTerritories).values([
      { personId: animation.id, departement: '90' },
      { personId: animation.id, departement: '25' },
    ]);
    const [org] = await tx
      .insert(organizations)
      .values({
        name: 'Atelier Lion Vert',
        siret: '73282932000074',
        kind: 'ACI',
        communeCode: '90010',
        communeName: 'Belfort',
        departement: '90',
        lat: 47.6384,
        lon: 6.8638,
        status: 'validated',
        validatedAt: new Date(),
        description: 'Chantier d’insertion en espaces verts et second œuvre du bâtiment.',
      })
      .returning({ id: organizations.id });
    await tx.insert(memberships).values({ organizationId: org.id, personId: structure.id, role: 'owner' });
  });
}
