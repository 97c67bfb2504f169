/**
 * Demo data: fictional organizations in real towns telling the seeds' stories. Loaded into an empty
 * database on first start (embedded default) or by `npm run demo`, in one transaction, the same on
 * every run (seeded PRNG).
 *
 * It goes through the site's services wherever the site has one: records in bulk with their search outbox
 * rows (`insertOrganizations`, `insertNeeds`, `insertOffers`, as an import writes them), the matching run,
 * every acceptance through the decisions service (its row locks included), the GE choice, posts, sessions,
 * invitations (to sessions and to organizations), territories, outcomes, meetings and the room set-up.
 * Only what the site has no service for is written as plain rows: people (the site creates them through a
 * mailed link), memberships, GE memberships, interests in offers (their query is still in the offers
 * routes), backdated session invitation times.
 *
 * Adding to the demo: write a part in its own file (`export async function loadNeeds(ctx: DemoContext)`),
 * find organizations by key with `demoOrganization(ctx, 'belfort-aci')` or the groups in
 * `DEMO_GROUPS`, and add it to PARTS below, after what it depends on.
 */
import { sql } from 'drizzle-orm';
import { type Db, rawRows } from '../../db/client';
import { withLock } from '../../db/locks';
import { hashPassword } from '../../server/accounts/passwords';
import { DEMO_PASSWORD, loadAccounts } from './accounts';
import { loadCompositions } from './compositions';
import type { DemoContext, DemoPart } from './context';
import { loadDemoNeeds } from './needs';
import { loadDemoOffers } from './offers';
import { loadOrganizations } from './organizations';
import { loadPosts } from './posts';
import { createRng } from './random';
import { loadSessions } from './sessions';

export { DEMO_ACCOUNTS, DEMO_PASSWORD } from './accounts';
export type { DemoContext, DemoOrganization, DemoPart } from './context';
export { demoOrganization } from './context';
export { DEMO_GROUPS } from './organizations-data';

const SEED = 20_270_104;

/** In order: each part may use what the previous ones created. */
const PARTS: DemoPart[] = [
  loadAccounts,
  loadOrganizations,
  loadDemoNeeds,
  loadDemoOffers,
  loadCompositions,
  loadPosts,
  loadSessions,
];

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const [row] = await rawRows<{ n: number }>(db, sql`select count(*)::int as n from people`);
  return row.n === 0;
}

export async function loadDemo(db: Db, options: { publicUrl: string }): Promise<void> {
  // One hash for every demo account: hashing is deliberately slow, and these passwords are public anyway.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    const ctx: DemoContext = {
      tx,
      rng: createRng(SEED),
      passwordHash,
      publicUrl: options.publicUrl,
      accounts: { structure: 0, animation: 0, admin: 0 },
      organizations: new Map(),
      emails: new Set(),
      phoneCounter: { next: 1 },
    };
    for (const part of PARTS) await part(ctx);
  });
}

/**
 * Loads the demo when the database is empty, under a lock: of several instances started together on an
 * empty database, one loads it while the others wait and then find it there. True when this call loaded it.
 */
export async function loadDemoIfEmpty(db: Db, options: { publicUrl: string }): Promise<boolean> {
  return withLock(db, 'demo', async () => {
    if (!(await isDatabaseEmpty(db))) return false;
    await loadDemo(db, options);
    return true;
  });
}
