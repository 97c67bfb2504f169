/** The three documented demo accounts, and facilitators for the other territories of the stories. */
import { people } from '../../db/schema';
import { grantTerritories } from '../../server/admin/service';
import type { DemoContext } from './context';

export const DEMO_PASSWORD = 'demo-mosaique';

export const DEMO_ACCOUNTS = [
  { email: 'structure@demo.invalid', role: 'owner of a Belfort SIAE' },
  { email: 'animation@demo.invalid', role: 'facilitator for départements 90 and 25' },
  { email: 'admin@demo.invalid', role: 'admin' },
];

const OTHER_FACILITATORS = [
  {
    displayName: 'Julie Ferraro',
    email: 'julie.ferraro@demo.invalid',
    phone: '04 00 00 00 03',
    departements: ['13'],
  },
  {
    displayName: 'Paul Chevallier',
    email: 'paul.chevallier@demo.invalid',
    phone: '02 00 00 00 04',
    departements: ['45'],
  },
  {
    displayName: 'Inès Diallo',
    email: 'ines.diallo@demo.invalid',
    phone: '01 00 00 00 05',
    departements: ['75', '92', '93', '94'],
  },
];

export async function loadAccounts(ctx: DemoContext): Promise<void> {
  const rows = await ctx.tx
    .insert(people)
    .values([
      {
        email: 'structure@demo.invalid',
        passwordHash: ctx.passwordHash,
        displayName: 'Claire Mougin',
        phone: '03 00 00 00 01',
      },
      {
        email: 'animation@demo.invalid',
        passwordHash: ctx.passwordHash,
        displayName: 'Karim Haddad',
        phone: '03 00 00 00 02',
      },
      {
        email: 'admin@demo.invalid',
        passwordHash: ctx.passwordHash,
        displayName: 'Sophie Lemaire',
        isAdmin: true,
      },
      ...OTHER_FACILITATORS.map(({ departements: _d, ...p }) => ({ ...p, passwordHash: ctx.passwordHash })),
    ])
    .returning({ id: people.id, email: people.email });
  const id = (email: string) => rows.find((r) => r.email === email)?.id as number;
  for (const r of rows) ctx.emails.add(r.email);
  ctx.phoneCounter.next = 10;
  ctx.accounts = {
    structure: id('structure@demo.invalid'),
    animation: id('animation@demo.invalid'),
    admin: id('admin@demo.invalid'),
  };
  // Territories as the admin grants them on the site.
  await grantTerritories(ctx.tx, ctx.accounts.animation, ['90', '25'], ctx.accounts.admin);
  for (const f of OTHER_FACILITATORS)
    await grantTerritories(ctx.tx, id(f.email), f.departements, ctx.accounts.admin);
}
