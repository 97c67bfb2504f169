/**
 * "Ce qui compléterait le besoin" in the site: a matching run stores what would complete each need it
 * left out; the need's page shows it to the need's own structure (not to visitors, nor to the other
 * structure of the position), with a link that opens the form with the change filled in and saves
 * nothing; saving goes through the form's version check, after which the suggestion is stale. A session's
 * run shows its suggestions to the facilitator on the session page and the printable sheet.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needSuggestions, needs } from '../../db/schema';
import { runMatching } from '../../server/compositions/matching-run';
import { needOf } from '../compositions/helpers';
import { signedIn } from '../facilitation/helpers';
import { createTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { makeOrganization, makePerson } from '../support/factories';

const ROLE = 'K2204';
let t: TestApp;
let atelier: { id: number; name: string };
let regie: { id: number; name: string };
let owners: Record<'atelier' | 'regie', { email: string }>;
/** The Atelier's 21 h fill Monday to Wednesday; the Régie's 14 h lack one half-day beside them. */
let needA: number;
let needB: number;

/** The text of a page as a reader sees it: tags out, spaces (no-break ones included) collapsed. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;|\u00a0/g, ' ')
    .replace(/&#39;|&rsquo;/g, '’')
    .replace(/\s+/g, ' ');

/** What a browser would post from the need form as rendered: fields with their values, ticked boxes. */
function formFields(html: string): Record<string, string | string[]> {
  const form = html.slice(html.indexOf('<form method="post" action="/besoins/'));
  const fields: Record<string, string | string[]> = {};
  const add = (name: string, value: string) => {
    const had = fields[name];
    fields[name] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
  };
  for (const m of form.matchAll(/<input([^>]*)>/g)) {
    const attr = (a: string) => new RegExp(`${a}="([^"]*)"`).exec(m[1])?.[1];
    const name = attr('name');
    const type = attr('type') ?? 'text';
    if (!name || type === 'submit') continue;
    if ((type === 'checkbox' || type === 'radio') && !/\bchecked\b/.test(m[1])) continue;
    add(name, (attr('value') ?? '').replace(/&#39;/g, "'").replace(/&amp;/g, '&'));
  }
  for (const m of form.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) add(m[1], m[2]);
  for (const m of form.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const chosen = /<option value="([^"]*)"[^>]*selected/.exec(m[2]);
    if (chosen) add(m[1], chosen[1]);
  }
  return fields;
}

beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 100_000, windowMs: 60_000 } });
  const a = await makePerson(t.db);
  const b = await makePerson(t.db);
  owners = { atelier: a, regie: b };
  atelier = await makeOrganization(t.db, { owner: a, name: 'Atelier du Lion' });
  regie = await makeOrganization(t.db, { owner: b, name: 'Régie de quartier Nord' });
  needA = (
    await needOf(t.db, atelier.id, 21, ['mon-am', 'mon-pm', 'tue-am', 'tue-pm', 'wed-am', 'wed-pm'], ROLE)
  ).id;
  needB = (await needOf(t.db, regie.id, 14, ['wed-am', 'thu-am', 'fri-am', 'fri-pm'], ROLE)).id;
  await runMatching(t.db, { roleCode: ROLE, notify: false });
});

afterAll(async () => {
  await t.close();
});

