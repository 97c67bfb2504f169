import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailOutbox, needs, savedSearches } from '../../db/schema';
import { sendDueDigests, unsubscribeToken } from '../../server/alerts/service';
import { ensureIndexes } from '../../server/search/settings';
import { SEARCH_INDEXES } from '../../server/search-sources';
import { addNeed } from '../search/helpers';
import { createTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { makeOrganization, makePerson, TEST_PASSWORD } from '../support/factories';
import { deleteIndexesWithPrefix } from '../support/meili';

let t: TestApp;
let person: Awaited<ReturnType<typeof makePerson>>;
let browser: Browser;

beforeAll(async () => {
  t = await createTestApp();
  await ensureIndexes(t.search, SEARCH_INDEXES);
  person = await makePerson(t.db, { email: 'veille@exemple.invalid' });
  browser = new Browser(t.app);
  await browser.signIn(person.email, TEST_PASSWORD);
});
afterAll(async () => {
  await deleteIndexesWithPrefix(t.search.indexPrefix);
  await t.close();
});

describe('saved searches', () => {
  it('saves the current search with a weekly alert', async () => {
    const form = await browser.get('/alertes/nouvelle?q=compta&pres=Belfort&km=20&page=3&tri=date');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('« compta » à moins de 20 km de Belfort');
    const response = await browser.post('/alertes', {
      label: 'Comptables près de Belfort',
      frequency: 'weekly',
      query: 'q=compta&pres=Belfort&km=20&page=3&tri=date',
    });
    expect(response.statusCode).toBe(303);
    const [row] = await t.db.select().from(savedSearches).where(eq(savedSearches.personId, person.id));
    expect(row).toMatchObject({
      label: 'Comptables près de Belfort',
      frequency: 'weekly',
      query: 'q=compta&pres=Belfort&km=20',
    });
    expect((await browser.get('/alertes')).body).toContain('Comptables près de Belfort');
  });

  it('refuses a bad frequency or an empty name with a French message', async () => {
    const response = await browser.post('/alertes', { label: '', frequency: 'hourly', query: 'q=x' });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Nom de la recherche : champ obligatoire.');
    expect(response.body).toContain('Alerte : choisissez une fréquence.');
  });

  it('lets nobody else delete a saved search', async () => {
    const [row] = await t.db.select().from(savedSearches).where(eq(savedSearches.personId, person.id));
    const other = await makePerson(t.db);
    const b = new Browser(t.app);
    await b.signIn(other.email, TEST_PASSWORD);
    expect((await b.post(`/alertes/${row.id}/supprimer`)).statusCode).toBe(404);
    expect(await t.db.select().from(savedSearches).where(eq(savedSearches.id, row.id))).toHaveLength(1);
  });
});

describe('digests', () => {
  it('mails the public records new since the last digest, once, with a working unsubscribe link', async () => {
    const [saved] = await t.db.select().from(savedSearches).where(eq(savedSearches.personId, person.id));
    const eightDaysAgo = new Date(Date.now() - 8 * 86_400_000);
    await t.db
      .update(savedSearches)
      .set({ lastDigestAt: eightDaysAgo })
      .where(eq(savedSearches.id, saved.id));
    const owner = await makePerson(t.db);
    const org = await makeOrganization(t.db, { owner, name: 'Atelier Lion Vert' });
    const fresh = await addNeed(t.db, owner.id, org.id, { title: 'Comptable pour la clôture annuelle' });
    await addNeed(t.db, owner.id, org.id, { title: 'Comptable en brouillon' }, false);
    await addNeed(t.db, owner.id, org.id, { title: 'Comptable à Marseille', place: 'marseille' });
    const old = await addNeed(t.db, owner.id, org.id, { title: 'Comptable déjà signalé' });
    await t.db
      .update(needs)
      .set({ publishedAt: new Date(Date.now() - 9 * 86_400_000) })
      .where(eq(needs.id, old));
    // Published ten minutes ago: after the last digest and before the indexing lag.
    await t.db
      .update(needs)
      .set({ publishedAt: new Date(Date.now() - 10 * 60_000) })
      .where(eq(needs.id, fresh));
    await t.app.searchIndexer.drain();

    const options = { publicUrl: 'http://mosaique.test', secret: t.config.sessionSecret };
    expect(await sendDueDigests(t.db, t.search, options)).toBe(1);
    const mails = await t.db.select().from(mailOutbox).where(eq(mailOutbox.kind, 'search-alert'));
    expect(mails).toHaveLength(1);
    expect(mails[0].to).toBe('veille@exemple.invalid');
    expect(mails[0].subject).toBe('Mosaïque : 1 nouveauté pour « Comptables près de Belfort »');
    expect(mails[0].text).toContain('Comptable pour la clôture annuelle');
    expect(mails[0].text).toContain(`http://mosaique.test/besoins/${fresh}`);
    expect(mails[0].text).not.toContain('brouillon');
    expect(mails[0].text).not.toContain('Marseille');
    expect(mails[0].text).not.toContain('déjà signalé');
    const link = `/alertes/desabonner/${saved.id}/${unsubscribeToken(t.config.sessionSecret, saved.id)}`;
    expect(mails[0].text).toContain(`http://mosaique.test${link}`);

    // Not due again before a week.
    expect(await sendDueDigests(t.db, t.search, options)).toBe(0);

    // The link works without signing in; a GET alone changes nothing.
    const visitor = new Browser(t.app);
    const page = await visitor.get(link);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Ne plus recevoir cette alerte');
    const [still] = await t.db.select().from(savedSearches).where(eq(savedSearches.id, saved.id));
    expect(still.frequency).toBe('weekly');
    expect((await visitor.post(link)).statusCode).toBe(200);
    const [after] = await t.db.select().from(savedSearches).where(eq(savedSearches.id, saved.id));
    expect(after.frequency).toBe('none');
    expect((await visitor.get(`/alertes/desabonner/${saved.id}/faux-jeton`)).statusCode).toBe(404);
  });
});
