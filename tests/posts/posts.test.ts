/**
 * Shared posts: opening one (owners only), finding it on /postes (Meilisearch and the fallback), its
 * JobPosting data, expressing interest (each bad field), candidates for members only, the purge, closing
 * as filled, and no contact details in public pages, JSON or the posts index.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compositions, mailOutbox, memberships, postCandidates, sharedPosts } from '../../db/schema';
import { postsIndexName } from '../../server/posts/search-index';
import { purgeExpiredCandidates } from '../../server/posts/service';
import { createSearchService } from '../../server/search/service';
import { createTestApp, type TestApp } from '../support/app';
import { Browser, signedIn } from '../support/browser';
import { makeAcceptedComposition, makeOrganization, makePerson } from '../support/factories';
import { expectFragmentOfPage } from '../support/fragments';
import { postForm } from './helpers';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 10_000, windowMs: 60_000 } });
});
afterAll(async () => {
  await t?.close();
});

/** An accepted composition and its post opened by the first structure's owner, through the form. */
async function openedPost(overrides: Record<string, string> = {}) {
  const setup = await makeAcceptedComposition(t.db);
  const owner = await signedIn(t.app, setup.a.owner.email);
  const response = await owner.post(
    `/compositions/${setup.c.id}/poste`,
    postForm(setup.c.version, overrides),
  );
  expect(response.statusCode).toBe(303);
  const postId = Number(String(response.headers.location).split('/').pop());
  return { ...setup, owner, postId };
}

const interest = (overrides: Record<string, string> = {}) => ({
  name: 'Camille Candidate',
  email: 'camille.candidate@exemple.fr',
  phone: '07 98 76 54 32',
  message: 'Dix ans de comptabilité associative.',
  consent: 'on',
  ...overrides,
});

describe('opening a post', () => {
  it('an owner opens it: the post exists, the composition is post_opened with an event', async () => {
    const { c, postId, owner } = await openedPost();
    const [post] = await t.db.select().from(sharedPosts).where(eq(sharedPosts.id, postId));
    expect(post).toMatchObject({
      compositionId: c.id,
      status: 'open',
      hoursHundredths: 3500,
      contractType: 'CDI',
    });
    expect(post.communeNames).toEqual(['Belfort']);
    const [after] = await t.db.select().from(compositions).where(eq(compositions.id, c.id));
    expect(after.status).toBe('post_opened');
    const page = await owner.get(`/compositions/${c.id}`);
    expect(page.body).toContain('Poste partagé ouvert');
    // A second opening is refused; the form page now leads to the post.
    expect((await owner.get(`/compositions/${c.id}/poste`)).headers.location).toBe(`/postes/${postId}`);
  });

  it('outsiders get a 404, editors a 403, and nothing is opened', async () => {
    const { c, a } = await makeAcceptedComposition(t.db);
    const outsider = await makePerson(t.db);
    await makeOrganization(t.db, { owner: outsider });
    const out = await signedIn(t.app, outsider.email);
    expect((await out.get(`/compositions/${c.id}/poste`)).statusCode).toBe(404);
    expect((await out.post(`/compositions/${c.id}/poste`, postForm(c.version))).statusCode).toBe(404);
    const editor = await makePerson(t.db);
    await t.db.insert(memberships).values({ personId: editor.id, organizationId: a.org.id, role: 'editor' });
    expect(
      (await (await signedIn(t.app, editor.email)).post(`/compositions/${c.id}/poste`, postForm(c.version)))
        .statusCode,
    ).toBe(403);
    expect(await t.db.select().from(sharedPosts).where(eq(sharedPosts.compositionId, c.id))).toEqual([]);
  });

  it('bad input: 422 with the input kept; a stale version: 409; no GE chosen yet: 409', async () => {
    const { c, a } = await makeAcceptedComposition(t.db);
    const owner = await signedIn(t.app, a.owner.email);
    const bad = await owner.post(
      `/compositions/${c.id}/poste`,
      postForm(c.version, { title: 'Co', startDate: '2027-02-30' }),
    );
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Intitulé du poste : au moins 5 caractères.');
    expect(bad.body).toContain('Date de début : cette date n’existe pas.');
    expect(bad.body).toContain('Tenue de la comptabilité de deux structures');
    const stale = await owner.post(`/compositions/${c.id}/poste`, postForm(c.version - 1));
    expect(stale.statusCode).toBe(409);
    const noGe = await makeAcceptedComposition(t.db, { ge: null });
    const r = await (await signedIn(t.app, noGe.a.owner.email)).post(
      `/compositions/${noGe.c.id}/poste`,
      postForm(noGe.c.version),
    );
    expect(r.statusCode).toBe(409);
    expect(r.body).toContain('Choisissez d’abord le groupement');
  });
});

