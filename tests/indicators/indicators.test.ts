/**
 * The indicators page and its CSV as a facilitator reads them: a quarter of activity on their territory
 * (needs published, a composition accepted, a post opened and filled, a session held with a "GE à
 * créer" outcome) and some that must not count (another département, a draft, before the period, a
 * cancelled session), months in Paris time, one département at a time, bad dates, another territory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compositionNeeds,
  compositions,
  matchmakingOutcomes,
  matchmakingSessionOrganizations,
  matchmakingSessions,
  sharedPosts,
} from '../../db/schema';
import { computeIndicators } from '../../server/indicators/service';
import { signedIn } from '../facilitation/helpers';
import { createTestApp, type TestApp } from '../support/app';
import { makeNeed, makeOrganization, makePerson } from '../support/factories';

let t: TestApp;
let facilitator: { id: number; email: string };
let elsewhere: { id: number; email: string };

const QUARTER = 'du=2026-01-01&au=2026-03-31';

async function session(departements: string[], status: 'held' | 'cancelled', at: string, invited: number[]) {
  const [row] = await t.db
    .insert(matchmakingSessions)
    .values({
      kind: 'club_rh',
      title: 'Club RH',
      startsAt: new Date(at),
      endsAt: new Date(new Date(at).getTime() + 3 * 3_600_000),
      communeCode: '90010',
      communeName: 'Belfort',
      departements,
      status,
      heldAt: status === 'held' ? new Date(at) : null,
      cancelledAt: status === 'cancelled' ? new Date(at) : null,
    })
    .returning();
  await t.db
    .insert(matchmakingSessionOrganizations)
    .values(invited.map((organizationId) => ({ sessionId: row.id, organizationId })));
  return row;
}

beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 100_000, windowMs: 60_000 } });
  facilitator = await makePerson(t.db, { territories: ['90', '25'] });
  elsewhere = await makePerson(t.db, { territories: ['13'] });
  const a = await makeOrganization(t.db, { name: 'Atelier A', town: 'belfort' });
  const b = await makeOrganization(t.db, { name: 'Brasserie B', town: 'besancon' });
  const c = await makeOrganization(t.db, { name: 'Chantier C', town: 'belfort' });
  const d = await makeOrganization(t.db, { name: 'Ferme D', town: 'belfort' });
  const m = await makeOrganization(t.db, { name: 'Marseille M', town: 'marseille' });
  const besancon = {
    communeCode: '25056',
    communeName: 'Besançon',
    departement: '25',
    lat: 47.2488,
    lon: 6.0182,
  };
  const a1 = await makeNeed(t.db, {
    org: a,
    hoursHundredths: 2100,
    publishedAt: new Date('2026-01-15T10:00:00Z'),
  });
  const b1 = await makeNeed(t.db, {
    org: b,
    ...besancon,
    hoursHundredths: 1400,
    publishedAt: new Date('2026-02-10T10:00:00Z'),
  });
  // 1 March at 00:30 in Paris is still February in UTC: it counts in March.
  await makeNeed(t.db, { org: a, hoursHundredths: 700, publishedAt: new Date('2026-02-28T23:30:00Z') });
  // Not counted: before the period (31 December 23:30 in Paris), a draft, another département.
  await makeNeed(t.db, { org: a, publishedAt: new Date('2025-12-31T22:30:00Z') });
  await makeNeed(t.db, { org: d, status: 'draft', publishedAt: null });
  await makeNeed(t.db, {
    org: m,
    communeCode: '13055',
    communeName: 'Marseille',
    departement: '13',
    publishedAt: new Date('2026-01-20T10:00:00Z'),
  });

  const [composition] = await t.db
    .insert(compositions)
    .values({
      roleCode: 'M1203',
      roleLabel: 'Comptabilité',
      kind: 'full',
      status: 'filled',
      signature: `${a1.id}:1,${b1.id}:1`,
      hoursHundredths: 3500,
      maxDistanceKm: 80,
      decidedAt: new Date('2026-02-20T10:00:00Z'),
    })
    .returning();
  await t.db.insert(compositionNeeds).values(
    [a1, b1].map((need) => ({
      compositionId: composition.id,
      needId: need.id,
      organizationId: need.organizationId,
      needVersion: 1,
      slots: need.allowedSlots,
      accepted: true,
    })),
  );
  await t.db.insert(sharedPosts).values({
    compositionId: composition.id,
    title: 'Comptable en CDI partagé',
    roleCode: 'M1203',
    roleLabel: 'Comptabilité',
    description: 'Poste partagé.',
    startDate: '2026-04-01',
    communeNames: ['Belfort', 'Besançon'],
    communeCodes: ['90010', '25056'],
    departements: ['90', '25'],
    lat: 47.6384,
    lon: 6.8638,
    status: 'filled',
    createdAt: new Date('2026-03-05T10:00:00Z'),
    filledAt: new Date('2026-03-20T10:00:00Z'),
  });
  const held = await session(['90'], 'held', '2026-03-10T13:00:00Z', [b.id, c.id]);
  await t.db
    .insert(matchmakingOutcomes)
    .values({ sessionId: held.id, kind: 'ge_to_create', createdAt: new Date('2026-03-10T16:00:00Z') });
  await session(['90'], 'cancelled', '2026-03-12T13:00:00Z', [d.id]);
});
afterAll(async () => {
  await t?.close();
});

describe('computeIndicators', () => {
  it('counts the quarter by month in Paris time, each structure once over the period', async () => {
    const result = await computeIndicators(t.db, ['90', '25'], { from: '2026-01-01', to: '2026-03-31' });
    expect(result.months.map((m) => m.month)).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(result.totals).toEqual({
      structures: 3,
      needsPublished: 3,
      needsHours: 4200,
      composedHours: 3500,
      publishedComposedHours: 3500,
      compositionsAccepted: 1,
      postsOpened: 1,
      postsFilled: 1,
      sessionsHeld: 1,
      geToCreate: 1,
    });
    const [january, february, march] = result.months.map((m) => m.values);
    expect(january).toMatchObject({ structures: 1, needsPublished: 1, needsHours: 2100, composedHours: 0 });
    expect(february).toMatchObject({ structures: 1, needsPublished: 1, composedHours: 3500 });
    // A (need of 1 March, Paris), B and C (invited to the session held); D's session was cancelled.
    expect(march).toMatchObject({
      structures: 3,
      needsPublished: 1,
      needsHours: 700,
      postsOpened: 1,
      postsFilled: 1,
      sessionsHeld: 1,
      geToCreate: 1,
    });
  });

  it('keeps to one département: its needs’ hours in the composition, not the others’', async () => {
    const result = await computeIndicators(t.db, ['25'], { from: '2026-01-01', to: '2026-03-31' });
    expect(result.totals).toMatchObject({
      needsPublished: 1,
      needsHours: 1400,
      composedHours: 1400,
      postsOpened: 1,
      sessionsHeld: 0,
      geToCreate: 0,
    });
  });
});

describe('GET /animation/indicateurs', () => {
  it('shows the figures, an accessible chart per indicator and the table by month', async () => {
    const browser = await signedIn(t.app, facilitator.email);
    const response = await browser.get(`/animation/indicateurs?${QUARTER}`);
    expect(response.statusCode).toBe(200);
    const body = response.body;
    expect(body).toMatch(/id="indicateur-needsPublished"><span class="figure">3<\/span>/);
    expect(body).toMatch(/id="indicateur-composedHours"><span class="figure">35 h<\/span>/);
    expect(body).toMatch(/id="indicateur-composedEtp"><span class="figure">1 ETP<\/span>/);
    expect(body).toMatch(/id="indicateur-conversion"><span class="figure">83,3 %<\/span>/);
    expect(body).toMatch(/id="indicateur-sessionsHeld"><span class="figure">1<\/span>/);
    expect(body).toMatch(/id="indicateur-geToCreate"><span class="figure">1<\/span>/);
    expect(body).toContain(
      '<svg role="img" aria-labelledby="graphique-needsPublished-titre graphique-needsPublished-desc"',
    );
    expect(body).toContain('janvier 2026 : 1 ; février 2026 : 1 ; mars 2026 : 1.');
    expect(body).toContain('<caption id="indicateurs-par-mois-titre">Indicateurs mois par mois</caption>');
    expect(body).toMatch(/<th scope="row">mars 2026<\/th><td>3<\/td>/);
    expect(body).toContain(`/animation/indicateurs.csv?du=2026-01-01&amp;au=2026-03-31`);
  });

  it('defaults to the last 12 months', async () => {
    const browser = await signedIn(t.app, facilitator.email);
    const response = await browser.get('/animation/indicateurs');
    expect(response.statusCode).toBe(200);
    const du = /id="du" name="du" type="date" value="(\d{4}-\d{2}-\d{2})"/.exec(response.body)?.[1];
    const au = /id="au" name="au" type="date" value="(\d{4}-\d{2}-\d{2})"/.exec(response.body)?.[1];
    expect(du).toMatch(/-01$/);
    const [dy, dm] = (du ?? '').split('-').map(Number);
    const [ay, am] = (au ?? '').split('-').map(Number);
    expect(ay * 12 + am - (dy * 12 + dm)).toBe(11);
    expect(response.body.match(/<tr><th scope="row">/g)).toHaveLength(12);
  });

  it('answers bad dates with French messages beside the fields, 422, and keeps the input', async () => {
    const browser = await signedIn(t.app, facilitator.email);
    const bad = await browser.get('/animation/indicateurs?du=2026-02-30&au=hier');
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Début de la période : cette date n’existe pas.');
    expect(bad.body).toContain('Fin de la période : indiquez une date au format jj/mm/aaaa.');
    expect(bad.body).toContain('value="hier"');
    expect(bad.body).toMatch(/id="du"[^>]*aria-invalid="true"/);
    const reversed = await browser.get('/animation/indicateurs?du=2026-03-01&au=2026-01-01');
    expect(reversed.statusCode).toBe(422);
    expect(reversed.body).toContain('elle doit venir après le début');
    const tooLong = await browser.get('/animation/indicateurs?du=2010-01-01&au=2026-01-01');
    expect(tooLong.statusCode).toBe(422);
    expect((await browser.get('/animation/indicateurs?du=2026-01-01&du=2026-02-01')).statusCode).toBe(400);
    expect((await browser.get('/animation/indicateurs.csv?du=nope')).statusCode).toBe(422);
  });

  it('refuses another territory, and shows a facilitator only their own', async () => {
    const other = await signedIn(t.app, elsewhere.email);
    expect((await other.get(`/animation/indicateurs?departement=90&${QUARTER}`)).statusCode).toBe(403);
    expect((await other.get(`/animation/indicateurs.csv?departement=90&${QUARTER}`)).statusCode).toBe(403);
    const own = await other.get(`/animation/indicateurs?${QUARTER}`);
    expect(own.statusCode).toBe(200);
    // Marseille's one need, nothing of Belfort's or Besançon's.
    expect(own.body).toMatch(/id="indicateur-needsPublished"><span class="figure">1<\/span>/);
    expect(own.body).toMatch(/id="indicateur-composedHours"><span class="figure">0 h<\/span>/);
    expect(own.body).toMatch(/id="indicateur-sessionsHeld"><span class="figure">0<\/span>/);
  });
});

describe('GET /animation/indicateurs.csv', () => {
  it('is a French CSV: BOM, `;`, one row per month and indicator, then the period', async () => {
    const browser = await signedIn(t.app, facilitator.email);
    const response = await browser.get(`/animation/indicateurs.csv?departement=90&${QUARTER}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.headers['content-disposition']).toContain('indicateurs-90-2026-01-01-2026-03-31.csv');
    const lines = response.body.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('\ufeffTerritoire;Mois;Indicateur;Valeur;Unité');
    expect(lines).toHaveLength(1 + 3 * 11 + 11);
    expect(lines).toContain('Territoire de Belfort (90);2026-01;Besoins publiés;1;nombre');
    expect(lines).toContain(
      'Territoire de Belfort (90);2026-02;Heures composées en postes CDI;21;heures par semaine',
    );
    expect(lines).toContain(
      'Territoire de Belfort (90);Du 01/01/2026 au 31/03/2026;Heures hebdomadaires des besoins publiés;28;heures par semaine',
    );
    expect(lines).toContain(
      'Territoire de Belfort (90);Du 01/01/2026 au 31/03/2026;ETP composés (35 h = 1 ETP);0,6;ETP',
    );
  });
});
