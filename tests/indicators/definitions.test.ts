/**
 * The indicators' definitions checked on a crafted month (May 2026, Territoire de Belfort): 8
 * structures invited to a session held in the month, three needs published in the month (14 h, 21 h,
 * 7 h), and two compositions accepted in the month: one of two of those needs (35 h), one of two needs
 * published in March (35 h). Expected: 8 structures participating, 70 h composed (2 ETP), and a
 * conversion of 35 ÷ 42 = 83,3 % (the month's acceptances of older needs no longer make it 167 %).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compositionNeeds,
  compositions,
  matchmakingSessionOrganizations,
  matchmakingSessions,
} from '../../db/schema';
import { computeIndicators, conversionRate } from '../../server/indicators/service';
import { signedIn } from '../facilitation/helpers';
import { createTestApp, type TestApp } from '../support/app';
import { makeNeed, makeOrganization, makePerson } from '../support/factories';

let t: TestApp;
let facilitator: { email: string };
const MAY = { from: '2026-05-01', to: '2026-05-31' };

async function accepted(needList: { id: number; organizationId: number; allowedSlots: string[] }[]) {
  const [c] = await t.db
    .insert(compositions)
    .values({
      roleCode: 'M1203',
      roleLabel: 'Comptabilité',
      kind: 'full',
      status: 'accepted',
      signature: needList.map((n) => `${n.id}:1`).join(','),
      hoursHundredths: 3500,
      maxDistanceKm: 5,
      decidedAt: new Date('2026-05-20T10:00:00Z'),
    })
    .returning();
  await t.db.insert(compositionNeeds).values(
    needList.map((n) => ({
      compositionId: c.id,
      needId: n.id,
      organizationId: n.organizationId,
      needVersion: 1,
      slots: n.allowedSlots,
      accepted: true,
    })),
  );
}

beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 100_000, windowMs: 60_000 } });
  facilitator = await makePerson(t.db, { territories: ['90'] });
  const orgs = [];
  for (let i = 1; i <= 8; i++) orgs.push(await makeOrganization(t.db, { name: `Structure ${i}` }));
  const may = (day: number) => new Date(`2026-05-${String(day).padStart(2, '0')}T10:00:00Z`);
  const n1 = await makeNeed(t.db, { org: orgs[0], hoursHundredths: 1400, publishedAt: may(4) });
  const n2 = await makeNeed(t.db, { org: orgs[1], hoursHundredths: 2100, publishedAt: may(5) });
  await makeNeed(t.db, { org: orgs[2], hoursHundredths: 700, publishedAt: may(6) });
  const old1 = await makeNeed(t.db, {
    org: orgs[3],
    hoursHundredths: 2100,
    publishedAt: new Date('2026-03-02'),
  });
  const old2 = await makeNeed(t.db, {
    org: orgs[4],
    hoursHundredths: 1400,
    publishedAt: new Date('2026-03-03'),
  });
  await accepted([n1, n2]);
  await accepted([old1, old2]);
  const [session] = await t.db
    .insert(matchmakingSessions)
    .values({
      kind: 'rencontre_affaires',
      title: 'Rencontre de mai',
      startsAt: may(12),
      endsAt: new Date(may(12).getTime() + 3 * 3_600_000),
      communeCode: '90010',
      communeName: 'Belfort',
      departements: ['90'],
      status: 'held',
      heldAt: may(12),
    })
    .returning();
  await t.db
    .insert(matchmakingSessionOrganizations)
    .values(orgs.map((o) => ({ sessionId: session.id, organizationId: o.id })));
});
afterAll(async () => {
  await t?.close();
});

describe('indicators on a crafted month', () => {
  it('gives the figures their definitions say', async () => {
    const { totals, months } = await computeIndicators(t.db, ['90'], MAY);
    expect(months).toHaveLength(1);
    expect(totals).toMatchObject({
      structures: 8,
      needsPublished: 3,
      needsHours: 4200,
      composedHours: 7000,
      publishedComposedHours: 3500,
      compositionsAccepted: 2,
      sessionsHeld: 1,
    });
    const rate = conversionRate(totals);
    expect(rate).toBeCloseTo(3500 / 4200, 10);
    expect(rate).toBeGreaterThanOrEqual(0);
    expect(rate).toBeLessThanOrEqual(1);
  });

  it('shows every rate within 0–100 % and each indicator with its one-sentence definition', async () => {
    const browser = await signedIn(t.app, facilitator.email);
    const page = await browser.get(`/animation/indicateurs?du=${MAY.from}&au=${MAY.to}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/id="indicateur-conversion"><span class="figure">83,3 %<\/span>/);
    expect(page.body).toMatch(/id="indicateur-structures"><span class="figure">8<\/span>/);
    expect(page.body).toMatch(/id="indicateur-composedEtp"><span class="figure">2 ETP<\/span>/);
    const percents = [...page.body.matchAll(/([\d\s ,]+) %/g)].map((m) =>
      Number(m[1].replace(/[\s  ]/g, '').replace(',', '.')),
    );
    expect(percents.length).toBeGreaterThan(0);
    for (const p of percents) expect(p).toBeLessThanOrEqual(100);
    const definitions = [...page.body.matchAll(/class="meta indicator-definition">([^<]+)</g)].map(
      (m) => m[1],
    );
    // One under each figure of the period, one under each chart.
    expect(definitions.length).toBeGreaterThanOrEqual(11);
    expect(page.body).toContain('ou ont été invitées à une rencontre (non annulée) ayant lieu dans le mois');
  });
});
