import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberships, organizations } from '../../db/schema';
import { communeByCode } from '../../server/organizations/communes';
import { createOrganization, removeMember, SiretTaken } from '../../server/organizations/service';
import { createTestDb, type TestDb } from '../support/db';
import { makeOrganization, makePerson, makeSiret } from '../support/factories';

let handle: TestDb;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(() => handle.destroy());

describe('organization service', () => {
  it('turns a race on the same SIRET into SiretTaken through the unique index, not a crash', async () => {
    const owner = await makePerson(handle.db);
    const commune = communeByCode('90010');
    if (!commune) throw new Error('Belfort missing from places');
    const siret = makeSiret();
    const data = { name: 'Course', siret, kind: 'ACI' as const, commune, geIds: [] };
    // Both calls pass the friendly pre-check before either inserts.
    const results = await Promise.allSettled([
      createOrganization(handle.db, owner.id, data),
      createOrganization(handle.db, owner.id, data),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(SiretTaken);
    expect(await handle.db.$count(organizations, eq(organizations.siret, siret))).toBe(1);
  });

  it('keeps at least one owner', async () => {
    const a = await makePerson(handle.db);
    const b = await makePerson(handle.db);
    const org = await makeOrganization(handle.db, { owner: a });
    await handle.db.insert(memberships).values({ organizationId: org.id, personId: b.id, role: 'owner' });
    expect(await removeMember(handle.db, org.id, a.id)).toBe('removed');
    expect(await removeMember(handle.db, org.id, b.id)).toBe('last-owner');
    expect(await removeMember(handle.db, org.id, a.id)).toBe('not-member');
  });
});
