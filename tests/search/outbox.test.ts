/** The outbox's promises: same transaction as the write, delete only after success, retries, several drainers. */
import { eq, sql } from 'drizzle-orm';
import { Meilisearch } from 'meilisearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needs, searchOutbox } from '../../db/schema';
import { updateNeed } from '../../server/needs/service';
import { createIndexer } from '../../server/search/indexer';
import { createSearchService } from '../../server/search/service';
import { ensureIndexes, indexName } from '../../server/search/settings';
import { SEARCH_INDEXES, SEARCH_SOURCES } from '../../server/search-sources';
import { createTestApp, type TestApp } from '../support/app';
import { makeOrganization, makePerson } from '../support/factories';
import { deleteIndexesWithPrefix, testMeili } from '../support/meili';
import { addNeed, needInput } from './helpers';

let t: TestApp;
let personId: number;
let orgId: number;

const outbox = () => t.db.select().from(searchOutbox);
const documentIds = async (prefix = t.search.indexPrefix) => {
  const meili = testMeili();
  const client = new Meilisearch({ host: meili.url, apiKey: meili.masterKey });
  const docs = await client.index(`${prefix}records`).getDocuments({ limit: 1000, fields: ['id'] });
  return docs.results.map((d) => String(d.id)).sort();
};

beforeAll(async () => {
  t = await createTestApp();
  await ensureIndexes(t.search, SEARCH_INDEXES);
  const person = await makePerson(t.db);
  personId = person.id;
  orgId = (await makeOrganization(t.db, { owner: person })).id;
});
afterAll(async () => {
  await deleteIndexesWithPrefix(t.search.indexPrefix);
  await t.close();
});

describe('writing', () => {
  it('writes the outbox row in the transaction of the change, and nothing when the change fails', async () => {
    await t.db.delete(searchOutbox);
    const id = await addNeed(t.db, personId, orgId);
    // The need's document, and its structure's in the directory (its roles and open needs changed).
    expect((await outbox()).map((r) => [r.recordKind, r.recordId])).toEqual([
      ['need', id],
      ['structure', orgId],
    ]);
    const stale = await updateNeed(t.db, id, 99, needInput(orgId, { title: 'Jamais écrit' }));
    expect(stale.ok).toBe(false);
    await expect(
      t.db.transaction(async (tx) => {
        await tx.update(needs).set({ title: 'Annulé' }).where(eq(needs.id, id));
        const { enqueueReindex } = await import('../../server/search/outbox');
        await enqueueReindex(tx, 'need', id);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await outbox()).toHaveLength(2);
  });
});

describe('draining', () => {
  it('indexes in batches, deletes rows only once Meilisearch succeeded, and deletes gone records', async () => {
    const created = [] as number[];
    for (let i = 0; i < 12; i++) created.push(await addNeed(t.db, personId, orgId, { title: `Besoin ${i}` }));
    const indexer = createIndexer(t.db, t.search, SEARCH_SOURCES, { batchSize: 5 });
    const result = await indexer.drain();
    expect(result.failed).toBe(0);
    expect(await outbox()).toHaveLength(0);
    const ids = await documentIds();
    for (const id of created) expect(ids).toContain(`need-${id}`);

    await t.db.transaction(async (tx) => {
      await tx.delete(needs).where(eq(needs.id, created[0]));
      const { enqueueReindex } = await import('../../server/search/outbox');
      await enqueueReindex(tx, 'need', created[0]);
    });
    expect((await indexer.drain()).deleted).toBe(1);
    expect(await documentIds()).not.toContain(`need-${created[0]}`);
  });

  it('keeps rows and retries later with a backoff when Meilisearch refuses the batch', async () => {
    // An index whose primary key is another field: Meilisearch accepts the task, then fails it.
    const prefix = `${t.search.indexPrefix}bad_`;
    const meili = testMeili();
    const client = new Meilisearch({ host: meili.url, apiKey: meili.masterKey });
    await client.createIndex(`${prefix}records`, { primaryKey: 'recordId' }).waitTask();
    const broken = createSearchService({ url: meili.url, masterKey: meili.masterKey, indexPrefix: prefix });
    await t.db.delete(searchOutbox);
    const id = await addNeed(t.db, personId, orgId);
    const indexer = createIndexer(t.db, broken, SEARCH_SOURCES, { backoffBaseMs: 60_000 });
    const result = await indexer.drain();
    // The batch fails whole: the need's row and its structure's.
    expect(result.failed).toBe(2);
    const [row] = (await outbox()).filter((r) => r.recordKind === 'need');
    expect(row).toMatchObject({ recordId: id, attempts: 1, claimToken: null });
    expect(row.lastError).toMatch(/Meilisearch task/);
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 30_000);
    // Not due yet: a second drain leaves it alone.
    expect((await indexer.drain()).failed).toBe(0);
    expect(await outbox()).toHaveLength(2);
    // Due again: the healthy indexer takes it.
    await t.db.update(searchOutbox).set({ nextAttemptAt: new Date(Date.now() - 1000) });
    await t.app.searchIndexer.drain();
    expect(await outbox()).toHaveLength(0);
    expect(await documentIds()).toContain(`need-${id}`);
    expect(indexName(broken)).toBe(`${prefix}records`);
  });

  it('lets several drainers share the outbox: nothing lost, nothing twice', async () => {
    await t.db.delete(searchOutbox);
    const created = [] as number[];
    for (let i = 0; i < 30; i++)
      created.push(await addNeed(t.db, personId, orgId, { title: `Parallèle ${i}` }));
    // The needs alone: their structure's directory rows would be counted in `indexed` too.
    await t.db.delete(searchOutbox).where(eq(searchOutbox.recordKind, 'structure'));
    const drainers = [1, 2, 3].map(() => createIndexer(t.db, t.search, SEARCH_SOURCES, { batchSize: 4 }));
    const results = await Promise.all(drainers.map((d) => d.drain()));
    expect(results.reduce((n, r) => n + r.indexed, 0)).toBe(30);
    expect(await outbox()).toHaveLength(0);
    const ids = await documentIds();
    for (const id of created) expect(ids.filter((d) => d === `need-${id}`)).toHaveLength(1);
  });

  it('takes over rows whose claim expired (a crashed instance), but not rows claimed by a live one', async () => {
    await t.db.delete(searchOutbox);
    const a = await addNeed(t.db, personId, orgId, { title: 'Réclamé par une instance morte' });
    const b = await addNeed(t.db, personId, orgId, { title: 'Réclamé par une instance vivante' });
    await t.db.execute(
      sql`update search_outbox set claim_token = 'dead', claimed_until = now() - interval '1 second' where record_id = ${a}`,
    );
    await t.db.execute(
      sql`update search_outbox set claim_token = 'live', claimed_until = now() + interval '1 minute' where record_id = ${b}`,
    );
    await t.app.searchIndexer.drain();
    const left = await outbox();
    expect(left.map((r) => r.recordId)).toEqual([b]);
  });
});
