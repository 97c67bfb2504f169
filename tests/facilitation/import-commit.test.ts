import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needs, organizations, searchOutbox } from '../../db/schema';
import { commitDrafts } from '../../server/facilitation/import-commit';
import { analyzeFile, type NeedDraft } from '../../server/imports';
import { SIRETS } from '../imports/fixtures/make-fixtures';
import { fixture, testLookups } from '../imports/support';
import { createTestDb, type TestDb } from '../support/db';
import { makeOrganization } from '../support/factories';
import { countQueries } from '../support/queries';

let testDb: TestDb;
beforeAll(async () => {
  testDb = await createTestDb();
});
afterAll(async () => {
  await testDb?.destroy();
});

async function draftsOf(name: string, today = '2026-06-01'): Promise<NeedDraft[]> {
  const outcome = await analyzeFile(fixture(name), { today, lookups: await testLookups() });
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.drafts;
}

const count = async (table: typeof needs | typeof organizations | typeof searchOutbox) =>
  (await testDb.db.select().from(table)).length;

describe('commitDrafts', () => {
  it('creates needs and unclaimed structures, reuses a structure known by its SIRET, and is idempotent', async () => {
    // The Jardins de Cocagne already have their page: the import attaches needs to it.
    const existing = await makeOrganization(testDb.db, { name: 'Les Jardins (déjà inscrits)' });
    await testDb.db
      .update(organizations)
      .set({ siret: SIRETS.jardins })
      .where(eq(organizations.id, existing.id));
    const organizationsBefore = await count(organizations);

    const drafts = await draftsOf('diagnostic-belfort.xlsx');
    const first = await commitDrafts(testDb.db, drafts);
    expect(first).toMatchObject({
      organizationsCreated: 1,
      organizationsFound: 1,
      needsCreated: 3,
      needsSkipped: 0,
    });

    const [created] = await testDb.db
      .select()
      .from(organizations)
      .where(eq(organizations.siret, SIRETS.ressourcerie));
    expect(created).toMatchObject({
      name: 'Ressourcerie du Lion',
      claimed: false,
      status: 'pending',
      communeCode: '90010',
      departement: '90',
    });
    const attached = await testDb.db.select().from(needs).where(eq(needs.organizationId, existing.id));
    expect(attached.map((n) => [n.roleCode, n.hoursHundredths, n.status]).sort()).toEqual([
      ['K2112', 1400, 'draft'],
      ['M1203', 1400, 'draft'],
    ]);
    expect(await count(searchOutbox)).toBeGreaterThanOrEqual(3);

    const again = await commitDrafts(testDb.db, await draftsOf('diagnostic-belfort.xlsx'));
    expect(again).toMatchObject({
      organizationsCreated: 0,
      organizationsFound: 2,
      needsCreated: 0,
      needsSkipped: 3,
    });
    expect(await count(organizations)).toBe(organizationsBefore + 1);
    expect(await count(needs)).toBe(3);
  });

  it('treats "dès que possible" as itself, so re-importing another day creates nothing', async () => {
    const before = await count(needs);
    const first = await commitDrafts(testDb.db, await draftsOf('besoins-tab.csv', '2026-06-01'));
    expect(first.needsCreated).toBe(2);
    const nextDay = await commitDrafts(testDb.db, await draftsOf('besoins-tab.csv', '2026-06-02'));
    expect(nextDay).toMatchObject({ needsCreated: 0, needsSkipped: 2 });
    expect(await count(needs)).toBe(before + 2);
  });

  it('keeps two identical rows as two needs, once', async () => {
    const [draft] = await draftsOf('besoins-utf8-bom.csv');
    const twin = { ...draft, structure: { ...draft.structure, siret: null, name: 'Atelier Jumeau' } };
    expect(await commitDrafts(testDb.db, [twin, { ...twin, row: 3 }])).toMatchObject({
      needsCreated: 2,
      organizationsCreated: 1,
    });
    expect(await commitDrafts(testDb.db, [twin, { ...twin, row: 3 }])).toMatchObject({
      needsCreated: 0,
      needsSkipped: 2,
      organizationsFound: 1,
    });
  });

  it('writes nothing when one need fails', async () => {
    const [good] = await draftsOf('besoins-utf8-bom.csv');
    const organizationsBefore = await count(organizations);
    const needsBefore = await count(needs);
    const fresh = {
      ...good,
      structure: { name: 'Structure Nouvelle', siret: null, communeCode: good.communeCode },
    };
    // 36 h breaks the needs_hours_check constraint on the second insert.
    const broken = { ...fresh, row: 9, hoursHundredths: 3600 };
    await expect(commitDrafts(testDb.db, [fresh, broken])).rejects.toThrow();
    expect(await count(organizations)).toBe(organizationsBefore);
    expect(await count(needs)).toBe(needsBefore);
  });

  it('finds a structure without SIRET whatever the case and accents of its name', async () => {
    const [draft] = await draftsOf('besoins-utf8-bom.csv');
    const named = (name: string) => ({ ...draft, structure: { ...draft.structure, siret: null, name } });
    expect(await commitDrafts(testDb.db, [named('Café Solidaire du Lion')])).toMatchObject({
      organizationsCreated: 1,
      needsCreated: 1,
    });
    expect(await commitDrafts(testDb.db, [named('CAFE SOLIDAIRE DU LION')])).toMatchObject({
      organizationsCreated: 0,
      organizationsFound: 1,
      needsSkipped: 1,
    });
  });

  it('writes a batch larger than one insert chunk, set-based, with one outbox row per need, once', async () => {
    const [draft] = await draftsOf('besoins-utf8-bom.csv');
    // 1,203 needs over 401 structures: three chunks of needs, one chunk boundary inside a structure.
    const drafts = Array.from({ length: 1203 }, (_, i) => ({
      ...draft,
      row: i + 2,
      structure: { ...draft.structure, siret: null, name: `Structure en lot ${Math.floor(i / 3)}` },
    }));
    const needsBefore = await count(needs);
    const needRows = () => testDb.db.$count(searchOutbox, eq(searchOutbox.recordKind, 'need'));
    const outboxBefore = await needRows();
    const {
      result,
      count: statements,
      queries,
    } = await countQueries(() => commitDrafts(testDb.db, drafts, { createdBy: null }));
    expect(result).toMatchObject({
      organizationsCreated: 401,
      organizationsFound: 0,
      needsCreated: 1203,
      needsSkipped: 0,
    });
    // Set-based, not row by row: the structures of the batch found in one query and created in one
    // insert (and their directory documents queued in one), its existing needs read in one, then per
    // chunk an insert of needs, one of their outbox rows and one of their structures' outbox rows.
    expect(statements, queries.join('\n')).toBe(13);
    expect(await count(needs)).toBe(needsBefore + 1203);
    // One row per need (their structures' directory rows aside).
    expect(await needRows()).toBe(outboxBefore + 1203);
    const last = await testDb.db
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.name, 'Structure en lot 400'));
    expect(await testDb.db.select().from(needs).where(eq(needs.organizationId, last[0].id))).toHaveLength(3);
    expect(await commitDrafts(testDb.db, drafts)).toMatchObject({
      organizationsCreated: 0,
      organizationsFound: 401,
      needsCreated: 0,
      needsSkipped: 1203,
    });
  });
});
