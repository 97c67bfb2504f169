/** The sitemap's and the feed's text: escaped, and no character XML 1.0 forbids (a pasted control). */
import { describe, expect, it } from 'vitest';
import { postsAtom, sitemapXml, xmlText } from '../../server/discovery/xml';

describe('xmlText', () => {
  it('escapes markup and drops the characters XML cannot hold, keeping tabs, newlines and emoji', () => {
    expect(xmlText('a < b & "c" \u0001\u000b\ufffe d\te\nf 🌱')).toBe(
      'a &lt; b &amp; &quot;c&quot;  d\te\nf 🌱',
    );
  });
});

describe('the files', () => {
  const post = {
    id: 7,
    title: 'Agent\u0007 d’entretien',
    description: 'Ménage\u001b et jardin',
    communeNames: ['Belfort'],
    createdAt: new Date('2026-11-02T08:00:00Z'),
    updatedAt: new Date('2026-11-03T09:30:00Z'),
  };

  it('feed: no forbidden character, the newest update as the feed’s', () => {
    const feed = postsAtom([post], 'https://mosaique.example.org', new Date('2030-01-01T00:00:00Z'));
    const controls = [...feed].filter((c) => c.charCodeAt(0) < 0x20 && !'\t\n\r'.includes(c));
    expect(controls).toEqual([]);
    expect(feed).toContain('<title>Agent d’entretien (Belfort)</title>');
    expect(feed).toContain(
      '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">\n  <id>https://mosaique.example.org/postes/flux.xml</id>',
    );
    expect(feed.match(/<updated>([^<]*)<\/updated>/)?.[1]).toBe('2026-11-03T09:30:00.000Z');
  });

  it('an empty feed is still a feed, updated when produced', () => {
    const feed = postsAtom([], 'https://mosaique.example.org', new Date('2030-01-01T00:00:00Z'));
    expect(feed).toContain('<updated>2030-01-01T00:00:00.000Z</updated>');
    expect(feed).not.toContain('<entry>');
    expect(feed.trimEnd().endsWith('</feed>')).toBe(true);
  });

  it('sitemap: locations escaped', () => {
    expect(sitemapXml([{ loc: 'https://x.org/?a=1&b=2' }])).toContain(
      '<loc>https://x.org/?a=1&amp;b=2</loc>',
    );
  });
});
