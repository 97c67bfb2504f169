import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { facilitatorTerritories, geMemberships, memberships, organizations, people } from '../../db/schema';
import { DEMO_ACCOUNTS, DEMO_GROUPS, DEMO_PASSWORD, isDatabaseEmpty, loadDemo } from '../../scripts/demo';
import { isValidSiret } from '../../server/vocabulary/siret';
import { createTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 1000, windowMs: 60_000 } });
  expect(await isDatabaseEmpty(t.db)).toBe(true);
  // How long it takes is the startup benchmark's "demo loading" column, not a test's business.
  await loadDemo(t.db, { publicUrl: t.config.publicUrl });
}, 60_000);
afterAll(() => t.close());

describe('demo data', () => {
  it('fills the database', async () => {
    expect(await isDatabaseEmpty(t.db)).toBe(false);
    const count = await t.db.$count(organizations);
    expect(count).toBeGreaterThanOrEqual(60);
    expect(count).toBeLessThanOrEqual(80);
  });

  it('lets the three documented accounts sign in, with their rights', async () => {
    for (const account of DEMO_ACCOUNTS) {
      const browser = new Browser(t.app);
      await browser.signIn(account.email, DEMO_PASSWORD);
      const dashboard = await browser.get('/tableau-de-bord');
      expect(dashboard.statusCode).toBe(200);
    }
    const [structure] = await t.db.select().from(people).where(eq(people.email, 'structure@demo.invalid'));
    const owned = await t.db
      .select({ departement: organizations.departement, kind: organizations.kind, role: memberships.role })
      .from(memberships)
      .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
      .where(eq(memberships.personId, structure.id));
    expect(owned).toContainEqual({ departement: '90', kind: 'ACI', role: 'owner' });

    const [animation] = await t.db.select().from(people).where(eq(people.email, 'animation@demo.invalid'));
    const territories = await t.db
      .select()
      .from(facilitatorTerritories)
      .where(eq(facilitatorTerritories.personId, animation.id));
    expect(territories.map((r) => r.departement).sort()).toEqual(['25', '90']);

    const [admin] = await t.db.select().from(people).where(eq(people.email, 'admin@demo.invalid'));
    expect(admin.isAdmin).toBe(true);
  });

  it('tells the stories: Belfort SIAE in a GES, an Orléans GE of 26, Provence ESS, Île-de-France SIAE', async () => {
    const all = await t.db.select().from(organizations);
    const byName = new Map(all.map((o) => [o.name, o]));
    const belfortGes = byName.get('GES Solidarités du Lion');
    const orleansGe = byName.get('GE Loire Emplois Partagés');
    expect(belfortGes?.kind).toBe('GE');
    const gesMembers = await t.db
      .select()
      .from(geMemberships)
      .where(eq(geMemberships.geId, belfortGes?.id ?? 0));
    const belfortKinds = all
      .filter((o) => gesMembers.some((m) => m.organizationId === o.id))
      .map((o) => o.kind);
    expect(belfortKinds.sort()).toEqual(['ACI', 'AI', 'EI', 'RQ']);
    expect(await t.db.$count(geMemberships, eq(geMemberships.geId, orleansGe?.id ?? 0))).toBe(26);
    expect(DEMO_GROUPS.orleansMembers).toHaveLength(26);
    expect(all.filter((o) => o.departement === '13').length).toBeGreaterThanOrEqual(8);
    expect(all.filter((o) => ['75', '92', '93', '94'].includes(o.departement)).length).toBeGreaterThanOrEqual(
      8,
    );
    expect(all.filter((o) => o.status === 'pending').length).toBeGreaterThanOrEqual(3);
  });

  it('gives every organization a valid unique SIRET, real coordinates and an owner', async () => {
    const all = await t.db.select().from(organizations);
    expect(new Set(all.map((o) => o.siret)).size).toBe(all.length);
    for (const o of all) {
      expect(isValidSiret(o.siret ?? ''), o.name).toBe(true);
      expect(o.lat).toBeGreaterThan(41);
      expect(o.lat).toBeLessThan(51.5);
    }
    const owners = await t.db.select().from(memberships).where(eq(memberships.role, 'owner'));
    expect(new Set(owners.map((m) => m.organizationId)).size).toBe(all.length);
    const emails = await t.db.select({ email: people.email, phone: people.phone }).from(people);
    expect(emails.length).toBeGreaterThan(10);
    expect(emails.filter((p) => !p.email.endsWith('@demo.invalid'))).toEqual([]);
    // Fictional numbers only (0X 00 00 …), and some to check.
    const phones = emails.flatMap((p) => (p.phone ? [p.phone] : []));
    expect(phones.length).toBeGreaterThan(0);
    expect(phones.filter((phone) => !/^0\d 00 00 \d\d \d\d$/.test(phone))).toEqual([]);
  });

  it('is deterministic: a second load into another empty database gives the same organizations', async () => {
    const other = await createTestApp();
    try {
      await loadDemo(other.db, { publicUrl: other.config.publicUrl });
      const a = await t.db
        .select({ name: organizations.name, siret: organizations.siret })
        .from(organizations)
        .orderBy(organizations.id);
      const b = await other.db
        .select({ name: organizations.name, siret: organizations.siret })
        .from(organizations)
        .orderBy(organizations.id);
      expect(b).toEqual(a);
      const pa = await t.db.select({ email: people.email }).from(people).orderBy(people.id);
      const pb = await other.db.select({ email: people.email }).from(people).orderBy(people.id);
      expect(pb).toEqual(pa);
    } finally {
      await other.close();
    }
  }, 60_000);

  it('shows the waiting invitation and the pending count on the dashboards', async () => {
    const structure = new Browser(t.app);
    await structure.signIn('structure@demo.invalid', DEMO_PASSWORD);
    const dashboard = await structure.get('/tableau-de-bord');
    expect(dashboard.body).toContain('Invitations reçues');
    expect(dashboard.body).toContain('Atelier Lion Vert');
    const admin = new Browser(t.app);
    await admin.signIn('admin@demo.invalid', DEMO_PASSWORD);
    expect((await admin.get('/tableau-de-bord')).body).toMatch(/\d+ structures attendent votre validation/);
  });
});
