/**
 * An import never duplicates a structure the site knows: rows naming a registered structure (any case,
 * accents, hyphens, "Regie" for "Régie", a legal-form word) in its commune are linked to it, whether it
 * has a SIRET or not; the preview says which, and lets the facilitator choose per row; the import page
 * then says what was saved, once.
 */
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needs, organizations } from '../../db/schema';
import { createTestApp, type TestApp } from '../support/app';
import { makeOrganization, makePerson } from '../support/factories';
import { signedIn, upload, uploadIdOf } from './helpers';

let t: TestApp;
let facilitator: { id: number; email: string };
let lionVert: typeof organizations.$inferSelect;
let regie: typeof organizations.$inferSelect;

beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 100_000, windowMs: 60_000 } });
  facilitator = await makePerson(t.db, { territories: ['90', '25'] });
  lionVert = await makeOrganization(t.db, { name: 'Atelier Lion Vert' });
  regie = await makeOrganization(t.db, { name: 'Régie des Quartiers' });
  // Registered without SIRET (an earlier import): found all the same.
  await t.db.update(organizations).set({ siret: null }).where(eq(organizations.id, regie.id));
});
afterAll(async () => {
  await t?.close();
});

const HEADER = 'Nom de la structure;Code postal;Commune;Poste recherché;Heures / semaine;Jours souhaités';
const CSV = [
  HEADER,
  'ATELIER LION-VERT;90000;Belfort;M1203;14;lundi, mardi', // row 2: the registered one
  'Regie des quartiers (association);90000;Belfort;K2112;7;mercredi', // row 3: idem, no SIRET
  'Atelier Lion Vert;25000;Besançon;M1203;6;jeudi', // row 4: another département: a new one
  'Atelier  Lion Vert SAS;90000;Belfort;K2112;7;vendredi', // row 5: the facilitator says "new"
].join('\r\n');

const named = (names: string[]) =>
  t.db.select().from(organizations).where(inArray(organizations.name, names));

describe('import of structures already registered', () => {
  it('links rows to existing structures by normalised name and commune, per-row choice kept', async () => {
    const browser = await signedIn(t.app, facilitator.email);
    const preview = await upload(browser, 'doublons.csv', Buffer.from(CSV));
    expect(preview.statusCode).toBe(200);
    const body = preview.body;
    expect(body).toContain(`structure existante : Atelier Lion Vert (SIRET ${lionVert.siret})`);
    expect(body).toContain('structure existante : Régie des Quartiers</span>');
    expect(body).toMatch(/id="structure-4-choix">nouvelle structure</);
    // Rows 2, 3 and 5 offer their candidate (selected) or a new structure; row 4 has nothing to choose.
    expect(body).toMatch(
      new RegExp(
        `<select id="structure-2" name="structure-2" form="import-commit"[^>]*>\\s*<option value="${lionVert.id}" selected>`,
      ),
    );
    expect(body).not.toContain('name="structure-4"');
    const id = uploadIdOf(body);

    // A structure the row was not offered: refused, nothing written.
    const forged = await browser.post(`/animation/import/${id}/importer`, {
      choix: 'tout',
      'structure-2': String(regie.id),
    });
    expect(forged.statusCode).toBe(422);
    expect(forged.body).toContain('Ligne 2 : la structure choisie n’est plus proposée');
    expect(await named(['ATELIER LION-VERT', 'Atelier  Lion Vert SAS', 'Atelier Lion Vert SAS'])).toEqual([]);

    const imported = await browser.post(`/animation/import/${id}/importer`, {
      choix: 'tout',
      'structure-5': 'nouvelle',
    });
    expect(imported.statusCode).toBe(303);
    const page = await browser.get(imported.headers.location as string);
    expect(page.body).toContain('Import terminé : 4 besoins créés en brouillon');
    expect(page.body).toContain('2 structures créées');
    expect(page.body).toContain('2 structures existantes reliées');
    expect(page.body).toContain(`<a href="/organisations/${lionVert.id}">Atelier Lion Vert</a>`);
    expect(page.body).toContain(`<a href="/organisations/${regie.id}">Régie des Quartiers</a>`);
    expect(page.body).not.toContain('/importer');

    const needsOf = async (orgId: number) =>
      (await t.db.select().from(needs).where(eq(needs.organizationId, orgId))).length;
    expect(await needsOf(lionVert.id)).toBe(1);
    expect(await needsOf(regie.id)).toBe(1);
    // Only the Besançon row and the row the facilitator marked new created structures.
    const created = await t.db.select().from(organizations).where(eq(organizations.claimed, false));
    expect(created.map((o) => [o.name, o.communeName]).sort()).toEqual([
      ['Atelier Lion Vert SAS', 'Belfort'],
      ['Atelier Lion Vert', 'Besançon'],
    ]);

    // "Importer" again (a second tab, a replayed form): nothing more.
    const again = await browser.post(`/animation/import/${id}/importer`, { choix: 'tout' });
    expect(again.statusCode).toBe(303);
    expect((await browser.get(again.headers.location as string)).body).toContain('déjà été importé');
    expect(await t.db.select().from(organizations).where(eq(organizations.claimed, false))).toHaveLength(2);
    expect(await needsOf(lionVert.id)).toBe(1);
  });
});
