/**
 * The import pages as a facilitator uses them: template download, upload and preview (rows, row
 * errors, structures to create, the column mapping changed in the page), import refused while a row has
 * an error, valid rows only on explicit choice, idempotent re-import, territories enforced, bad files.
 */

import { count, eq, inArray } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needs, organizations } from '../../db/schema';
import { TEMPLATE_HEADERS } from '../../server/imports';
import { fixture } from '../imports/support';
import { createTestApp, type TestApp } from '../support/app';
import { makePerson } from '../support/factories';
import { multipartBody, signedIn, upload, uploadIdOf } from './helpers';

let t: TestApp;
let facilitator: { id: number; email: string };
let elsewhere: { id: number; email: string };

beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 100_000, windowMs: 60_000 } });
  facilitator = await makePerson(t.db, { territories: ['90', '25'] });
  elsewhere = await makePerson(t.db, { territories: ['13'] });
});
afterAll(async () => {
  await t?.close();
});

const CSV_NAMES = ['Régie des Quartiers Est', 'Éco-Café Solidaire', 'Théâtre « Les Écluses »'];
const csvStructures = () => t.db.select().from(organizations).where(inArray(organizations.name, CSV_NAMES));
const needCount = async () => (await t.db.select({ n: count() }).from(needs))[0].n;

describe('template', () => {
  it('is a valid XLSX whose first sheet carries the French headers', async () => {
    const browser = await signedIn(t.app, facilitator.email);
    const response = await browser.get('/animation/import/modele.xlsx');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual(TEMPLATE_HEADERS.map(([, h]) => h));
    expect(sheet.rowCount).toBe(1);
  });

  it('exists as CSV with a BOM and `;`', async () => {
    const browser = await signedIn(t.app, facilitator.email);
    const response = await browser.get('/animation/import/modele.csv');
    expect(response.statusCode).toBe(200);
    expect(response.body.startsWith('\ufeffNom de la structure;N° SIRET;')).toBe(true);
  });
});

