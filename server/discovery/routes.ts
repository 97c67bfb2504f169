/**
 * Public discovery: /robots.txt, /sitemap.xml, the Atom feed of open posts (/postes/flux.xml, announced
 * on /postes), the favicon (also at /favicon.ico, where browsers and crawlers look without asking), and
 * `siteUrl` for every page's layout (canonical and Open Graph links).
 */
import { readFileSync } from 'node:fs';
import { projectPath } from '../../db/project-root';
import type { RouteApp } from '../common/route-schemas';
import { FEED_ENTRIES, openPosts, publishedOffers } from './service';
import { siteUrl } from './site-url';
import { postsAtom, robotsTxt, sitemapXml } from './xml';

const FAVICON = readFileSync(projectPath('static', 'favicon.svg'));

export default async function discoveryRoutes(app: RouteApp) {
  const visible = { access: 'public' as const };
  const base = (request: Parameters<typeof siteUrl>[1]) => siteUrl(app.config, request);

  app.addLayoutData(async (request) => ({ siteUrl: base(request) }));

  app.get('/robots.txt', { config: visible }, async (request, reply) =>
    reply
      .type('text/plain; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(robotsTxt(base(request))),
  );

  app.get('/sitemap.xml', { config: visible }, async (request, reply) => {
    const root = base(request);
    const [posts, offers] = await Promise.all([openPosts(app.db), publishedOffers(app.db)]);
    const xml = sitemapXml([
      { loc: `${root}/` },
      { loc: `${root}/postes`, lastmod: posts[0]?.updatedAt },
      ...posts.map((p) => ({ loc: `${root}/postes/${p.id}`, lastmod: p.updatedAt })),
      ...offers.map((o) => ({ loc: `${root}/offres/${o.id}`, lastmod: o.updatedAt })),
    ]);
    return reply.type('application/xml; charset=utf-8').send(xml);
  });

  app.get('/postes/flux.xml', { config: visible }, async (request, reply) => {
    const posts = await openPosts(app.db, FEED_ENTRIES);
    return reply
      .type('application/atom+xml; charset=utf-8')
      .send(postsAtom(posts, base(request), new Date()));
  });

  app.get('/favicon.ico', { config: visible }, async (_request, reply) =>
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(FAVICON),
  );
}
