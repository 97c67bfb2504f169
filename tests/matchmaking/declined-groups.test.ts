/**
 * A declined composition's exact group (the same needs, none changed since) is never proposed again:
 * neither by a session's "Lancer la mise en relation" nor by the background matching; once one of its
 * needs changes (its version moves on), the group may come back.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compositions, needs } from '../../db/schema';
import { runMatching } from '../../server/compositions/matching-run';
import { inviteOrganization } from '../../server/matchmaking/participants';
import { runSessionMatching } from '../../server/matchmaking/run';
import { createTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import {
  makeMatchmakingSession,
  makeMember,
  makeNeed,
  TEST_PASSWORD,
  WEEK_A,
  WEEK_B,
} from '../support/factories';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 10_000, windowMs: 60_000 } });
});
afterAll(async () => {
  await t?.close();
});

/** Two structures whose needs make 35 h, proposed by the background matching, then declined by one. */
async function declinedPair(role: string) {
  const a = await makeMember(t.db, { name: `Atelier ${role}` });
  const b = await makeMember(t.db, { name: `Régie ${role}` });
  const na = await makeNeed(t.db, { org: a.org, hours: 21, slots: WEEK_A, role });
  const nb = await makeNeed(t.db, { org: b.org, hours: 14, slots: WEEK_B, role });
  expect(await runMatching(t.db, { roleCode: role })).toMatchObject({ proposed: 1 });
  const [c] = await t.db.select().from(compositions).where(eq(compositions.roleCode, role));
  const bob = new Browser(t.app);
  await bob.signIn(b.owner.email, TEST_PASSWORD);
  const declined = await bob.post(`/compositions/${c.id}/refuser`, {
    version: String(c.version),
    confirm: 'oui',
  });
  expect(declined.statusCode).toBe(303);
  return { a, b, na, nb };
}

/** A need edited after the decline: its version moves on, as the need form does. */
const touch = (needId: number) =>
  t.db
    .update(needs)
    .set({ version: sql`${needs.version} + 1`, updatedAt: new Date() })
    .where(eq(needs.id, needId));

const proposed = (role: string) =>
  t.db
    .select()
    .from(compositions)
    .where(and(eq(compositions.roleCode, role), eq(compositions.status, 'proposed')));

describe('a declined group', () => {
  it('is not proposed again by the background matching until one of its needs changes', async () => {
    const { na } = await declinedPair('K3101');
    expect(await runMatching(t.db, { roleCode: 'K3101' })).toMatchObject({ proposed: 0 });
    expect(await proposed('K3101')).toHaveLength(0);
    await touch(na.id);
    expect(await runMatching(t.db, { roleCode: 'K3101' })).toMatchObject({ proposed: 1 });
    expect(await proposed('K3101')).toHaveLength(1);
  });

  it('is not shown again by a session’s "Lancer la mise en relation" until one of its needs changes', async () => {
    const { a, b, na, nb } = await declinedPair('K3102');
    const session = await makeMatchmakingSession(t.db);
    await inviteOrganization(t.db, session.id, a.org.id);
    await inviteOrganization(t.db, session.id, b.org.id);
    const first = await runSessionMatching(t.db, session.id, {});
    expect(first.needCount).toBe(2);
    expect(first.groups).toEqual([]);
    await touch(nb.id);
    const second = await runSessionMatching(t.db, session.id, {});
    expect(second.groups.map((g) => g.members.map((m) => m.needId).sort((x, y) => x - y))).toEqual([
      [na.id, nb.id].sort((x, y) => x - y),
    ]);
  });
});
