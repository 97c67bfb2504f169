/**
 * A page past the last page of results (`?page=99`) on /recherche and /postes: a message that the page
 * does not exist with links to the last and first pages, 404 for the page and 200 for its htmx fragment
 * (htmx swaps no error answer); never an unexplained empty list. The pages that exist are unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureIndexes } from '../../server/search/settings';
import { SEARCH_INDEXES } from '../../server/search-sources';
import { postForm } from '../posts/helpers';
import { createTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { makeAcceptedComposition, makeOrganization, makePerson, TEST_PASSWORD } from '../support/factories';
import { addNeed } from './helpers';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  expect(await ensureIndexes(t.search, SEARCH_INDEXES)).toBe(true);
  const owner = await makePerson(t.db);
  const org = await makeOrganization(t.db, { owner });
  await addNeed(t.db, owner.id, org.id, { title: 'Comptable à temps partagé' });
  // An open post, opened through its form so that it is indexed like any other.
  const setup = await makeAcceptedComposition(t.db);
  const browser = new Browser(t.app);
  await browser.signIn(setup.a.owner.email, TEST_PASSWORD);
  const opened = await browser.post(`/compositions/${setup.c.id}/poste`, postForm(setup.c.version));
  expect(opened.statusCode).toBe(303);
  // 21 gardeners' needs on /recherche: two pages of 20 for the search "jardinier".
  for (let i = 0; i < 21; i++)
    await addNeed(t.db, owner.id, org.id, {
      title: `Jardinier maraîcher numéro ${i + 1}`,
      roleCode: 'A1203',
      roleLabel: 'Aménagement et entretien des espaces verts',
    });
  await t.app.searchIndexer.drain();
});
afterAll(async () => {
  await t?.close();
});

const get = (url: string, htmx = false) =>
  t.app.inject({ method: 'GET', url, headers: htmx ? { 'hx-request': 'true' } : {} });

/** The text of the page's message and the links it gives, tags out. */
function pastLastPage(html: string) {
  const notice = /<div class="notice" role="status">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';
  return {
    text: notice
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
    links: [...notice.matchAll(/<a href="([^"]*)">([^<]*)<\/a>/g)].map((m) => [
      m[1].replace(/&amp;/g, '&'),
      m[2],
    ]),
  };
}

describe.each([
  { path: '/recherche', query: 'q=comptable', list: '<ol class="hits">' },
  { path: '/postes', query: 'q=comptable', list: '<ol class="hits post-hits">' },
])('$path past its last page', ({ path, query, list }) => {
  it('says the page does not exist and links to the last page, with a 404', async () => {
    const response = await get(`${path}?${query}&page=99`);
    expect(response.statusCode).toBe(404);
    expect(response.body).toMatch(/^<!doctype html>/i);
    expect(response.body).not.toContain(list);
    expect(response.body).not.toContain('rel="prev"');
    const message = pastLastPage(response.body);
    expect(message.text).toContain(
      'Cette page n’existe pas : les résultats de cette recherche s’arrêtent à la page 1.',
    );
    expect(message.links).toHaveLength(1);
    const [href, label] = message.links[0];
    expect(label).toBe('Revenir à la première page');
    // The link keeps the search and leads to a page with the results.
    const back = await get(href);
    expect(back.statusCode).toBe(200);
    expect(back.body).toContain(list);
    expect(new URL(href, 'http://x').searchParams.get('q')).toBe('comptable');
  });

  it('answers the same message to htmx with a 200, so that it is swapped in', async () => {
    const response = await get(`${path}?${query}&page=99`, true);
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toMatch(/<!doctype html>/i);
    expect(pastLastPage(response.body).text).toContain('Cette page n’existe pas');
  });

  it('says so for a search without any result too', async () => {
    const response = await get(`${path}?q=zzzzqqqq&page=3`);
    expect(response.statusCode).toBe(404);
    expect(pastLastPage(response.body).text).toContain(
      'Cette page n’existe pas : cette recherche n’a aucun résultat.',
    );
  });

  it('leaves the first page alone', async () => {
    const response = await get(`${path}?${query}`);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain(list);
    expect(response.body).not.toContain('Cette page n’existe pas');
  });
});

describe('a search of several pages', () => {
  it('links to its last page and its first page', async () => {
    const response = await get('/recherche?q=jardinier&page=7');
    expect(response.statusCode).toBe(404);
    const message = pastLastPage(response.body);
    expect(message.text).toContain('s’arrêtent à la page 2.');
    expect(message.links.map(([, label]) => label)).toEqual([
      'Revenir à la dernière page (page 2)',
      'à la première page',
    ]);
    const last = await get(message.links[0][0]);
    expect(last.statusCode).toBe(200);
    expect(last.body).toContain('Page 2 sur 2');
    expect(last.body.match(/<li class="hit">/g)).toHaveLength(1);
    expect(new URL(message.links[1][0], 'http://x').searchParams.get('page') ?? '1').toBe('1');
  });
});
