/** The demo's posts part on the demo's compositions: open posts on /postes, one filled. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sharedPosts } from '../../db/schema';
import { loadAccounts } from '../../scripts/demo/accounts';
import { loadCompositions } from '../../scripts/demo/compositions';
import type { DemoContext } from '../../scripts/demo/context';
import { loadDemoNeeds } from '../../scripts/demo/needs';
import { loadOrganizations } from '../../scripts/demo/organizations';
import { loadPosts } from '../../scripts/demo/posts';
import { createRng } from '../../scripts/demo/random';
import { createTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

it('opens a few posts, one filled, on the demo compositions', async () => {
  // The parts in the order of scripts/demo/index.ts PARTS once the lead adds needs, compositions and posts.
  await t.db.transaction(async (tx) => {
    const ctx: DemoContext = {
      tx,
      rng: createRng(20_270_104),
      passwordHash: 'not-a-real-hash',
      publicUrl: t.config.publicUrl,
      accounts: { structure: 0, animation: 0, admin: 0 },
      organizations: new Map(),
      emails: new Set(),
      phoneCounter: { next: 1 },
    };
    for (const part of [loadAccounts, loadOrganizations, loadDemoNeeds, loadCompositions, loadPosts])
      await part(ctx);
  });
  const posts = await t.db.select().from(sharedPosts);
  expect(posts.length).toBeGreaterThanOrEqual(2);
  expect(posts.filter((p) => p.status === 'filled')).toHaveLength(1);
  await t.app.searchIndexer.drain();
  const list = await t.app.inject({ method: 'GET', url: '/postes', headers: { accept: 'application/json' } });
  expect(JSON.parse(list.body).total).toBe(posts.length - 1);
});
