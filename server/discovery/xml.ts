/**
 * The sitemap (sitemaps.org 0.9) and the Atom feed (RFC 4287) of open posts, as text. Pure functions:
 * the routes hand them the rows, the base URL and, for an empty feed, the time. Every value goes through
 * the one HTML escape (common/html.ts), whose entities are XML's own or numeric references.
 */
import { escapeHtml } from '../common/html';
import type { DiscoverablePost } from './service';

/** Characters XML 1.0 cannot hold at all, even escaped (C0 controls but tab and newlines, U+FFFE/FFFF). */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text or attribute value for the XML below: escaped, and without what would make the file invalid. */
export function xmlText(value: string): string {
  return escapeHtml(value.replace(NOT_XML, ''));
}

export interface SitemapUrl {
  loc: string;
  lastmod?: Date;
}

export function sitemapXml(urls: SitemapUrl[]): string {
  const entries = urls.map(
    (u) =>
      `  <url><loc>${xmlText(u.loc)}</loc>${u.lastmod ? `<lastmod>${u.lastmod.toISOString()}</lastmod>` : ''}</url>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join('\n')}\n</urlset>\n`;
}

/** A post's summary in the feed: its description's first characters, on one line. */
export function postSummary(description: string, max = 300): string {
  const flat = description.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

export function postsAtom(posts: DiscoverablePost[], base: string, now: Date): string {
  const feedUrl = `${base}/postes/flux.xml`;
  // The feed changes when a post is added or edited; an empty feed says when it was produced.
  const updated = posts.reduce<Date | null>(
    (latest, p) => (!latest || p.updatedAt > latest ? p.updatedAt : latest),
    null,
  );
  const entries = posts.map((p) => {
    const url = `${base}/postes/${p.id}`;
    const places = p.communeNames.join(', ');
    return [
      '  <entry>',
      `    <id>${xmlText(url)}</id>`,
      `    <title>${xmlText(places ? `${p.title} (${places})` : p.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${xmlText(url)}"/>`,
      `    <published>${p.createdAt.toISOString()}</published>`,
      `    <updated>${p.updatedAt.toISOString()}</updated>`,
      `    <summary>${xmlText(postSummary(p.description))}</summary>`,
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">',
    `  <id>${xmlText(feedUrl)}</id>`,
    '  <title>Mosaïque : postes partagés à pourvoir</title>',
    '  <subtitle>Emplois en CDI à temps plein partagés entre structures de l’insertion et de l’ESS</subtitle>',
    `  <link rel="self" type="application/atom+xml" href="${xmlText(feedUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlText(`${base}/postes`)}"/>`,
    `  <updated>${(updated ?? now).toISOString()}</updated>`,
    '  <author><name>Mosaïque</name></author>',
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

/** Areas of accounts and private work: nothing there is for a crawler (they ask for a sign-in anyway). */
export const PRIVATE_PREFIXES = [
  '/admin',
  '/alertes',
  '/animation',
  '/besoins/nouveau',
  '/compositions',
  '/compte',
  '/connexion',
  '/deconnexion',
  '/inscription',
  '/invitations',
  '/mot-de-passe',
  '/notifications',
  '/offres/nouvelle',
  '/organisations/nouvelle',
  '/rencontres',
  '/tableau-de-bord',
  // Edit forms of needs, offers and organizations (signed-in members only).
  '/*/modifier',
];

export function robotsTxt(base: string): string {
  return [
    'User-agent: *',
    'Allow: /',
    ...PRIVATE_PREFIXES.map((p) => `Disallow: ${p}`),
    '',
    `Sitemap: ${base}/sitemap.xml`,
    '',
  ].join('\n');
}
