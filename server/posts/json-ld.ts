/**
 * schema.org JobPosting data for a post's page, so that job search engines can read it. It sits in a
 * `<script type="application/ld+json">` block: browsers never execute that type, so the CSP's script-src
 * does not apply to it, but the HTML parser still ends the block at the first `</script`: every `<`, `>`
 * and `&` is written as a JSON unicode escape, which leaves the data identical once parsed.
 */
import { getCommune } from '../places';
import type { PostRow } from './service';

export function jobPosting(post: PostRow, hiringName: string, publicUrl: string) {
  return {
    '@context': 'https://schema.org',
    '@type': 'JobPosting',
    title: post.title,
    description: post.description,
    url: `${publicUrl}/postes/${post.id}`,
    datePosted: post.createdAt.toISOString().slice(0, 10),
    jobStartDate: post.startDate,
    employmentType: 'FULL_TIME',
    workHours: '35 heures par semaine',
    occupationalCategory: `${post.roleCode} ${post.roleLabel}`,
    hiringOrganization: { '@type': 'Organization', name: hiringName },
    jobLocation: post.communeCodes.map((code, i) => {
      const commune = getCommune(code);
      return {
        '@type': 'Place',
        address: {
          '@type': 'PostalAddress',
          addressLocality: post.communeNames[i] ?? commune?.name ?? '',
          postalCode: commune?.postalCodes[0] ?? '',
          addressRegion: post.departements.find((d) => code.startsWith(d)) ?? commune?.departement ?? '',
          addressCountry: 'FR',
        },
        ...(commune
          ? { geo: { '@type': 'GeoCoordinates', latitude: commune.lat, longitude: commune.lon } }
          : {}),
      };
    }),
  };
}

/** JSON safe inside a script element: nothing in it can close the element or open a comment. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
