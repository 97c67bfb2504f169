import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geMemberships, memberships, organizations } from '../../db/schema';
import { createTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { makeOrganization, makePerson, makeSiret, TEST_PASSWORD } from '../support/factories';
import { expectFragmentInPage } from '../support/fragments';

let t: TestApp;
let browser: Browser;
let personId: number;

const goodForm = (overrides: Record<string, string | string[]> = {}) => ({
  name: 'Chantier des Forges',
  siret: makeSiret(),
  kind: 'ACI',
  commune: 'Belfort',
  idcc: '3016',
  description: 'Espaces verts et maraîchage.',
  ...overrides,
});

beforeAll(async () => {
  t = await createTestApp();
  const person = await makePerson(t.db, { email: 'creatrice@exemple.invalid' });
  personId = person.id;
  browser = new Browser(t.app);
  await browser.signIn(person.email, TEST_PASSWORD);
});
afterAll(() => t.close());

describe('creating an organization', () => {
  it('shows the form to a signed-in person and sends visitors to sign in', async () => {
    const page = await browser.get('/organisations/nouvelle');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Commune (nom ou code postal)');
    const visitor = await new Browser(t.app).get('/organisations/nouvelle');
    expect(visitor.statusCode).toBe(303);
    expect(visitor.headers.location).toContain('/connexion?suite=');
  });

  it('creates a pending organization with its creator as owner, SIRET spaces stripped, commune resolved', async () => {
    const siret = makeSiret();
    const spaced = `${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}`;
    const ge = await makeOrganization(t.db, { kind: 'GE', name: 'GE Nord Franche-Comté' });
    const response = await browser.post('/organisations', goodForm({ siret: spaced, geIds: String(ge.id) }));
    expect(response.statusCode).toBe(303);
    const id = Number(response.headers.location?.split('/').pop());
    const [org] = await t.db.select().from(organizations).where(eq(organizations.id, id));
    expect(org).toMatchObject({
      name: 'Chantier des Forges',
      siret,
      kind: 'ACI',
      communeCode: '90010',
      communeName: 'Belfort',
      departement: '90',
      idcc: '3016',
      status: 'pending',
    });
    expect(org.lat).toBeCloseTo(47.64, 1);
    const members = await t.db.select().from(memberships).where(eq(memberships.organizationId, id));
    expect(members).toEqual([expect.objectContaining({ personId, role: 'owner' })]);
    const ges = await t.db.select().from(geMemberships).where(eq(geMemberships.organizationId, id));
    expect(ges.map((g) => g.geId)).toEqual([ge.id]);

    const page = await browser.get(`/organisations/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('en attente de validation');
    expect(page.body).toContain('Territoire de Belfort (90)');
    expect(page.body).toContain('GE Nord Franche-Comté');
  });

  it('accepts a postal code as the commune', async () => {
    const response = await browser.post(
      '/organisations',
      goodForm({ commune: '45000', name: 'AI du Loiret' }),
    );
    expect(response.statusCode).toBe(303);
    const [org] = await t.db.select().from(organizations).where(eq(organizations.name, 'AI du Loiret'));
    expect(org.communeName).toBe('Orléans');
  });

  const badFields: [string, Record<string, string>, string][] = [
    ['name', { name: '' }, 'Nom : champ obligatoire.'],
    ['siret', { siret: '1234' }, 'SIRET : 14 chiffres attendus'],
    ['siret', { siret: '73282932000075' }, 'la clé de contrôle ne correspond pas'],
    ['kind', { kind: 'SARL' }, 'Type de structure : choisissez dans la liste.'],
    ['commune', { commune: 'Zzyzxville' }, 'Commune inconnue'],
    ['commune', { commune: '' }, 'Commune : champ obligatoire.'],
    ['idcc', { idcc: '12' }, 'IDCC : 4 chiffres'],
  ];
  for (const [field, change, message] of badFields) {
    it(`refuses a bad ${field} (${JSON.stringify(change)}) with a French message, 422, input kept`, async () => {
      const before = await t.db.$count(organizations);
      const form = goodForm({ name: 'Structure à garder', description: 'Texte <b>saisi</b>', ...change });
      const response = await browser.post('/organisations', form);
      expect(response.statusCode).toBe(422);
      expect(response.body).toContain(message);
      expect(response.body).toContain(`id="${field}-error"`);
      if (field !== 'name') expect(response.body).toContain('value="Structure à garder"');
      expect(response.body).toContain('Texte &lt;b&gt;saisi&lt;/b&gt;');
      expect(await t.db.$count(organizations)).toBe(before);
    });
  }

  it('refuses an unknown or unvalidated GE', async () => {
    const pendingGe = await makeOrganization(t.db, { kind: 'GE', validated: false });
    const response = await browser.post('/organisations', goodForm({ geIds: String(pendingGe.id) }));
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Groupements : choix invalide.');
  });

  it('refuses a SIRET already registered with a French field error, not a 500', async () => {
    const existing = await makeOrganization(t.db);
    const response = await browser.post('/organisations', goodForm({ siret: existing.siret ?? '' }));
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('une structure avec ce numéro est déjà inscrite');
    expect(response.body).toContain('value="Chantier des Forges"');
  });

  it('asks to choose when the commune name matches several communes, then accepts the choice', async () => {
    const form = goodForm({ commune: 'Saint-Denis', name: 'Régie de la Plaine', kind: 'RQ' });
    const response = await browser.post('/organisations', form);
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('plusieurs communes correspondent');
    expect(response.body).toContain('name="communeCode" value="93066"');
    expect(response.body).toContain('name="communeCode" value="97411"');
    expect(response.body).toContain('value="Régie de la Plaine"');
    // The same choices as the picker's htmx fragment while one types the name.
    const typed = await browser.get('/communes?commune=Saint-Denis', { 'hx-request': 'true' });
    expectFragmentInPage(typed.body, response.body, { target: 'commune-choices', swap: 'innerHTML' });

    const chosen = await browser.post('/organisations', { ...form, communeCode: '93066' });
    expect(chosen.statusCode).toBe(303);
    const [org] = await t.db.select().from(organizations).where(eq(organizations.name, 'Régie de la Plaine'));
    expect(org).toMatchObject({ communeCode: '93066', departement: '93' });
  });

  it('ignores a stale commune choice when the person typed another commune afterwards', async () => {
    const response = await browser.post(
      '/organisations',
      goodForm({ commune: 'Nanterre', communeCode: '93066', name: 'EI de Nanterre', kind: 'EI' }),
    );
    expect(response.statusCode).toBe(303);
    const [org] = await t.db.select().from(organizations).where(eq(organizations.name, 'EI de Nanterre'));
    expect(org.communeCode).toBe('92050');
  });
});

describe('hostile input', () => {
  it('answers 422, never 5xx, to duplicated fields, huge strings, markup and bad ids', async () => {
    const before = await t.db.$count(organizations);
    const payloads: Record<string, string | string[]>[] = [
      goodForm({ siret: [makeSiret(), makeSiret()], kind: ['ACI', 'EI'] }),
      goodForm({
        commune: ['Belfort', 'Orléans'],
        communeCode: ['90010', '45234'],
        name: 'x'.repeat(10_000),
      }),
      goodForm({ geIds: ['abc', '-1'], idcc: '<script>alert(1)</script>' }),
      goodForm({ communeCode: "90010' or 1=1 --", commune: '' }),
      goodForm({ geIds: '99999999999', name: '\u0000\u202e' }),
      {},
    ];
    for (const payload of payloads) {
      const response = await browser.post('/organisations', payload);
      expect(response.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(422);
      expect(response.body).not.toContain('<script>alert(1)</script>');
    }
    expect(await t.db.$count(organizations)).toBe(before);
  });

  it('stores no NUL character (PostgreSQL would refuse it) and keeps other Unicode', async () => {
    const response = await browser.post(
      '/organisations',
      goodForm({ name: 'Atelier\u0000 Ünïcode ✓', description: 'a\u0000b' }),
    );
    expect(response.statusCode).toBe(303);
    const [org] = await t.db.select().from(organizations).where(eq(organizations.name, 'Atelier Ünïcode ✓'));
    expect(org?.description).toBe('ab');
  });
});

describe('commune suggestions', () => {
  it('answers an HTML fragment of radio choices to htmx', async () => {
    const response = await new Browser(t.app).get('/communes?commune=Montreuil', { 'hx-request': 'true' });
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain('<html');
    expect(response.body).toContain('name="communeCode" value="93048"');
  });

  it('answers JSON when asked', async () => {
    const response = await new Browser(t.app).get('/communes?q=90000', { accept: 'application/json' });
    expect(response.statusCode).toBe(200);
    expect(response.json().communes[0]).toMatchObject({ code: '90010', name: 'Belfort', departement: '90' });
  });

  const names = async (q: string) => {
    const response = await new Browser(t.app).get(`/communes?q=${encodeURIComponent(q)}`, {
      accept: 'application/json',
    });
    return (response.json().communes as { name: string; departement: string }[]).map(
      (c) => `${c.name} (${c.departement})`,
    );
  };

  it('ranks the exact name first, accents and case aside, then prefixes by population', async () => {
    // "montbeliard" is Montbéliard exactly: it comes before the longer names that contain it.
    expect((await names('montbeliard'))[0]).toBe('Montbéliard (25)');
    expect((await names('MONTBÉLIARD'))[0]).toBe('Montbéliard (25)');
    // "Montbel" is itself a commune (Lozère 146 inhabitants, Ariège 99): exact names first, then the
    // names starting with it by population, Montbéliard (24,000) before Montbellet (870).
    const montbel = await names('Montbel');
    expect(montbel.slice(0, 4)).toEqual([
      'Montbel (48)',
      'Montbel (09)',
      'Montbéliard (25)',
      'Montbellet (71)',
    ]);
    // A prefix alone: the largest commune first.
    expect((await names('montbé'))[0]).toBe('Montbéliard (25)');
  });

  it('keeps a chosen commune when its label comes back as the typed text', async () => {
    expect(await names('Montbéliard (25)')).toEqual(['Montbéliard (25)']);
    expect((await names('Montbel (09)'))[0]).toBe('Montbel (09)');
  });

  it('shows a full page without htmx', async () => {
    const response = await new Browser(t.app).get('/communes?q=Orl%C3%A9ans');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<html');
    expect(response.body).toContain('Loiret (45)');
  });
});