describe('upload and preview', () => {
  it('shows each row with its errors, the structures to create and the mapping', async () => {
    const browser = await signedIn(t.app, facilitator.email);
    const response = await upload(browser, 'besoins.csv', fixture('besoins-utf8-bom.csv'));
    expect(response.statusCode).toBe(200);
    expect(response.headers['hx-push-url']).toMatch(/^\/animation\/import\/[a-f0-9]{32}$/);
    const body = response.body;
    expect(body).toMatch(/<span class="figure">3<\/span>\s*lignes lues/);
    expect(body).toMatch(/<span class="figure">2<\/span>\s*valides/);
    expect(body).toMatch(/<span class="figure">1<\/span>\s*en erreur/);
    expect(body).toContain('Sera créée (non revendiquée)');
    expect(body).toMatch(/id="ligne-4" class="row-invalid"/);
    expect(body).toContain('ne tiennent pas');
    expect(body).toMatch(/id="ligne-2" class="row-valid"/);
    expect(body).toContain('Agent d&#39;entretien');
    // The mapping: one select per column, the detected field selected.
    expect(body).toMatch(/<select id="colonne-5" name="colonne-5">[\s\S]*?<option value="hours" selected>/);
    expect(body).toContain('Importer seulement les lignes valides (2)');
    // Nothing written by a preview.
    expect(await csvStructures()).toEqual([]);
  });

  it('suggests ROME codes for free-text titles', async () => {
    const browser = await signedIn(t.app, facilitator.email);
    const csv =
      'Nom de la structure;Code postal;Commune;Poste recherché;Heures / semaine;Jours souhaités\r\nAtelier Vélo;90000;Belfort;Secrétaire administrative;14;lundi, mardi\r\n';
    const response = await upload(browser, 'secretaire.csv', Buffer.from(csv));
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/class="row-valid"/);
    expect(response.body).toMatch(/\(M\d{4}\)/);
  });

  it('re-runs the analysis on the same file when the mapping changes', async () => {
    const browser = await signedIn(t.app, facilitator.email);
    const id = uploadIdOf((await upload(browser, 'besoins.csv', fixture('besoins-utf8-bom.csv'))).body);
    const ignored = await browser.post(`/animation/import/${id}/colonnes`, { 'colonne-5': '' });
    expect(ignored.statusCode).toBe(303);
    const without = await browser.get(`/animation/import/${id}`);
    expect(without.statusCode).toBe(200);
    expect(without.body).toContain('Colonnes introuvables');
    expect(without.body).toMatch(/<span class="figure">0<\/span>\s*valide/);
    await browser.post(`/animation/import/${id}/colonnes`, { 'colonne-5': 'hours' });
    const back = await browser.get(`/animation/import/${id}`);
    expect(back.body).toMatch(/<span class="figure">2<\/span>\s*valides/);
    const forged = await browser.post(`/animation/import/${id}/colonnes`, { 'colonne-5': '../../etc' });
    expect(forged.statusCode).toBe(400);
  });

  it('reads an Excel diagnosis with title rows and merged cells', async () => {
    const browser = await signedIn(t.app, facilitator.email);
    const response = await upload(browser, 'diagnostic.xlsx', fixture('diagnostic-belfort.xlsx'));
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/<span class="figure">6<\/span>\s*lignes lues/);
    expect(response.body).toMatch(/<span class="figure">3<\/span>\s*valides/);
    expect(response.body).toContain('SIRET invalide');
    // The contact column is recognised and its content never shown.
    expect(response.body).not.toContain('06 12 34 56 78');
  });

  it('makes rows outside the person’s territories errors', async () => {
    const browser = await signedIn(t.app, elsewhere.email);
    const response = await upload(browser, 'besoins.csv', fixture('besoins-utf8-bom.csv'));
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/<span class="figure">0<\/span>\s*valide/);
    expect(response.body).toContain('hors de vos territoires');
  });

  it('keeps an upload to its owner', async () => {
    const browser = await signedIn(t.app, facilitator.email);
    const id = uploadIdOf((await upload(browser, 'besoins.csv', fixture('besoins-utf8-bom.csv'))).body);
    const other = await signedIn(t.app, elsewhere.email);
    expect((await other.get(`/animation/import/${id}`)).statusCode).toBe(404);
    await other.get('/animation/import');
    expect((await other.post(`/animation/import/${id}/importer`, { choix: 'valides' })).statusCode).toBe(404);
    expect((await browser.get('/animation/import/..%2F..%2Fetc%2Fpasswd')).statusCode).toBe(404);
  });
});

describe('bad files', () => {
  for (const [name, message] of [
    ['pas-un-tableur.pdf', 'PDF'],
    ['vide.csv', 'Le fichier est vide'],
    ['sans-en-tete.csv', 'Aucune ligne d'],
    ['abime.xlsx', ''],
    ['protege.xlsx', 'mot de passe'],
  ] as const) {
    it(`answers 422 with a French message for ${name}`, async () => {
      const browser = await signedIn(t.app, facilitator.email);
      const response = await upload(browser, name, fixture(name));
      expect(response.statusCode).toBe(422);
      expect(response.body).toContain('id="fichier-error"');
      expect(response.body).toContain(message);
    });
  }

  it('answers 422 without a file and 400 for a body that is not multipart', async () => {
    const browser = await signedIn(t.app, facilitator.email);
    await browser.get('/animation/import');
    const body = multipartBody({ _csrf: browser.csrfToken ?? '' });
    const noFile = await t.app.inject({
      method: 'POST',
      url: '/animation/import',
      headers: { 'content-type': body.contentType },
      cookies: browser.cookies,
      payload: body.payload,
    });
    expect(noFile.statusCode).toBe(422);
    expect(noFile.body).toContain('Choisissez un fichier');
    expect((await browser.post('/animation/import', { fichier: 'x' })).statusCode).toBe(400);
  });

  it('refuses an upload without the CSRF token', async () => {
    const browser = await signedIn(t.app, facilitator.email);
    const response = await upload(browser, 'besoins.csv', fixture('besoins-utf8-bom.csv'), false);
    expect(response.statusCode).toBe(403);
  });

  it('refuses a file over 10 MB with a message', async () => {
    const browser = await signedIn(t.app, facilitator.email);
    const response = await upload(browser, 'enorme.csv', Buffer.alloc(10 * 1024 * 1024 + 10, 'a'));
    expect(response.statusCode).toBe(413);
    expect(response.body).toContain('dépasse 10 Mo');
  });
});

