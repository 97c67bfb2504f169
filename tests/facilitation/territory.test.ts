/**
 * The facilitator's territory space: a facilitator of 90 and 25 sees their départements and nothing of
 * 13; another territory's facilitator, structures and visitors are refused; the counts follow the data.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  invitations,
  mailOutbox,
  memberships,
  needs,
  offers,
  organizations,
  territoryFiguresCache,
} from '../../db/schema';
import { createTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { makeNeed, makeOrganization, makePerson } from '../support/factories';
import { signedIn } from './helpers';

let t: TestApp;
let people: Record<'facilitator' | 'elsewhere' | 'owner' | 'admin', { id: number; email: string }>;
let orgs: Record<'belfort' | 'besancon' | 'marseille' | 'unclaimed', { id: number; name: string }>;

beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 100_000, windowMs: 60_000 } });
  const db = t.db;
  people = {
    facilitator: await makePerson(db, { territories: ['90', '25'] }),
    elsewhere: await makePerson(db, { territories: ['13'] }),
    owner: await makePerson(db),
    admin: await makePerson(db, { admin: true }),
  };
  const [unclaimed] = await db
    .insert(organizations)
    .values({
      name: 'Atelier non revendiqué',
      kind: 'ESS',
      communeCode: '90010',
      communeName: 'Belfort',
      departement: '90',
      lat: 47.6384,
      lon: 6.8638,
      status: 'pending',
      claimed: false,
    })
    .returning();
  orgs = {
    belfort: await makeOrganization(db, { owner: people.owner, name: 'Régie de Belfort', town: 'belfort' }),
    besancon: await makeOrganization(db, { name: 'Jardins de Besançon', town: 'besancon', validated: false }),
    marseille: await makeOrganization(db, { name: 'Chantier de Marseille', town: 'marseille' }),
    unclaimed,
  };
  await makeNeed(db, { org: orgs.belfort, title: 'Comptable Belfort' });
  await makeNeed(db, { org: orgs.belfort, title: 'Brouillon Belfort', status: 'draft', publishedAt: null });
  await makeNeed(db, {
    org: orgs.besancon,
    title: 'Encadrant Besançon',
    roleCode: 'K2112',
    roleLabel: 'Encadrement technique',
    communeCode: '25056',
    communeName: 'Besançon',
    departement: '25',
    status: 'in_composition',
  });
  await makeNeed(db, {
    org: orgs.marseille,
    title: 'Comptable Marseille',
    communeCode: '13055',
    communeName: 'Marseille',
    departement: '13',
  });
  await db.insert(offers).values([
    {
      organizationId: orgs.belfort.id,
      kind: 'pooling',
      title: 'Paie partagée',
      departements: ['90'],
      status: 'published',
    },
    {
      organizationId: orgs.marseille.id,
      kind: 'pooling',
      title: 'Paie à Marseille',
      departements: ['13'],
      status: 'published',
    },
  ]);
});
afterAll(async () => {
  await t?.close();
});

const figures = (body: string) =>
  [...body.matchAll(/<span class="figure">(\d+)<\/span>\s*([^<]+)/g)].map((m) => `${m[1]} ${m[2].trim()}`);

describe('GET /animation', () => {
  it('shows a facilitator the needs, offers and structures of their territories only', async () => {
    const browser = await signedIn(t.app, people.facilitator.email);
    const response = await browser.get('/animation');
    expect(response.statusCode).toBe(200);
    expect(figures(response.body)).toEqual(
      expect.arrayContaining(['2 besoins publiés', '1 offre de coopération', '0 compositions proposées']),
    );
    expect(response.body).toContain('Comptabilité (M1203)');
    expect(response.body).toContain('Encadrement technique (K2112)');
    expect(response.body).toContain('Régie de Belfort');
    expect(response.body).toContain('Jardins de Besançon');
    expect(response.body).toContain('Atelier non revendiqué');
    expect(response.body).toContain('Non revendiquée');
    expect(response.body).not.toContain('Chantier de Marseille');
  });

  it('filters by one of their départements', async () => {
    const browser = await signedIn(t.app, people.facilitator.email);
    const response = await browser.get('/animation?departement=25');
    expect(response.statusCode).toBe(200);
    expect(figures(response.body)).toContain('1 besoin publié');
    expect(response.body).toContain('Jardins de Besançon');
    expect(response.body).not.toContain('Régie de Belfort');
  });

  it('refuses a département that is not theirs, and a malformed one', async () => {
    const browser = await signedIn(t.app, people.facilitator.email);
    expect((await browser.get('/animation?departement=13')).statusCode).toBe(403);
    expect((await browser.get('/animation/besoins?departement=13')).statusCode).toBe(403);
    expect((await browser.get('/animation/structures?departement=13')).statusCode).toBe(403);
    expect((await browser.get('/animation?departement=xyz')).statusCode).toBe(404);
  });

  it('shows another territory’s facilitator their own territory, never 90', async () => {
    const browser = await signedIn(t.app, people.elsewhere.email);
    const response = await browser.get('/animation');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Chantier de Marseille');
    expect(response.body).not.toContain('Régie de Belfort');
    expect(figures(response.body)).toContain('1 besoin publié');
    expect((await browser.get('/animation?departement=90')).statusCode).toBe(403);
  });

  it('lets an admin see every département or pick one', async () => {
    const browser = await signedIn(t.app, people.admin.email);
    const all = await browser.get('/animation');
    expect(figures(all.body)).toContain('3 besoins publiés');
    const marseille = await browser.get('/animation?departement=13');
    expect(marseille.statusCode).toBe(200);
    expect(marseille.body).toContain('Chantier de Marseille');
    expect(marseille.body).not.toContain('Régie de Belfort');
  });

  it('refuses structures’ members and sends visitors to sign in', async () => {
    const owner = await signedIn(t.app, people.owner.email);
    expect((await owner.get('/animation')).statusCode).toBe(403);
    expect((await owner.get('/animation/import')).statusCode).toBe(403);
    const visitor = new Browser(t.app);
    const response = await visitor.get('/animation');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toContain('/connexion');
  });
});

describe('GET /animation/besoins and /animation/structures', () => {
  it('shows a facilitator the drafts they imported, marked, and no one else’s drafts', async () => {
    await makeNeed(t.db, {
      org: orgs.unclaimed,
      title: 'Brouillon importé par moi',
      status: 'draft',
      publishedAt: null,
      createdBy: people.facilitator.id,
    });
    await makeNeed(t.db, {
      org: orgs.unclaimed,
      title: 'Brouillon importé par un autre',
      status: 'draft',
      publishedAt: null,
      createdBy: people.admin.id,
    });
    const mine = await (await signedIn(t.app, people.facilitator.email)).get('/animation/besoins');
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toMatch(/Brouillon importé par moi<br>[\s\S]*?<span class="badge">Brouillon<\/span>/);
    expect(mine.body).not.toContain('Brouillon importé par un autre');
    expect(mine.body).not.toContain('Brouillon Belfort');
    // The admin sees their own import, not the facilitator's.
    const admin = await (await signedIn(t.app, people.admin.email)).get('/animation/besoins?departement=90');
    expect(admin.body).toContain('Brouillon importé par un autre');
    expect(admin.body).not.toContain('Brouillon importé par moi');
  });

  it('lists published and in-composition needs of the territory, never others’ drafts', async () => {
    const browser = await signedIn(t.app, people.facilitator.email);
    const response = await browser.get('/animation/besoins');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Comptable Belfort');
    expect(response.body).toContain('Encadrant Besançon');
    expect(response.body).toContain('En composition');
    expect(response.body).not.toContain('Brouillon Belfort');
    expect(response.body).not.toContain('Comptable Marseille');
  });

  it('lists structures by state', async () => {
    const browser = await signedIn(t.app, people.facilitator.email);
    const unclaimed = await browser.get('/animation/structures?etat=unclaimed');
    expect(unclaimed.statusCode).toBe(200);
    expect(unclaimed.body).toContain('Atelier non revendiqué');
    expect(unclaimed.body).not.toContain('Régie de Belfort');
    expect(unclaimed.body).toContain(`/animation/structures/${orgs.unclaimed.id}/inviter`);
    const pending = await browser.get('/animation/structures?etat=pending');
    expect(pending.body).toContain('Jardins de Besançon');
    expect(pending.body).not.toContain('Atelier non revendiqué');
    expect((await browser.get('/animation/structures?etat=nimporte')).statusCode).toBe(400);
  });
});

describe('POST /animation/structures/:id/inviter', () => {
  const ownerInvitations = (organizationId: number) =>
    t.db
      .select()
      .from(invitations)
      .where(and(eq(invitations.organizationId, organizationId), eq(invitations.role, 'owner')));

  it('invites an email as owner of an unclaimed structure, once', async () => {
    const browser = await signedIn(t.app, people.facilitator.email);
    await browser.get('/animation/structures');
    const response = await browser.post(`/animation/structures/${orgs.unclaimed.id}/inviter`, {
      email: 'Directrice@Atelier.example',
    });
    expect(response.statusCode).toBe(303);
    const rows = await ownerInvitations(orgs.unclaimed.id);
    expect(rows.map((r) => r.email)).toEqual(['directrice@atelier.example']);
    const mails = await t.db.select().from(mailOutbox).where(eq(mailOutbox.to, 'directrice@atelier.example'));
    expect(mails).toHaveLength(1);
    expect(mails[0].text).toContain('/invitations/');
    const again = await browser.post(`/animation/structures/${orgs.unclaimed.id}/inviter`, {
      email: 'directrice@atelier.example',
    });
    expect(again.statusCode).toBe(303);
    expect(await ownerInvitations(orgs.unclaimed.id)).toHaveLength(1);
  });

  it('accepting the invitation makes the person owner: the structure is no longer unclaimed', async () => {
    const claimant = await makePerson(t.db, { email: 'claimant@atelier.example' });
    const [structure] = await t.db
      .insert(organizations)
      .values({
        name: 'Second atelier',
        kind: 'ESS',
        communeCode: '90010',
        communeName: 'Belfort',
        departement: '90',
        lat: 47.6,
        lon: 6.8,
        status: 'pending',
        claimed: false,
      })
      .returning();
    const browser = await signedIn(t.app, people.facilitator.email);
    await browser.get('/animation/structures');
    await browser.post(`/animation/structures/${structure.id}/inviter`, { email: claimant.email });
    const [mail] = await t.db.select().from(mailOutbox).where(eq(mailOutbox.to, claimant.email));
    const token = /\/invitations\/([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
    const claimantBrowser = await signedIn(t.app, claimant.email);
    const page = await claimantBrowser.get(`/invitations/${token}`);
    expect(page.statusCode).toBe(200);
    const action = /action="(\/invitations\/[^"]+)"/.exec(page.body)?.[1];
    expect(action).toBeDefined();
    await claimantBrowser.post(action as string);
    const [membership] = await t.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.organizationId, structure.id), eq(memberships.personId, claimant.id)));
    expect(membership?.role).toBe('owner');
    const [claimedNow] = await t.db.select().from(organizations).where(eq(organizations.id, structure.id));
    expect(claimedNow.claimed).toBe(true);
    const list = await browser.get('/animation/structures?etat=unclaimed');
    expect(list.body).toContain(`id="structure-${orgs.unclaimed.id}"`);
    expect(list.body).not.toContain(`id="structure-${structure.id}"`);
  });

  it('keeps the input and answers 422 for a bad email', async () => {
    const browser = await signedIn(t.app, people.facilitator.email);
    await browser.get('/animation/structures');
    const response = await browser.post(`/animation/structures/${orgs.unclaimed.id}/inviter`, {
      email: 'pas-une-adresse',
    });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('adresse invalide');
    expect(response.body).toContain('value="pas-une-adresse"');
  });

  it('refuses another territory’s facilitator and does not invite for a claimed structure', async () => {
    const elsewhere = await signedIn(t.app, people.elsewhere.email);
    await elsewhere.get('/animation');
    const denied = await elsewhere.post(`/animation/structures/${orgs.unclaimed.id}/inviter`, {
      email: 'intrus@exemple.invalid',
    });
    expect(denied.statusCode).toBe(403);
    const browser = await signedIn(t.app, people.facilitator.email);
    await browser.get('/animation');
    const claimed = await browser.post(`/animation/structures/${orgs.belfort.id}/inviter`, {
      email: 'autre@exemple.invalid',
    });
    expect(claimed.statusCode).toBe(303);
    expect(await ownerInvitations(orgs.belfort.id)).toHaveLength(0);
    const missing = await browser.post('/animation/structures/99999999/inviter', { email: 'a@b.fr' });
    expect(missing.statusCode).toBe(404);
  });
});

describe('GET /animation figures cache', () => {
  it('may show figures up to a minute old, says so, and recomputes them after that minute', async () => {
    const browser = await signedIn(t.app, people.elsewhere.email);
    const before = await browser.get('/animation');
    expect(figures(before.body)).toContain('1 besoin publié');
    expect(before.body).toContain('jusqu’à une minute de retard');
    const added = await makeNeed(t.db, {
      org: orgs.marseille,
      title: 'Second besoin Marseille',
      town: 'marseille',
    });
    // Within the minute: the cached figures (every instance reads the same row), the list is live.
    expect(figures((await browser.get('/animation')).body)).toContain('1 besoin publié');
    await t.db.update(territoryFiguresCache).set({ computedAt: sql`now() - interval '61 seconds'` });
    expect(figures((await browser.get('/animation')).body)).toContain('2 besoins publiés');
    await t.db.delete(needs).where(eq(needs.id, added.id));
    await t.db.delete(territoryFiguresCache);
  });

  it('shows the first 50 structures of a large territory with the total, counted in SQL', async () => {
    for (let i = 0; i < 52; i++) await makeOrganization(t.db, { name: `Structure ${i}`, town: 'marseille' });
    const browser = await signedIn(t.app, people.elsewhere.email);
    const response = await browser.get('/animation');
    expect(response.body.match(/<tr id="structure-/g)?.length).toBe(50);
    expect(response.body).toMatch(/<span class="figure">53<\/span> structures/);
    expect(response.body).toContain('Voir les 53 structures');
  });
});
