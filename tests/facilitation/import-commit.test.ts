import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBatches, needs, organizations, searchOutbox } from '../../db/schema';
import { beginBatch } from '../../server/facilitation/import-batches';
import { commitDrafts, ROWS_PER_TRANSACTION } from '../../server/facilitation/import-commit';
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
    // Set-based, not row by row: the leftovers of crashed imports looked for (and the finished batches
    // of past days forgotten), the structures of the batch found in one query, then short transactions
    // of at most ROWS_PER_TRANSACTION rows: the batch begun; per 200 structures its lease renewed, their
    // insert and their directory rows queued; per 200 needs the lease, their insert, their outbox rows
    // and their structures' outbox rows; the batch marked done.
    expect(statements, queries.join('\n')).toBe(2 + 1 + 1 + 3 * 3 + 7 * 4 + 2);
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

  it('writes a large import in transactions of at most 200 rows, serving other queries between them', async () => {
    const drafts = await manyDrafts(1000, 'Structure servie');
    const needsBefore = await count(needs);
    const perTransaction: number[] = [];
    const original = testDb.db.transaction.bind(testDb.db);
    testDb.db.transaction = (async (work, config) => {
      const { result, queries } = await countQueries(() => original(work, config));
      // Rows a multi-row insert writes: one "(default, $n" per row.
      const rows = (query: string) => (query.match(/\(default, \$/g) ?? []).length;
      const inserted = queries.filter((q) => /^insert into "(needs|organizations)"/.test(q));
      perTransaction.push(inserted.reduce((sum, q) => sum + rows(q), 0));
      return result;
    }) as typeof testDb.db.transaction;
    let reader: Promise<{ needs: number; published: number; at: number }> | undefined;
    let committedAt = 0;
    try {
      await commitDrafts(testDb.db, drafts, {
        onProgress: (done, total) => {
          // Another request, once the first chunk of needs is written: it must not wait for the end.
          if (reader || done === 0 || done === total) return;
          reader = (async () => ({
            needs: await testDb.db.$count(needs),
            published: await testDb.db.$count(needs, eq(needs.status, 'published')),
            at: performance.now(),
          }))();
        },
      });
      committedAt = performance.now();
    } finally {
      testDb.db.transaction = original;
    }
    expect(perTransaction.length).toBeGreaterThanOrEqual(1000 / ROWS_PER_TRANSACTION + 1);
    expect(Math.max(...perTransaction)).toBeLessThanOrEqual(ROWS_PER_TRANSACTION);
    // Asked once a first transaction of needs was written and before the last.
    expect(reader).toBeDefined();
    const seen = await (reader as NonNullable<typeof reader>);
    // Served before the commit ended, between two of its transactions: it saw part of the import (in
    // one transaction it would have seen none of it on PostgreSQL, and waited for all of it on PGlite,
    // whose transaction holds the only connection), and only drafts of it.
    expect(seen.at).toBeLessThan(committedAt);
    expect(seen.needs).toBeGreaterThan(needsBefore);
    expect(seen.needs).toBeLessThan(needsBefore + 1000);
    expect(seen.published).toBe(await testDb.db.$count(needs, eq(needs.status, 'published')));
    expect(await count(needs)).toBe(needsBefore + 1000);
  });

  it('leaves nothing of an import that fails after some of its transactions', async () => {
    const drafts = await manyDrafts(500, 'Structure annulée');
    const organizationsBefore = await count(organizations);
    const needsBefore = await count(needs);
    let written = 0;
    const failing = commitDrafts(testDb.db, drafts, {
      onProgress: (done) => {
        written = done;
      },
      beforeCommit: async () => {
        throw new Error('lease lost');
      },
    });
    await expect(failing).rejects.toThrow('lease lost');
    expect(written).toBe(500);
    expect(await count(organizations)).toBe(organizationsBefore);
    expect(await count(needs)).toBe(needsBefore);
    expect(await testDb.db.$count(importBatches)).toBe(
      await testDb.db.$count(importBatches, eq(importBatches.state, 'done')),
    );
    // Nothing of it was counted as already there: importing it again creates everything.
    expect(await commitDrafts(testDb.db, drafts)).toMatchObject({
      needsCreated: 500,
      organizationsCreated: 167,
    });
  });

  it('undoes, at the next import, what an import that crashed midway wrote', async () => {
    const drafts = await manyDrafts(10, 'Structure du crash');
    const needsBefore = await count(needs);
    const organizationsBefore = await count(organizations);
    // An instance died after its first transactions: its batch still writing, its lease run out.
    const batch = await beginBatch(testDb.db);
    const [organization] = await testDb.db
      .insert(organizations)
      .values({
        name: 'Structure du crash 0',
        kind: 'ESS',
        communeCode: '90010',
        communeName: 'Belfort',
        departement: '90',
        lat: 47.6,
        lon: 6.8,
        status: 'pending',
        claimed: false,
        importBatchId: batch,
      })
      .returning({ id: organizations.id });
    const [model] = await testDb.db.select().from(needs).limit(1);
    const { id: _id, searchVector: _v, ...needRow } = model;
    await testDb.db
      .insert(needs)
      .values({ ...needRow, organizationId: organization.id, status: 'draft', importBatchId: batch });
    // While it is still within its lease, another import neither counts nor removes its rows.
    expect(await commitDrafts(testDb.db, drafts.slice(0, 1))).toMatchObject({ needsCreated: 1 });
    expect(await count(needs)).toBe(needsBefore + 2);
    await testDb.db
      .update(importBatches)
      .set({ leaseUntil: new Date(Date.now() - 1000) })
      .where(eq(importBatches.id, batch));
    expect(await commitDrafts(testDb.db, drafts)).toMatchObject({ needsCreated: 9, needsSkipped: 1 });
    expect(await count(needs)).toBe(needsBefore + 10);
    // The crashed import's structure is gone (the new import made its own).
    expect(await testDb.db.$count(organizations, eq(organizations.id, organization.id))).toBe(0);
    expect(await testDb.db.$count(importBatches, eq(importBatches.id, batch))).toBe(0);
    expect(await count(organizations)).toBe(organizationsBefore + 4);
  });
});

/** `n` valid drafts over n/3 new structures (three needs each). */
async function manyDrafts(n: number, name: string): Promise<NeedDraft[]> {
  const [draft] = await draftsOf('besoins-utf8-bom.csv');
  return Array.from({ length: n }, (_, i) => ({
    ...draft,
    row: i + 2,
    structure: { ...draft.structure, siret: null, name: `${name} ${Math.floor(i / 3)}` },
  }));
}
