import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { makeNeed, makeOrganization, makePerson, TEST_PASSWORD } from '../support/factories';
import { changedTables, formFields, fuzzPost, snapshotTables } from '../support/fuzz';

let t: TestApp;
let browser: Browser;
let orgId: number;

beforeAll(async () => {
  t = await createTestApp();
  const owner = await makePerson(t.db);
  orgId = (await makeOrganization(t.db, { owner })).id;
  browser = new Browser(t.app);
  await browser.signIn(owner.email, TEST_PASSWORD);
});
afterAll(() => t.close());

it('answers hostile need forms without a 5xx and without touching unrelated tables', async () => {
  const page = await browser.get('/besoins/nouveau');
  const fields = formFields(page.body, '/besoins');
  expect(fields).toEqual(expect.arrayContaining(['roleCode', 'hours', 'slots', 'slotsNeeded', 'commune']));
  const before = await snapshotTables(t.db);
  const report = await fuzzPost({
    app: t.app,
    url: '/besoins',
    cookies: browser.cookies,
    csrfToken: browser.csrfToken ?? '',
    fields,
    runs: 60,
  });
  expect(report.failures).toEqual([]);
  expect(report.statuses[422] ?? 0).toBeGreaterThan(10);
  const changed = changedTables(before, await snapshotTables(t.db));
  expect(changed.filter((name) => name !== 'needs')).toEqual([]);
});

it('answers hostile edits of a need without a 5xx, leaving other needs unchanged', async () => {
  const need = await makeNeed(t.db, { org: orgId });
  const bystander = await makeNeed(t.db, { org: orgId, title: 'Témoin' });
  const page = await browser.get(`/besoins/${need.id}/modifier`);
  const fields = formFields(page.body, `/besoins/${need.id}`);
  const before = await snapshotTables(t.db);
  const report = await fuzzPost({
    app: t.app,
    url: `/besoins/${need.id}`,
    cookies: browser.cookies,
    csrfToken: browser.csrfToken ?? '',
    fields,
    runs: 40,
  });
  expect(report.failures).toEqual([]);
  const changed = changedTables(before, await snapshotTables(t.db));
  expect(changed.filter((name) => name !== 'needs')).toEqual([]);
  const { needs } = await import('../../db/schema');
  const { eq } = await import('drizzle-orm');
  const [row] = await t.db.select().from(needs).where(eq(needs.id, bystander.id));
  expect(row).toMatchObject({ title: 'Témoin', version: 1 });
});
