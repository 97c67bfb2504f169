/**
 * What the demo parts share while they load, in one transaction: later parts (needs, offers,
 * compositions…) read the organizations and people created before them by their stable keys.
 */
import { and, eq } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client';
import { memberships } from '../../db/schema';
import type { OrganizationKind, OrganizationStatus } from '../../db/schema/organizations';
import type { Rng } from './random';

export interface DemoOrganization {
  key: string;
  id: number;
  name: string;
  kind: OrganizationKind;
  status: OrganizationStatus;
  communeCode: string;
  communeName: string;
  departement: string;
  lat: number;
  lon: number;
  /** Ids of the GEs it belongs to. */
  geIds: number[];
  ownerId: number;
  editorIds: number[];
}

export interface DemoContext {
  tx: Tx;
  rng: Rng;
  /** One argon2 hash of DEMO_PASSWORD, reused for every demo person (hashing is slow on purpose). */
  passwordHash: string;
  publicUrl: string;
  accounts: { structure: number; animation: number; admin: number };
  organizations: Map<string, DemoOrganization>;
  /** Emails and phone numbers already given, so that generated people stay unique. */
  emails: Set<string>;
  phoneCounter: { next: number };
}

export type DemoPart = (ctx: DemoContext) => Promise<void>;

/** The organization of a key, or a loud failure: a typo in a later part should not load half a demo. */
export function demoOrganization(ctx: DemoContext, key: string): DemoOrganization {
  const org = ctx.organizations.get(key);
  if (!org) throw new Error(`demo: no organization with key ${key}`);
  return org;
}

/** The owner of an organization (the person who answers for it in the demo's workflows). */
export async function ownerOf(db: DbOrTx, organizationId: number): Promise<number | undefined> {
  const [row] = await db
    .select({ personId: memberships.personId })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.role, 'owner')))
    .orderBy(memberships.personId)
    .limit(1);
  return row?.personId;
}