describe('what would complete a need, on its page', () => {
  it('is stored by the matching run for the needs it left out, smallest change first', async () => {
    const rows = await t.db.select().from(needSuggestions).where(eq(needSuggestions.needId, needB));
    expect(rows.length).toBeGreaterThan(0);
    const first = rows.find((r) => r.rank === 1);
    expect(first).toMatchObject({
      needVersion: 1,
      change: { allowedSlots: ['wed-am', 'thu-am', 'thu-pm', 'fri-am', 'fri-pm'] },
      positionsGained: 1,
      hoursHundredths: 3500,
    });
    expect(first?.members.map((m) => m.needId).sort((x, y) => x - y)).toEqual([needA, needB]);
  });

  it('shows the need’s structure the change, the partner and the hours, with a link to the form', async () => {
    const owner = await signedIn(t.app, owners.regie.email);
    const page = await owner.get(`/besoins/${needB}`);
    expect(page.statusCode).toBe(200);
    expect(text(page.body)).toContain(
      'Pour compléter un temps plein : ajouter le jeudi après-midi (avec Atelier du Lion, 35 h)',
    );
    expect(page.body).toMatch(new RegExp(`href="/besoins/${needB}/modifier\\?suggestion=\\d+"`));
  });

  it('shows nothing of it to visitors, nor to the other structure', async () => {
    const visitor = await new Browser(t.app).get(`/besoins/${needB}`);
    expect(visitor.statusCode).toBe(200);
    expect(visitor.body).not.toContain('Ce qui compléterait');
    const other = await signedIn(t.app, owners.atelier.email);
    expect((await other.get(`/besoins/${needB}`)).body).not.toContain('Ce qui compléterait');
  });

  it('opens the form with the change filled in, changes nothing until saved, then goes stale', async () => {
    const owner = await signedIn(t.app, owners.regie.email);
    const page = await owner.get(`/besoins/${needB}`);
    const href = (
      new RegExp(`/besoins/${needB}/modifier\\?suggestion=\\d+`).exec(page.body) as RegExpExecArray
    )[0];
    const form = await owner.get(href);
    expect(form.statusCode).toBe(200);
    expect(text(form.body)).toContain(
      'Modification suggérée, déjà remplie ci-dessous : ajouter le jeudi après-midi.',
    );
    const fields = formFields(form.body);
    // The grid lists the mornings, then the afternoons.
    expect([...(fields.slots as string[])].sort()).toEqual([
      'fri-am',
      'fri-pm',
      'thu-am',
      'thu-pm',
      'wed-am',
    ]);
    expect(fields).toMatchObject({ timetable: 'flexible', slotsNeeded: '4', version: '1' });
    const [unchanged] = await t.db.select().from(needs).where(eq(needs.id, needB));
    expect(unchanged).toMatchObject({ version: 1, allowedSlots: ['wed-am', 'thu-am', 'fri-am', 'fri-pm'] });

    const saved = await owner.post(`/besoins/${needB}`, fields);
    expect(saved.statusCode).toBe(303);
    const [after] = await t.db.select().from(needs).where(eq(needs.id, needB));
    expect(after).toMatchObject({ version: 2, slotsNeeded: 4 });
    expect(after.allowedSlots).toEqual(['wed-am', 'thu-am', 'thu-pm', 'fri-am', 'fri-pm']);

    // The stored suggestions were for version 1: the page no longer shows them, the link warns.
    expect((await owner.get(`/besoins/${needB}`)).body).not.toContain('Ce qui compléterait');
    const stale = await owner.get(href);
    expect(stale.statusCode).toBe(200);
    expect(text(stale.body)).toContain('Cette suggestion n’est plus à jour');
    expect(stale.body).toContain('name="version" value="2"');
  });

  it('answers a malformed suggestion id with the plain form, never a 500', async () => {
    const owner = await signedIn(t.app, owners.regie.email);
    for (const id of ['abc', '0', '99999999999', '1.5'])
      expect((await owner.get(`/besoins/${needB}/modifier?suggestion=${id}`)).statusCode).toBe(200);
  });

  it('is refreshed by the next run: the needs now make a position, their suggestions are gone', async () => {
    await runMatching(t.db, { roleCode: ROLE, notify: false });
    const rows = await t.db.select().from(needSuggestions).where(eq(needSuggestions.needId, needB));
    expect(rows).toEqual([]);
  });
});

describe('what would complete the needs of a session, for its facilitator', () => {
  it('is on the session page and the printable sheet after the run', async () => {
    const role = 'K2205';
    const lonely = await makeOrganization(t.db, { name: 'Chantier des Forges' });
    const partner = await makeOrganization(t.db, { name: 'Ressourcerie de la Savoureuse' });
    await needOf(t.db, lonely.id, 14, ['wed-am', 'thu-am', 'fri-am', 'fri-pm'], role);
    await needOf(t.db, partner.id, 21, ['mon-am', 'mon-pm', 'tue-am', 'tue-pm', 'wed-am', 'wed-pm'], role);
    const person = await makePerson(t.db, { territories: ['90'] });
    const facilitator = await signedIn(t.app, person.email);
    await facilitator.get('/animation/rencontres/nouvelle');
    const created = await facilitator.post('/animation/rencontres', {
      kind: 'club_rh',
      title: 'Club RH de juin',
      date: '2030-06-11',
      startTime: '09:30',
      endTime: '12:00',
      place: 'Maison de quartier',
      commune: 'Belfort',
      departements: ['90'],
      description: '',
    });
    const sessionId = Number(/(\d+)$/.exec(created.headers.location as string)?.[1]);
    for (const org of [lonely, partner])
      await facilitator.post(`/animation/rencontres/${sessionId}/structures`, { id: String(org.id) });
    expect((await facilitator.post(`/animation/rencontres/${sessionId}/mise-en-relation`)).statusCode).toBe(
      303,
    );

    const expected =
      'pour compléter un temps plein, ajouter le jeudi après-midi (avec Ressourcerie de la Savoureuse, 35 h)';
    const page = await facilitator.get(`/animation/rencontres/${sessionId}`);
    expect(text(page.body)).toContain('Ce qui compléterait les besoins restés seuls');
    expect(text(page.body)).toContain(expected);
    const sheet = await facilitator.get(`/animation/rencontres/${sessionId}/fiche`);
    expect(sheet.statusCode).toBe(200);
    expect(text(sheet.body)).toContain(expected);
    const csv = await facilitator.get(`/animation/rencontres/${sessionId}/fiche.csv`);
    expect(csv.body.replace(/\u00a0/g, ' ')).toContain(
      'Pour compléter;Besoin K2205 de 14 h;Chantier des Forges;;ajouter le jeudi après-midi (avec Ressourcerie de la Savoureuse, 35 h)',
    );
  });
});