describe('import', () => {
  it('refuses "Importer" while a row has an error, then imports the valid rows once', async () => {
    const browser = await signedIn(t.app, facilitator.email);
    const id = uploadIdOf((await upload(browser, 'besoins.csv', fixture('besoins-utf8-bom.csv'))).body);
    const before = await needCount();

    const refused = await browser.post(`/animation/import/${id}/importer`, { choix: 'tout' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Rien n’a été importé');
    expect(await needCount()).toBe(before);
    expect(await csvStructures()).toEqual([]);

    const imported = await browser.post(`/animation/import/${id}/importer`, { choix: 'valides' });
    expect(imported.statusCode).toBe(303);
    const page = await browser.get(imported.headers.location as string);
    expect(page.body).toContain('Import terminé : 2 besoins créés en brouillon');
    expect(await needCount()).toBe(before + 2);
    const created = await csvStructures();
    expect(created.map((o) => o.name).sort()).toEqual(['Régie des Quartiers Est', 'Éco-Café Solidaire']);
    expect(created.every((o) => o.claimed === false && o.status === 'pending')).toBe(true);
    const drafts = await t.db
      .select()
      .from(needs)
      .where(
        inArray(
          needs.organizationId,
          created.map((o) => o.id),
        ),
      );
    expect(drafts.map((n) => n.status)).toEqual(['draft', 'draft']);
    expect(drafts.every((n) => n.createdBy === facilitator.id)).toBe(true);
    // The page says what was saved, links the structures, and offers no import any more.
    expect(page.body).toContain('Import enregistré');
    for (const o of created) expect(page.body).toContain(`href="/organisations/${o.id}"`);
    expect(page.body).not.toContain('/importer');

    // Re-importing the same file (a new upload) creates nothing.
    const again = uploadIdOf((await upload(browser, 'besoins.csv', fixture('besoins-utf8-bom.csv'))).body);
    const second = await browser.post(`/animation/import/${again}/importer`, { choix: 'valides' });
    expect(second.statusCode).toBe(303);
    expect((await browser.get(second.headers.location as string)).body).toContain('0 besoin créé');
    expect(await needCount()).toBe(before + 2);
    expect(await csvStructures()).toHaveLength(2);

    // The structures appear unclaimed in the territory space.
    const structures = await browser.get('/animation/structures?etat=unclaimed');
    expect(structures.body).toContain('Régie des Quartiers Est');
  });

  it('imports everything with "Importer" when no row has an error', async () => {
    const browser = await signedIn(t.app, facilitator.email);
    const csv =
      'Nom de la structure;Code postal;Commune;Poste recherché;Heures / semaine;Jours souhaités\r\nAtelier Cycles;90000;Belfort;M1203;14;lundi, mardi\r\n';
    const id = uploadIdOf((await upload(browser, 'propre.csv', Buffer.from(csv))).body);
    expect((await browser.post(`/animation/import/${id}/importer`, { choix: 'autre' })).statusCode).toBe(422);
    const response = await browser.post(`/animation/import/${id}/importer`, { choix: 'tout' });
    expect(response.statusCode).toBe(303);
    const [org] = await t.db.select().from(organizations).where(eq(organizations.name, 'Atelier Cycles'));
    expect(org.claimed).toBe(false);
    // Posting the import again is a no-op that says so.
    const again = await browser.post(`/animation/import/${id}/importer`, { choix: 'tout' });
    expect(again.statusCode).toBe(303);
    expect((await browser.get(again.headers.location as string)).body).toContain('déjà été importé');
    expect(
      await t.db.select().from(organizations).where(eq(organizations.name, 'Atelier Cycles')),
    ).toHaveLength(1);
  });
});
