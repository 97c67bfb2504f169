/**
 * What an import wrote before its instance stopped is undone by the hourly purge once its lease has run
 * out, even when no other import comes after it (server/jobs.ts, facilitation/import-batches.ts).
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importBatches, organizations } from '../../db/schema';
import { beginBatch } from '../../server/facilitation/import-batches';
import { purgeExpired } from '../../server/jobs';
import { createTestApp, type TestApp } from '../support/app';
import { makeOrganization } from '../support/factories';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

it('undoes a crashed import at the next purge once its lease has run out, not before', async () => {
  const batch = await beginBatch(t.db);
  const organization = await makeOrganization(t.db, { importBatchId: batch });
  const left = () => t.db.$count(organizations, eq(organizations.id, organization.id));

  await purgeExpired(t.app);
  expect(await left()).toBe(1);

  await t.db
    .update(importBatches)
    .set({ leaseUntil: new Date(Date.now() - 1000) })
    .where(eq(importBatches.id, batch));
  await purgeExpired(t.app);
  expect(await left()).toBe(0);
  expect(await t.db.$count(importBatches, eq(importBatches.id, batch))).toBe(0);
});
