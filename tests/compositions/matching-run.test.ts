/** Matching runs store proposals from published needs, keep them on re-runs, and withdraw stale ones. */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compositionEvents, compositionNeeds, compositions, needs } from '../../db/schema';
import { runMatching } from '../../server/compositions/matching-run';
import { createTestApp, type TestApp } from '../support/app';
import { makeMember, makeNeed, WEEK_A, WEEK_B } from '../support/factories';
import { mailsOfKind } from './helpers';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const live = (roleCode: string) =>
  t.db
    .select()
    .from(compositions)
    .where(and(eq(compositions.roleCode, roleCode), eq(compositions.status, 'proposed')));

describe('a matching run', () => {
  it('proposes two needs of two structures that add up to 35 h, mails both, and keeps it on a re-run', async () => {
    const a = await makeMember(t.db, { name: 'Atelier Alpha' });
    const b = await makeMember(t.db, { name: 'Bâtisseurs Beta' });
    const na = await makeNeed(t.db, { org: a.org, hours: 21, slots: WEEK_A, role: 'K2101' });
    const nb = await makeNeed(t.db, { org: b.org, hours: 14, slots: WEEK_B, role: 'K2101' });
    const first = await runMatching(t.db, { roleCode: 'K2101', publicUrl: 'http://mosaique.test' });
    expect(first).toMatchObject({ proposed: 1, kept: 0, withdrawn: 0 });

    const [c] = await live('K2101');
    expect(c).toMatchObject({ kind: 'full', hoursHundredths: 3500, missingHundredths: 0 });
    const lines = await t.db.select().from(compositionNeeds).where(eq(compositionNeeds.compositionId, c.id));
    expect(lines.map((l) => [l.needId, [...l.slots].sort()]).sort()).toEqual(
      [
        [na.id, [...WEEK_A].sort()],
        [nb.id, [...WEEK_B].sort()],
      ].sort(),
    );
    const mails = (await mailsOfKind(t.db, 'composition-proposed')).map((m) => m.to).sort();
    expect(mails).toEqual([a.owner.email, b.owner.email].sort());

    const second = await runMatching(t.db, { roleCode: 'K2101', publicUrl: 'http://mosaique.test' });
    expect(second).toMatchObject({ proposed: 0, withdrawn: 0 });
    expect(await live('K2101')).toHaveLength(1);
    expect(await mailsOfKind(t.db, 'composition-proposed')).toHaveLength(2);
  });

  it('withdraws a proposal whose need changed, tells its members, and proposes the group again as it is now', async () => {
    const a = await makeMember(t.db, { name: 'Atelier Gamma' });
    const b = await makeMember(t.db, { name: 'Régie Delta' });
    const na = await makeNeed(t.db, { org: a.org, hours: 21, slots: WEEK_A, role: 'K2102' });
    await makeNeed(t.db, { org: b.org, hours: 14, slots: WEEK_B, role: 'K2102' });
    await runMatching(t.db, { roleCode: 'K2102', publicUrl: 'http://mosaique.test' });
    const [before] = await live('K2102');

    await t.db
      .update(needs)
      .set({ description: 'Autre description', version: sql`${needs.version} + 1`, updatedAt: new Date() })
      .where(eq(needs.id, na.id));
    const run = await runMatching(t.db, { roleCode: 'K2102', publicUrl: 'http://mosaique.test' });
    expect(run).toMatchObject({ withdrawn: 1, proposed: 1 });

    const [old] = await t.db.select().from(compositions).where(eq(compositions.id, before.id));
    expect(old.status).toBe('withdrawn');
    const events = await t.db
      .select()
      .from(compositionEvents)
      .where(eq(compositionEvents.compositionId, before.id));
    expect(events.map((e) => e.kind)).toEqual(['proposed', 'withdrawn']);
    expect(events[1].detail).toContain('a été modifié');
    const withdrawnMails = (await mailsOfKind(t.db, 'composition-withdrawn')).filter((m) =>
      m.text.includes(`/compositions/${before.id}`),
    );
    expect(withdrawnMails.map((m) => m.to).sort()).toEqual([a.owner.email, b.owner.email].sort());
    const [now] = await live('K2102');
    expect(now.id).not.toBe(before.id);
  });

  it('withdraws a proposal whose need was withdrawn and proposes nothing in its place', async () => {
    const a = await makeMember(t.db, { name: 'Atelier Epsilon' });
    const b = await makeMember(t.db, { name: 'Régie Zeta' });
    await makeNeed(t.db, { org: a.org, hours: 21, slots: WEEK_A, role: 'K2103' });
    const nb = await makeNeed(t.db, { org: b.org, hours: 14, slots: WEEK_B, role: 'K2103' });
    await runMatching(t.db, { roleCode: 'K2103' });
    await t.db.update(needs).set({ status: 'withdrawn', updatedAt: new Date() }).where(eq(needs.id, nb.id));
    const run = await runMatching(t.db, { roleCode: 'K2103' });
    expect(run).toMatchObject({ withdrawn: 1, proposed: 0 });
    expect(await live('K2103')).toHaveLength(0);
  });

  it('stores a group below 35 h as a partial, with the missing hours and the free half-days', async () => {
    const a = await makeMember(t.db, { name: 'Atelier Eta' });
    const b = await makeMember(t.db, { name: 'Régie Theta' });
    await makeNeed(t.db, {
      org: a.org,
      hours: 14,
      slots: ['mon-am', 'mon-pm', 'tue-am', 'tue-pm'],
      role: 'K2104',
    });
    await makeNeed(t.db, {
      org: b.org,
      hours: 14,
      slots: ['thu-am', 'thu-pm', 'fri-am', 'fri-pm'],
      role: 'K2104',
    });
    const run = await runMatching(t.db, { roleCode: 'K2104' });
    expect(run).toMatchObject({ proposed: 0, partials: 1 });
    const [p] = await live('K2104');
    expect(p).toMatchObject({ kind: 'partial', hoursHundredths: 2800, missingHundredths: 700 });
    expect([...p.freeSlots].sort()).toEqual(['wed-am', 'wed-pm', 'sat-am', 'sat-pm'].sort());
    // Found again unchanged: kept, not duplicated.
    expect(await runMatching(t.db, { roleCode: 'K2104' })).toMatchObject({ partials: 0, kept: 1 });
    expect(await live('K2104')).toHaveLength(1);
  });

  it('leaves out needs of structures not yet validated', async () => {
    const a = await makeMember(t.db, { name: 'Atelier Iota' });
    const b = await makeMember(t.db, { name: 'Régie Kappa' });
    await t.db.execute(sql`update organizations set status = 'pending' where id = ${b.org.id}`);
    await makeNeed(t.db, { org: a.org, hours: 21, slots: WEEK_A, role: 'K2105' });
    await makeNeed(t.db, { org: b.org, hours: 14, slots: WEEK_B, role: 'K2105' });
    expect(await runMatching(t.db, { roleCode: 'K2105' })).toMatchObject({ proposed: 0, needs: 1 });
  });
});
