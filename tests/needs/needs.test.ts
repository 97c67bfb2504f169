import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needs, searchOutbox } from '../../db/schema';
import { createTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { makeNeed, makeOrganization, makePerson, TEST_PASSWORD } from '../support/factories';
import { expectFragmentInPage } from '../support/fragments';
import { needForm } from './helpers';

let t: TestApp;
let owner: Awaited<ReturnType<typeof makePerson>>;
let org: Awaited<ReturnType<typeof makeOrganization>>;
let browser: Browser;

beforeAll(async () => {
  t = await createTestApp();
  owner = await makePerson(t.db, { phone: '06 12 34 56 78' });
  org = await makeOrganization(t.db, { owner, name: 'Chantier du Lion' });
  browser = new Browser(t.app);
  await browser.signIn(owner.email, TEST_PASSWORD);
});
afterAll(() => t.close());

describe('creating a need', () => {
  it('publishes a need with a flexible week and decimal hours, and queues it for search', async () => {
    const response = await browser.post('/besoins', needForm(org.id));
    expect(response.statusCode).toBe(303);
    const id = Number(response.headers.location?.toString().split('/').pop());
    const [row] = await t.db.select().from(needs).where(eq(needs.id, id));
    expect(row).toMatchObject({
      hoursHundredths: 1280,
      slotsNeeded: 4,
      allowedSlots: ['mon-am', 'mon-pm', 'tue-am', 'thu-am', 'thu-pm'],
      communeCode: '90010',
      departement: '90',
      status: 'published',
      createdBy: owner.id,
      version: 1,
    });
    const queued = await t.db.select().from(searchOutbox).where(eq(searchOutbox.recordId, id));
    expect(queued.some((r) => r.recordKind === 'need')).toBe(true);
    const page = await browser.get(`/besoins/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('12,8 h par semaine');
    expect(page.body).toContain('4 demi-journées parmi 5 possibles');
  });

  it('stores a fixed week: the ticked half-days are all worked', async () => {
    const response = await browser.post(
      '/besoins',
      needForm(org.id, {
        timetable: 'fixed',
        slotsNeeded: '',
        slots: ['wed-am', 'wed-pm'],
        hours: '7',
        action: 'draft',
      }),
    );
    expect(response.statusCode).toBe(303);
    const id = Number(response.headers.location?.toString().split('/').pop());
    const [row] = await t.db.select().from(needs).where(eq(needs.id, id));
    expect(row).toMatchObject({
      slotsNeeded: 2,
      allowedSlots: ['wed-am', 'wed-pm'],
      status: 'draft',
      hoursHundredths: 700,
    });
  });

  it('refuses bad input with French messages beside the fields, keeping what was typed', async () => {
    const before = await t.db.select().from(needs);
    const response = await browser.post(
      '/besoins',
      needForm(org.id, { hours: 'beaucoup', slots: [], title: 'Titre gardé', commune: 'Zzzyx-sur-Rien' }),
    );
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Heures par semaine : nombre attendu');
    expect(response.body).toContain('Semaine type : cochez au moins une demi-journée.');
    expect(response.body).toContain('Commune : commune introuvable');
    expect(response.body).toContain('value="Titre gardé"');
    expect(await t.db.select().from(needs)).toHaveLength(before.length);
  });

  it('refuses more half-days needed than ticked, and too many hours per half-day', async () => {
    const tooFew = await browser.post('/besoins', needForm(org.id, { slotsNeeded: '6' }));
    expect(tooFew.statusCode).toBe(422);
    expect(tooFew.body).toContain('6 demandées mais 5 cochées');
    const tooLong = await browser.post(
      '/besoins',
      needForm(org.id, { hours: '30', timetable: 'fixed', slots: ['mon-am', 'mon-pm'] }),
    );
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.body).toContain('plus de 5 h par demi-journée');
  });

  it('refuses a need for an organization the person does not belong to', async () => {
    const other = await makeOrganization(t.db, {});
    const response = await browser.post('/besoins', needForm(other.id));
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Structure : choisissez une de vos structures.');
    expect(await t.db.select().from(needs).where(eq(needs.organizationId, other.id))).toHaveLength(0);
  });

  it('offers a role picker that suggests roles from any of their titles, for anyone', async () => {
    const visitor = new Browser(t.app);
    const response = await visitor.get('/metiers?roleText=femme%20de%20m%C3%A9nage&liste=roleText', {
      'hx-request': 'true',
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('id="roleText-K2204"');
    expect(response.body).toContain('data-display="Nettoyage de locaux (K2204)"');
    expect(response.body).toContain('femme de ménage');
    expect(response.body).not.toContain('<html');
    const json = await visitor.get('/metiers?q=CIP', { accept: 'application/json' });
    expect(json.json().roles[0]).toMatchObject({ code: 'K1801', title: 'cip' });
    const form = await browser.get('/besoins/nouveau');
    expect(form.body).toContain('role="combobox"');
    expect(form.body).toContain('/static/js/combobox.js');
    expect(form.body).not.toContain('<optgroup');
  });

  it('takes a role typed without choosing it from the list, when it means one role', async () => {
    const typed = await browser.post('/besoins', needForm(org.id, { roleCode: '', roleText: 'CIP' }));
    expect(typed.statusCode).toBe(303);
    const id = Number(typed.headers.location?.toString().split('/').pop());
    const [row] = await t.db.select().from(needs).where(eq(needs.id, id));
    expect(row).toMatchObject({
      roleCode: 'K1801',
      roleLabel: 'Conseil en emploi et insertion socioprofessionnelle',
    });
    // Changed in the text after a choice, without JavaScript to clear the hidden code: the text wins.
    const edited = await browser.post(
      '/besoins',
      needForm(org.id, { roleCode: 'M1203', roleText: 'Secrétaire' }),
    );
    const editedId = Number(edited.headers.location?.toString().split('/').pop());
    expect((await t.db.select().from(needs).where(eq(needs.id, editedId)))[0].roleCode).toBe('M1607');
  });

  it('offers the candidates when the typed role means several, and a French error when it means none', async () => {
    const before = await t.db.select().from(needs);
    const several = await browser.post(
      '/besoins',
      needForm(org.id, { roleCode: '', roleText: 'femme de ménage' }),
    );
    expect(several.statusCode).toBe(422);
    expect(several.body).toContain('Métier : choisissez votre métier parmi ceux proposés ci-dessous.');
    expect(several.body).toContain('name="roleChoice" value="K2204"');
    expect(several.body).toContain('name="roleChoice" value="K1304"');
    expect(several.body).toContain('value="femme de ménage"');
    expect(several.body).toContain('Comptable pour la paie et la clôture');
    const none = await browser.post('/besoins', needForm(org.id, { roleCode: '', roleText: 'xylophoniste' }));
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain('Métier : aucun métier ne correspond à « xylophoniste »');
    const empty = await browser.post('/besoins', needForm(org.id, { roleCode: '', roleText: '' }));
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Métier : choisissez un métier dans la liste.');
    expect(await t.db.select().from(needs)).toHaveLength(before.length);
    const chosen = await browser.post(
      '/besoins',
      needForm(org.id, { roleCode: '', roleText: 'femme de ménage', roleChoice: 'K2204' }),
    );
    expect(chosen.statusCode).toBe(303);
  });

  it('keeps the week summary in step with the grid', async () => {
    const response = await browser.get(
      '/besoins/resume?hours=17,5&slots=mon-am&slots=tue-am&slots=thu-am&slots=fri-am&slots=fri-pm&timetable=flexible&slotsNeeded=4',
      { 'hx-request': 'true' },
    );
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('17,5 h par semaine sur 4 demi-journées à choisir parmi 5 possibles');
    // The form re-rendered with the same week shows the same summary.
    const week = {
      hours: '17,5',
      slots: ['mon-am', 'tue-am', 'thu-am', 'fri-am', 'fri-pm'],
      slotsNeeded: '4',
    };
    const refused = await browser.post('/besoins', needForm(org.id, { ...week, title: '' }));
    expect(refused.statusCode).toBe(422);
    expectFragmentInPage(response.body, refused.body, { target: 'week-summary', swap: 'innerHTML' });
  });

  // Known gap (reported with issue 12): while typing, /besoins/communes suggests 8 communes
  // (server/needs/lookups.ts), whereas the re-rendered form lists findCommune's 6, and the form writes
  // its own options rather than including needs/_commune-options.njk. When they agree, this fails:
  // drop `.fails`.
  it.fails('suggests the same communes while typing as the form offers when a name is ambiguous', async () => {
    const refused = await browser.post('/besoins', needForm(org.id, { commune: 'Saint-Denis' }));
    expect(refused.statusCode).toBe(422);
    const typed = await browser.get('/besoins/communes?commune=Saint-Denis', { 'hx-request': 'true' });
    expect(typed.body).toContain('<option value="Saint-Denis (93)">');
    expectFragmentInPage(typed.body, refused.body, { target: 'commune-options', swap: 'innerHTML' });
  });
});

describe('who may see and change a need', () => {
  it('hides drafts from visitors and other structures, shows published needs without contact details', async () => {
    const draft = await makeNeed(t.db, { org: org, status: 'draft', publishedAt: null });
    const published = await makeNeed(t.db, { org: org });
    const visitor = new Browser(t.app);
    expect((await visitor.get(`/besoins/${draft.id}`)).statusCode).toBe(404);
    const page = await visitor.get(`/besoins/${published.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(owner.email);
    expect(page.body).not.toContain('06 12 34 56 78');
    expect(page.body).not.toContain('/modifier');
    expect((await visitor.get('/besoins/abc')).statusCode).toBe(404);
  });

  it('refuses edits, publication, withdrawal and duplication by a member of another structure', async () => {
    const stranger = await makePerson(t.db);
    await makeOrganization(t.db, { owner: stranger });
    const other = new Browser(t.app);
    await other.signIn(stranger.email, TEST_PASSWORD);
    const draft = await makeNeed(t.db, {
      org: org,
      status: 'draft',
      publishedAt: null,
      title: 'Brouillon privé',
    });
    const published = await makeNeed(t.db, { org: org, title: 'Besoin public' });

    expect((await other.get(`/besoins/${draft.id}`)).statusCode).toBe(404);
    expect((await other.post(`/besoins/${draft.id}/publier`, { version: '1' })).statusCode).toBe(404);
    expect((await other.get(`/besoins/${published.id}/modifier`)).statusCode).toBe(403);
    const edit = await other.post(`/besoins/${published.id}`, {
      ...needForm(org.id, { title: 'Piraté' }),
      version: '1',
    });
    expect(edit.statusCode).toBe(403);
    expect((await other.post(`/besoins/${published.id}/retirer`, { version: '1' })).statusCode).toBe(403);
    expect((await other.post(`/besoins/${published.id}/dupliquer`)).statusCode).toBe(403);

    const rows = await t.db.select().from(needs).where(eq(needs.organizationId, org.id));
    expect(rows.find((r) => r.id === draft.id)).toMatchObject({
      status: 'draft',
      title: 'Brouillon privé',
      version: 1,
    });
    expect(rows.find((r) => r.id === published.id)).toMatchObject({
      status: 'published',
      title: 'Besoin public',
      version: 1,
    });
    expect(rows.filter((r) => r.title.includes('(copie)') && r.createdBy === stranger.id)).toHaveLength(0);
  });

  it('lets an editor of the organization publish, withdraw and duplicate', async () => {
    const editor = await makePerson(t.db);
    const shared = await makeOrganization(t.db, { owner, editors: [editor] });
    const b = new Browser(t.app);
    await b.signIn(editor.email, TEST_PASSWORD);
    const need = await makeNeed(t.db, { org: shared, status: 'draft', publishedAt: null });
    expect((await b.post(`/besoins/${need.id}/publier`, { version: '1' })).statusCode).toBe(303);
    expect((await b.post(`/besoins/${need.id}/retirer`, { version: '2' })).statusCode).toBe(303);
    const [after] = await t.db.select().from(needs).where(eq(needs.id, need.id));
    expect(after).toMatchObject({ status: 'withdrawn', version: 3 });
    const copy = await b.post(`/besoins/${need.id}/dupliquer`);
    expect(copy.statusCode).toBe(303);
    const copyId = Number(copy.headers.location?.toString().split('/')[2]);
    const [dup] = await t.db.select().from(needs).where(eq(needs.id, copyId));
    expect(dup).toMatchObject({
      status: 'draft',
      title: `${need.title} (copie)`,
      hoursHundredths: need.hoursHundredths,
      createdBy: editor.id,
    });
  });

  it('lists the person’s needs with their status on /besoins', async () => {
    const page = await browser.get('/besoins');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Comptable pour la paie et la clôture');
    expect(page.body).toContain('Brouillon');
    expect(page.body).toContain('Publié');
  });
});

describe('concurrent edits', () => {
  it('refuses the second save of the same version and shows the other person’s version', async () => {
    const editor = await makePerson(t.db);
    const shared = await makeOrganization(t.db, { owner, editors: [editor] });
    const need = await makeNeed(t.db, { org: shared, title: 'Version de départ' });
    const second = new Browser(t.app);
    await second.signIn(editor.email, TEST_PASSWORD);

    const formA = await browser.get(`/besoins/${need.id}/modifier`);
    const formB = await second.get(`/besoins/${need.id}/modifier`);
    expect(formA.body).toContain('name="version" value="1"');
    expect(formB.body).toContain('name="version" value="1"');

    const first = await browser.post(`/besoins/${need.id}`, {
      ...needForm(shared.id, { title: 'Version de la responsable' }),
      version: '1',
    });
    expect(first.statusCode).toBe(303);
    const late = await second.post(`/besoins/${need.id}`, {
      ...needForm(shared.id, { title: 'Version de l’éditeur' }),
      version: '1',
    });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('modifié par quelqu’un d’autre');
    expect(late.body).toContain('Version de la responsable');
    expect(late.body).toContain('value="Version de l’éditeur"');
    expect(late.body).toContain('name="version" value="2"');

    const [row] = await t.db.select().from(needs).where(eq(needs.id, need.id));
    expect(row).toMatchObject({ title: 'Version de la responsable', version: 2 });

    // Having seen the other version, the editor may deliberately replace it.
    const again = await second.post(`/besoins/${need.id}`, {
      ...needForm(shared.id, { title: 'Version de l’éditeur' }),
      version: '2',
    });
    expect(again.statusCode).toBe(303);
  });

  it('answers 400 to a save without a version', async () => {
    const need = await makeNeed(t.db, { org: org });
    const response = await browser.post(`/besoins/${need.id}`, needForm(org.id));
    expect(response.statusCode).toBe(400);
  });
});