describe('/postes and a post page', () => {
  it('finds the open post in Meilisearch and in the fallback, with filters', async () => {
    const { postId } = await openedPost({ title: 'Trésorier gestionnaire partagé' });
    await t.app.searchIndexer.drain();
    const visitor = new Browser(t.app);
    const json = async (url: string) =>
      JSON.parse((await visitor.get(url, { accept: 'application/json' })).body);
    const found = await json('/postes?q=tresorier');
    expect(found.degraded).toBe(false);
    expect(found.hits.map((h: { id: number }) => h.id)).toContain(postId);
    expect((await json('/postes?q=tresorier&departement=13')).total).toBe(0);
    expect((await json('/postes?q=tresorier&pres=Marseille&km=50')).total).toBe(0);
    expect((await json('/postes?q=tresorier&pres=Belfort&km=10')).total).toBe(1);
    expect((await json('/postes?q=tresorier&debut=2027-04-01')).total).toBe(0);
    expect((await json('/postes?q=tresorier&debut=2027-02-01&role=M1203')).total).toBe(1);
    // The role picker without JavaScript: the text typed, resolved to one role, or several offered.
    expect((await json('/postes?q=tresorier&metier=compta&role=')).total).toBe(1);
    expect((await json('/postes?q=tresorier&metier=plombier&role=')).total).toBe(0);
    const several = await visitor.get('/postes?q=tresorier&metier=femme+de+m%C3%A9nage&role=');
    expect(several.body).toContain('plusieurs métiers correspondent');
    expect(several.body).toContain('href="/postes?q=tresorier&amp;role=K2204"');
    // The page includes the very results its htmx fragment answers while one types.
    const { page } = await expectFragmentOfPage(visitor, '/postes?q=tresorier', {
      target: 'post-results',
      swap: 'innerHTML',
    });
    expect(page).toContain('Trésorier gestionnaire partagé');

    // Fallback: the same app on a Meilisearch that does not answer.
    const down = createSearchService({ url: 'http://127.0.0.1:9', indexPrefix: 'none_' });
    const { searchPosts, parsePostParams } = await import('../../server/posts/search');
    const degraded = await searchPosts(
      t.db,
      down,
      parsePostParams({ q: 'trésorier', pres: 'Belfort', km: '10' }),
    );
    expect(degraded.degraded).toBe(true);
    expect(degraded.hits.map((h) => h.id)).toContain(postId);
    expect(
      (await searchPosts(t.db, down, parsePostParams({ q: 'trésorier', departement: '13' }))).total,
    ).toBe(0);
  });

  it('the page carries valid JobPosting JSON-LD, escaped so that </script> cannot break out', async () => {
    const { postId } = await openedPost({
      description: 'Comptabilité </script><script>alert(1)</script> & paie des deux structures.',
    });
    const page = await new Browser(t.app).get(`/postes/${postId}`);
    expect(page.statusCode).toBe(200);
    const blocks = [...page.body.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)];
    expect(blocks).toHaveLength(1);
    expect(blocks[0][1]).not.toContain('<');
    const data = JSON.parse(blocks[0][1]);
    expect(data).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'JobPosting',
      employmentType: 'FULL_TIME',
      hiringOrganization: { '@type': 'Organization' },
      jobStartDate: '2027-03-01',
    });
    // HTML, as JobPosting wants it: the text escaped inside paragraphs.
    expect(data.description).toBe(
      '<p>Comptabilité &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; paie des deux structures.</p>',
    );
    expect(data.datePosted).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(data.jobLocation[0].address).toMatchObject({
      addressLocality: 'Belfort',
      postalCode: '90000',
      addressCountry: 'FR',
    });
    expect(data.jobLocation[0].geo.latitude).toBeCloseTo(47.6, 0);
    expect(page.body).toContain('GE en cours de création');
  });
});

