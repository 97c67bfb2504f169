/**
 * Public discovery: robots.txt, the sitemap and the Atom feed list open posts and published offers only,
 * escaped, with the site's absolute URL (PUBLIC_URL, else the request's own, behind a trusted proxy
 * too); /postes announces the feed; a post page has its canonical link, Open Graph tags and its own
 * description; the favicon answers at /favicon.ico.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offers, sharedPosts } from '../../db/schema';
import { createTestApp, type TestApp } from '../support/app';
import { makeAcceptedComposition, makeOrganization } from '../support/factories';

let t: TestApp;
const posts: Record<'open' | 'filled' | 'abandoned', number> = { open: 0, filled: 0, abandoned: 0 };
const offerIds: Record<'published' | 'draft' | 'unvalidated', number> = {
  published: 0,
  draft: 0,
  unvalidated: 0,
};

beforeAll(async () => {
  t = await createTestApp();
  const place = {
    roleCode: 'M1203',
    roleLabel: 'Comptabilité',
    startDate: '2027-03-01',
    communeNames: ['Belfort'],
    communeCodes: ['90010'],
    departements: ['90'],
    lat: 47.64,
    lon: 6.86,
  };
  for (const status of ['open', 'filled', 'abandoned'] as const) {
    const [row] = await t.db
      .insert(sharedPosts)
      .values({
        ...place,
        compositionId: (await makeAcceptedComposition(t.db)).c.id,
        title: status === 'open' ? 'Comptable <partagé> & "CDI"' : `Poste ${status}`,
        description: 'Tenue de la comptabilité,\nde deux structures <b>d’insertion</b> & plus.',
        status,
        ...(status === 'filled' ? { filledAt: new Date(), closedAt: new Date() } : {}),
        ...(status === 'abandoned' ? { closedAt: new Date() } : {}),
      })
      .returning({ id: sharedPosts.id });
    posts[status] = row.id;
  }
  const validated = await makeOrganization(t.db, { validated: true });
  const pending = await makeOrganization(t.db, { validated: false });
  const offer = (organizationId: number, status: 'published' | 'draft') =>
    t.db
      .insert(offers)
      .values({ organizationId, kind: 'pooling', title: 'Offre', departements: ['90'], status })
      .returning({ id: offers.id })
      .then((r) => r[0].id);
  offerIds.published = await offer(validated.id, 'published');
  offerIds.draft = await offer(validated.id, 'draft');
  offerIds.unvalidated = await offer(pending.id, 'published');
});
afterAll(async () => {
  await t?.close();
});

const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers });

describe('robots.txt', () => {
  it('allows the public pages, keeps crawlers out of private areas and names the sitemap', async () => {
    const response = await get('/robots.txt');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    const lines = response.body.split('\n');
    expect(lines).toContain('User-agent: *');
    expect(lines).toContain('Allow: /');
    for (const area of ['/animation', '/admin', '/tableau-de-bord', '/compte', '/compositions'])
      expect(lines).toContain(`Disallow: ${area}`);
    expect(lines.some((l) => /^Disallow: \/postes/.test(l))).toBe(false);
    expect(lines).toContain('Sitemap: http://mosaique.test/sitemap.xml');
  });
});

describe('sitemap.xml', () => {
  it('lists the home, /postes, open posts and published offers of validated structures, with lastmod', async () => {
    const response = await get('/sitemap.xml');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/xml/);
    const body = response.body;
    expect(body).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/,
    );
    const locs = [...body.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1]);
    expect(locs).toEqual([
      'http://mosaique.test/',
      'http://mosaique.test/postes',
      `http://mosaique.test/postes/${posts.open}`,
      `http://mosaique.test/offres/${offerIds.published}`,
    ]);
    expect(body).toMatch(
      new RegExp(
        `<loc>http://mosaique.test/postes/${posts.open}</loc><lastmod>\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z</lastmod>`,
      ),
    );
    expect(body.match(/<url>/g)).toHaveLength(body.match(/<\/url>/g)?.length ?? -1);
  });
});

describe('the feed of open posts', () => {
  it('is valid Atom with the open post only, its text escaped', async () => {
    const response = await get('/postes/flux.xml');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/atom\+xml/);
    const body = response.body;
    expect(body).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">');
    expect(body).toContain('<id>http://mosaique.test/postes/flux.xml</id>');
    expect(body).toMatch(/<updated>\d{4}-\d\d-\d\dT[\d:.]+Z<\/updated>/);
    expect(body).toContain('<author><name>Mosaïque</name></author>');
    expect(body.match(/<entry>/g)).toHaveLength(1);
    expect(body).toContain(`<id>http://mosaique.test/postes/${posts.open}</id>`);
    expect(body).toContain('<title>Comptable &lt;partagé&gt; &amp; &quot;CDI&quot; (Belfort)</title>');
    expect(body).toContain(
      '<summary>Tenue de la comptabilité, de deux structures &lt;b&gt;d’insertion&lt;/b&gt; &amp; plus.</summary>',
    );
    expect(body).not.toContain('Poste filled');
    expect(body).not.toContain('Poste abandoned');
    // No raw markup from the data anywhere: every < opens one of the feed's own elements.
    for (const tag of body.matchAll(/<\/?([a-zA-Z?][^\s>/]*)/g))
      expect([
        '?xml',
        'feed',
        'id',
        'title',
        'subtitle',
        'link',
        'updated',
        'author',
        'name',
        'entry',
        'published',
        'summary',
      ]).toContain(tag[1]);
  });

  it('is announced on /postes', async () => {
    const response = await get('/postes');
    expect(response.body).toContain(
      '<link rel="alternate" type="application/atom+xml" title="Postes partagés à pourvoir (flux Atom)" href="/postes/flux.xml">',
    );
    expect(response.body).toMatch(
      /<meta name="description" content="Postes partagés à pourvoir : des emplois/,
    );
  });
});

describe('post pages', () => {
  it('carry a canonical link, Open Graph tags and their own description', async () => {
    const body = (await get(`/postes/${posts.open}`)).body;
    const url = `http://mosaique.test/postes/${posts.open}`;
    expect(body).toContain(`<link rel="canonical" href="${url}">`);
    expect(body).toContain(`<meta property="og:url" content="${url}">`);
    expect(body).toContain('<meta property="og:type" content="website">');
    expect(body).toContain(
      '<meta property="og:title" content="Comptable &lt;partagé&gt; &amp; &quot;CDI&quot;">',
    );
    expect(body).toMatch(
      /<meta property="og:description" content="Tenue de la comptabilité, de deux structures d(’|&#39;)insertion &amp; plus.">/,
    );
    expect(body).toMatch(/<meta name="description" content="Tenue de la comptabilité, de deux structures/);
  });

  it('differ in description from the home page, which has a default one', async () => {
    const home = (await get('/')).body;
    const about = (await get('/a-propos')).body;
    const description = (html: string) => /<meta name="description" content="([^"]*)">/.exec(html)?.[1];
    expect(description(home)).toMatch(/^Mosaïque met en relation/);
    expect(description(about)).toMatch(/^Pourquoi et comment/);
    expect(home).toContain('<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">');
  });
});

describe('favicon', () => {
  it('answers at /favicon.ico and under /static', async () => {
    for (const url of ['/favicon.ico', '/static/favicon.svg']) {
      const response = await get(url);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^image\/svg\+xml/);
      expect(response.body).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    }
  });
});

describe('the base URL without PUBLIC_URL', () => {
  it('comes from the forwarded protocol and host behind a trusted proxy', async () => {
    const other = await createTestApp({ publicUrlIsDefault: true, trustProxy: true });
    try {
      const response = await other.app.inject({
        method: 'GET',
        url: '/robots.txt',
        headers: {
          host: '127.0.0.1:3000',
          'x-forwarded-proto': 'https',
          'x-forwarded-host': 'emplois.example.org',
        },
      });
      expect(response.body).toContain('Sitemap: https://emplois.example.org/sitemap.xml');
      const direct = await other.app.inject({
        method: 'GET',
        url: '/robots.txt',
        headers: { host: 'site.example:8080' },
      });
      expect(direct.body).toContain('Sitemap: http://site.example:8080/sitemap.xml');
    } finally {
      await other.close();
    }
  });
});
