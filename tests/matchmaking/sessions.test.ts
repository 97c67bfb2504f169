/**
 * Matchmaking sessions as a facilitator uses them: create (bad input re-rendered in French with the input
 * kept), edit with a version check, cancel and mark held; a facilitator of another territory gets a 404 on
 * every session route, an admin sees all; participants see their sessions and nothing else.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchmakingSessions } from '../../db/schema';
import { signedIn } from '../facilitation/helpers';
import { createTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { makeOrganization, makePerson } from '../support/factories';

let t: TestApp;
let people: Record<
  'facilitator' | 'elsewhere' | 'admin' | 'member' | 'outsider',
  { id: number; email: string }
>;
let belfort: { id: number; name: string };
let other: { id: number; name: string };

const validForm = {
  kind: 'rencontre_affaires',
  title: 'Rencontre des employeurs solidaires',
  date: '2030-12-03',
  startTime: '09:30',
  endTime: '12:00',
  place: 'Maison des associations, 3 rue de l’Étang',
  commune: 'Belfort',
  departements: ['90'],
  description: 'Besoins à temps partiel; comptabilité, entretien.',
};

async function createSession(browser: Browser, form: Record<string, string | string[]> = {}) {
  await browser.get('/animation/rencontres/nouvelle');
  const response = await browser.post('/animation/rencontres', { ...validForm, ...form });
  expect(response.statusCode).toBe(303);
  return Number(/\/animation\/rencontres\/(\d+)/.exec(response.headers.location as string)?.[1]);
}

beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 100_000, windowMs: 60_000 } });
  people = {
    facilitator: await makePerson(t.db, { territories: ['90', '25'] }),
    elsewhere: await makePerson(t.db, { territories: ['13'] }),
    admin: await makePerson(t.db, { admin: true }),
    member: await makePerson(t.db),
    outsider: await makePerson(t.db),
  };
  belfort = await makeOrganization(t.db, { owner: people.member, name: 'Régie de Belfort' });
  other = await makeOrganization(t.db, { owner: people.outsider, name: 'Autre structure' });
});

afterAll(async () => {
  await t.close();
});

describe('creating and editing a session', () => {
  it('stores the session in Paris time and lists it as upcoming', async () => {
    const browser = await signedIn(t.app, people.facilitator.email);
    const id = await createSession(browser);
    const [row] = await t.db.select().from(matchmakingSessions).where(eq(matchmakingSessions.id, id));
    expect(row.startsAt.toISOString()).toBe('2030-12-03T08:30:00.000Z');
    expect(row.endsAt.toISOString()).toBe('2030-12-03T11:00:00.000Z');
    expect(row).toMatchObject({ communeCode: '90010', departements: ['90'], status: 'planned', version: 1 });
    const list = await browser.get('/animation/rencontres');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Rencontre des employeurs solidaires');
    expect(list.body).toContain('mardi 3 décembre 2030, de 9 h 30 à 12 h');
  });

  it('re-renders bad input in French with a 422 and keeps what was typed', async () => {
    const browser = await signedIn(t.app, people.facilitator.email);
    await browser.get('/animation/rencontres/nouvelle');
    const response = await browser.post('/animation/rencontres', {
      ...validForm,
      title: 'Club RH du printemps',
      endTime: '08:00',
      commune: 'Villeintrouvable',
      departements: ['13'],
    });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Commune : commune introuvable');
    expect(response.body).toContain('Territoire : choisissez parmi les départements de vos territoires');
    expect(response.body).toContain('value="Club RH du printemps"');
    expect(response.body).toContain('value="Villeintrouvable"');
    const times = await browser.post('/animation/rencontres', {
      ...validForm,
      title: 'Club RH du printemps',
      endTime: '08:00',
    });
    expect(times.statusCode).toBe(422);
    expect(times.body).toContain('Heure de fin : elle doit venir après l’heure de début.');
    expect(times.body).toContain('value="08:00"');
    // A date that is not one (found by the fuzzer: it used to throw inside the check).
    const garbage = await browser.post('/animation/rencontres', { ...validForm, date: 'x'.repeat(50) });
    expect(garbage.statusCode).toBe(422);
    expect(garbage.body).toContain('Date : date attendue (jj/mm/aaaa).');
    const rows = await t.db
      .select()
      .from(matchmakingSessions)
      .where(eq(matchmakingSessions.title, 'Club RH du printemps'));
    expect(rows).toHaveLength(0);
  });

  it('refuses a stale edit with 409 and the saved version shown, then accepts the re-save', async () => {
    const first = await signedIn(t.app, people.facilitator.email);
    const id = await createSession(first, { title: 'Rencontre à modifier' });
    const second = await signedIn(t.app, people.facilitator.email);
    const formOf = async (b: Browser) => {
      const page = await b.get(`/animation/rencontres/${id}/modifier`);
      expect(page.statusCode).toBe(200);
      return /name="version" value="(\d+)"/.exec(page.body)?.[1] ?? '';
    };
    const v1 = await formOf(first);
    const v1bis = await formOf(second);
    const saved = await first.post(`/animation/rencontres/${id}`, {
      ...validForm,
      title: 'Rencontre renommée par la première',
      version: v1,
    });
    expect(saved.statusCode).toBe(303);
    const stale = await second.post(`/animation/rencontres/${id}`, {
      ...validForm,
      title: 'Rencontre renommée par la seconde',
      version: v1bis,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('modifiée par quelqu’un d’autre');
    expect(stale.body).toContain('Rencontre renommée par la première');
    expect(stale.body).toContain('value="Rencontre renommée par la seconde"');
    const [kept] = await t.db.select().from(matchmakingSessions).where(eq(matchmakingSessions.id, id));
    expect(kept.title).toBe('Rencontre renommée par la première');
    const newVersion = /name="version" value="(\d+)"/.exec(stale.body)?.[1] ?? '';
    const resaved = await second.post(`/animation/rencontres/${id}`, {
      ...validForm,
      title: 'Rencontre renommée par la seconde',
      version: newVersion,
    });
    expect(resaved.statusCode).toBe(303);
  });

  it('answers 400 to an edit without its version', async () => {
    const browser = await signedIn(t.app, people.facilitator.email);
    const id = await createSession(browser);
    const response = await browser.post(`/animation/rencontres/${id}`, validForm);
    expect(response.statusCode).toBe(400);
  });

  it('marks a session held only once it has started, and a cancelled one stays cancelled', async () => {
    const browser = await signedIn(t.app, people.facilitator.email);
    const future = await createSession(browser, { title: 'Rencontre future' });
    let response = await browser.post(`/animation/rencontres/${future}/tenue`, { version: '1' });
    expect(response.statusCode).toBe(303);
    let [row] = await t.db.select().from(matchmakingSessions).where(eq(matchmakingSessions.id, future));
    expect(row.status).toBe('planned');

    const past = await createSession(browser, { title: 'Rencontre passée', date: '2025-03-10' });
    response = await browser.post(`/animation/rencontres/${past}/tenue`, { version: '1' });
    [row] = await t.db.select().from(matchmakingSessions).where(eq(matchmakingSessions.id, past));
    expect(row.status).toBe('held');
    expect(row.heldAt).not.toBeNull();
    const list = await browser.get('/animation/rencontres');
    expect(list.body.indexOf('Rencontre passée')).toBeGreaterThan(list.body.indexOf('Passées et annulées'));

    response = await browser.post(`/animation/rencontres/${future}/annuler`, { version: '1' });
    [row] = await t.db.select().from(matchmakingSessions).where(eq(matchmakingSessions.id, future));
    expect(row.status).toBe('cancelled');
    response = await browser.post(`/animation/rencontres/${future}/tenue`, { version: String(row.version) });
    [row] = await t.db.select().from(matchmakingSessions).where(eq(matchmakingSessions.id, future));
    expect(row.status).toBe('cancelled');
  });
});

describe('territory', () => {
  it('gives a facilitator of another territory a 404 on every session route; an admin sees it', async () => {
    const owner = await signedIn(t.app, people.facilitator.email);
    const id = await createSession(owner, { title: 'Rencontre de Belfort' });
    await owner.post(`/animation/rencontres/${id}/structures`, { id: String(belfort.id) });
    const elsewhere = await signedIn(t.app, people.elsewhere.email);
    const list = await elsewhere.get('/animation/rencontres');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('Rencontre de Belfort');

    const sessionRoutes = t.app.routeTable.filter(
      (r) => r.url.startsWith('/animation/rencontres/:id') && r.access === 'facilitator',
    );
    expect(sessionRoutes.length).toBeGreaterThanOrEqual(15);
    for (const route of sessionRoutes) {
      const url = route.url.replace(':id', String(id)).replace(':outcomeId', '1');
      const response =
        route.method === 'GET'
          ? await elsewhere.get(url)
          : await elsewhere.post(url, { id: String(belfort.id), version: '1', kind: 'follow_up', note: 'x' });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(404);
    }
    const [row] = await t.db.select().from(matchmakingSessions).where(eq(matchmakingSessions.id, id));
    expect(row).toMatchObject({ status: 'planned', version: 1, lastRun: null });

    const admin = await signedIn(t.app, people.admin.email);
    expect((await admin.get(`/animation/rencontres/${id}`)).statusCode).toBe(200);
    expect((await admin.get('/animation/rencontres')).body).toContain('Rencontre de Belfort');
  });

  it('refuses structure members and visitors', async () => {
    const member = await signedIn(t.app, people.member.email);
    expect((await member.get('/animation/rencontres')).statusCode).toBe(403);
    const visitor = new Browser(t.app);
    const response = await visitor.get('/animation/rencontres');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toContain('/connexion');
  });
});

describe('participants', () => {
  it('shows invited members their session with the other organizations, and 404 to others', async () => {
    const facilitator = await signedIn(t.app, people.facilitator.email);
    const id = await createSession(facilitator, { title: 'Club RH de Belfort', kind: 'club_rh' });
    const otherOrg = await makeOrganization(t.db, { name: 'Jardins partagés du Lion' });
    await facilitator.post(`/animation/rencontres/${id}/structures`, { id: String(belfort.id) });
    await facilitator.post(`/animation/rencontres/${id}/structures`, { id: String(otherOrg.id) });

    const member = await signedIn(t.app, people.member.email);
    const list = await member.get('/rencontres');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Club RH de Belfort');
    const page = await member.get(`/rencontres/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Jardins partagés du Lion');
    expect(page.body).toContain('Régie de Belfort');
    expect(page.body).not.toContain(people.member.email);
    const ics = await member.get(`/rencontres/${id}/invitation.ics`);
    expect(ics.statusCode).toBe(200);
    expect(ics.headers['content-type']).toContain('text/calendar');
    expect(ics.body).toContain(`UID:rencontre-${id}-structure-${belfort.id}@mosaique.test`);

    const outsider = await signedIn(t.app, people.outsider.email);
    expect((await outsider.get(`/rencontres/${id}`)).statusCode).toBe(404);
    expect((await outsider.get(`/rencontres/${id}/invitation.ics`)).statusCode).toBe(404);
    expect((await outsider.get('/rencontres')).body).not.toContain('Club RH de Belfort');
    expect(other.id).toBeGreaterThan(0);
  });
});