describe('expressing interest', () => {
  it('happy path: stored with an expiry, members mailed without the candidate’s details', async () => {
    const { postId, c } = await openedPost();
    const visitor = new Browser(t.app);
    await visitor.get(`/postes/${postId}`);
    const response = await visitor.post(`/postes/${postId}/interet`, interest());
    expect(response.statusCode).toBe(303);
    const [row] = await t.db.select().from(postCandidates).where(eq(postCandidates.postId, postId));
    expect(row).toMatchObject({ name: 'Camille Candidate', email: 'camille.candidate@exemple.fr' });
    const months = (row.expiresAt.getTime() - row.createdAt.getTime()) / (30 * 86_400_000);
    expect(months).toBeGreaterThan(5.8);
    expect(months).toBeLessThan(6.3);
    const mails = await t.db.select().from(mailOutbox).where(eq(mailOutbox.kind, 'post-interest'));
    const ours = mails.filter((m) => m.text.includes(`/compositions/${c.id}/candidats`));
    expect(ours.length).toBe(2);
    for (const m of ours) {
      expect(m.text).not.toContain('Camille');
      expect(m.text).not.toContain('camille.candidate');
    }
  });

  it.each<[string, Record<string, string>, string]>([
    ['name', { name: '' }, 'Nom : au moins 2 caractères.'],
    ['email', { email: 'pas-une-adresse' }, 'Adresse e-mail : adresse invalide'],
    ['phone', { phone: '12' }, 'Téléphone : numéro invalide'],
    ['message', { message: 'x'.repeat(2001) }, 'Message : 2000 caractères au plus.'],
    ['contact', { email: '', phone: '' }, 'indiquez au moins l’un des deux'],
    ['consent', { consent: '' }, 'Consentement : cochez la case'],
  ])('bad %s: 422, message beside the field, input kept, nothing stored', async (_field, bad, message) => {
    const { postId } = await openedPost();
    const response = await new Browser(t.app).post(
      `/postes/${postId}/interet`,
      interest({ ...bad, name: bad.name ?? 'Dominique Garde' }),
    );
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain(message);
    if (bad.name === undefined) expect(response.body).toContain('value="Dominique Garde"');
    expect(await t.db.select().from(postCandidates).where(eq(postCandidates.postId, postId))).toEqual([]);
  });

  it('candidates are visible to the members only; the purge deletes expired ones', async () => {
    const { postId, c, b } = await openedPost();
    await new Browser(t.app).post(`/postes/${postId}/interet`, interest());
    const member = await signedIn(t.app, b.owner.email);
    const page = await member.get(`/compositions/${c.id}/candidats`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('camille.candidate@exemple.fr');
    const outsider = await makePerson(t.db);
    await makeOrganization(t.db, { owner: outsider });
    expect(
      (await (await signedIn(t.app, outsider.email)).get(`/compositions/${c.id}/candidats`)).statusCode,
    ).toBe(404);
    expect((await new Browser(t.app).get(`/compositions/${c.id}/candidats`)).statusCode).not.toBe(200);

    const [row] = await t.db.select().from(postCandidates).where(eq(postCandidates.postId, postId));
    await purgeExpiredCandidates(t.db, new Date(row.expiresAt.getTime() - 1000));
    expect(await t.db.select().from(postCandidates).where(eq(postCandidates.postId, postId))).toHaveLength(1);
    expect(
      await purgeExpiredCandidates(t.db, new Date(row.expiresAt.getTime() + 1000)),
    ).toBeGreaterThanOrEqual(1);
    expect(await t.db.select().from(postCandidates).where(eq(postCandidates.postId, postId))).toEqual([]);
  });
});

describe('closing a post', () => {
  it('as filled: post and composition filled, filledAt set, page says so, no more interest, gone from /postes', async () => {
    const { postId, c, owner } = await openedPost({ title: 'Économe pourvu bientôt' });
    const [post] = await t.db.select().from(sharedPosts).where(eq(sharedPosts.id, postId));
    const outsider = await makePerson(t.db);
    await makeOrganization(t.db, { owner: outsider });
    expect(
      (
        await (
          await signedIn(t.app, outsider.email)
        ).post(`/postes/${postId}/cloturer`, { version: String(post.version), outcome: 'filled' })
      ).statusCode,
    ).toBe(403);
    expect(
      (await owner.post(`/postes/${postId}/cloturer`, { version: String(post.version), outcome: 'oops' }))
        .statusCode,
    ).toBe(422);
    const closed = await owner.post(`/postes/${postId}/cloturer`, {
      version: String(post.version),
      outcome: 'filled',
    });
    expect(closed.statusCode).toBe(303);
    const [after] = await t.db.select().from(sharedPosts).where(eq(sharedPosts.id, postId));
    expect(after.status).toBe('filled');
    expect(after.filledAt).toBeInstanceOf(Date);
    expect((await t.db.select().from(compositions).where(eq(compositions.id, c.id)))[0].status).toBe(
      'filled',
    );
    const page = await new Browser(t.app).get(`/postes/${postId}`);
    expect(page.body).toContain('Poste pourvu');
    expect(page.body).not.toContain('application/ld+json');
    expect((await new Browser(t.app).post(`/postes/${postId}/interet`, interest())).statusCode).toBe(409);
    await t.app.searchIndexer.drain();
    const list = JSON.parse(
      (await new Browser(t.app).get('/postes?q=econome', { accept: 'application/json' })).body,
    );
    expect(list.total).toBe(0);
  });
});

describe('no contact details in public', () => {
  it('public pages, JSON and the posts index hold no member’s or candidate’s email or phone', async () => {
    const { postId, a, b } = await openedPost({ title: 'Agent de propreté partagé' });
    await new Browser(t.app).post(`/postes/${postId}/interet`, interest());
    await t.app.searchIndexer.drain();
    const secrets = [
      a.owner.email,
      b.owner.email,
      '06 12 34 56 78',
      '0612345678',
      'camille.candidate@exemple.fr',
      '07 98 76 54 32',
    ];
    const visitor = new Browser(t.app);
    const bodies = [
      (await visitor.get(`/postes/${postId}`)).body,
      (await visitor.get('/postes')).body,
      (await visitor.get('/postes', { accept: 'application/json' })).body,
      (await visitor.get(`/postes/${postId}`, { accept: 'application/json' })).body,
    ];
    const client = t.search.client;
    if (!client) throw new Error('tests need Meilisearch');
    const docs = await client.index(postsIndexName(t.search)).getDocuments({ limit: 1000 });
    expect(docs.results.length).toBeGreaterThan(0);
    bodies.push(JSON.stringify(docs.results));
    for (const body of bodies) for (const secret of secrets) expect(body).not.toContain(secret);
  });
});
