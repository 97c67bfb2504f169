/** People and organizations: `makePerson(db, { territories: ['90'] })`, `makeOrganization(db, { owner })`. */
import type { Db } from '../../../db/client';
import {
  facilitatorTerritories,
  geMemberships,
  memberships,
  organizations,
  people,
} from '../../../db/schema';
import type { MemberRole, OrganizationKind } from '../../../db/schema/organizations';
import { hashPassword } from '../../../server/accounts/passwords';
import { TOWNS, type Town } from './towns';

export const TEST_PASSWORD = 'motdepasse-de-test';
let cachedHash: Promise<string> | undefined;
let sequence = 0;
const next = () => ++sequence;

export async function makePerson(
  db: Db,
  traits: {
    email?: string;
    displayName?: string;
    admin?: boolean;
    territories?: string[];
    phone?: string;
  } = {},
) {
  cachedHash ??= hashPassword(TEST_PASSWORD, { memoryCost: 1024, timeCost: 2 });
  const n = next();
  const [person] = await db
    .insert(people)
    .values({
      email: traits.email ?? `personne${n}@exemple.invalid`,
      passwordHash: await cachedHash,
      displayName: traits.displayName ?? `Personne ${n}`,
      isAdmin: traits.admin ?? false,
      phone: traits.phone ?? null,
    })
    .returning();
  if (traits.territories?.length) {
    await db
      .insert(facilitatorTerritories)
      .values(traits.territories.map((d) => ({ personId: person.id, departement: d })));
  }
  return person;
}

/** Valid SIRETs for tests: Luhn-correct 14-digit numbers derived from a counter. */
export function makeSiret(n: number = next()): string {
  const base = `${String(100000000 + n).padStart(9, '0')}0001`;
  for (let d = 0; d <= 9; d++) {
    const candidate = base + d;
    let sum = 0;
    for (let i = 0; i < 14; i++) {
      let digit = Number(candidate[13 - i]);
      if (i % 2 === 1) {
        digit *= 2;
        if (digit > 9) digit -= 9;
      }
      sum += digit;
    }
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}

export async function makeOrganization(
  db: Db,
  traits: {
    owner?: { id: number };
    editors?: { id: number }[];
    name?: string;
    kind?: OrganizationKind;
    validated?: boolean;
    town?: Town;
    /** Confirmed GE memberships. */
    geIds?: number[];
    /** The directory choice (null: the kind's default). */
    directoryListed?: boolean | null;
    keywords?: string;
    /** Written by an import still under way (facilitation/import-batches.ts): pending and unclaimed. */
    importBatchId?: number;
  } = {},
) {
  const n = next();
  const [org] = await db
    .insert(organizations)
    .values({
      name: traits.name ?? `Structure ${n}`,
      siret: makeSiret(n),
      kind: traits.kind ?? 'ACI',
      ...TOWNS[traits.town ?? 'belfort'],
      status: traits.validated === false ? 'pending' : 'validated',
      validatedAt: traits.validated === false ? null : new Date(),
      directoryListed: traits.directoryListed ?? null,
      keywords: traits.keywords ?? '',
      ...(traits.importBatchId === undefined
        ? {}
        : {
            importBatchId: traits.importBatchId,
            claimed: false,
            status: 'pending' as const,
            validatedAt: null,
          }),
    })
    .returning();
  const members: { id: number; role: MemberRole }[] = [
    ...(traits.owner ? [{ id: traits.owner.id, role: 'owner' as const }] : []),
    ...(traits.editors ?? []).map((e) => ({ id: e.id, role: 'editor' as const })),
  ];
  if (members.length) {
    await db
      .insert(memberships)
      .values(members.map((m) => ({ organizationId: org.id, personId: m.id, role: m.role })));
  }
  if (traits.geIds?.length) {
    await db
      .insert(geMemberships)
      .values(traits.geIds.map((geId) => ({ organizationId: org.id, geId, status: 'confirmed' as const })));
  }
  return org;
}
