/**
 * schema.org JobPosting data for a post's page, so that job search engines can read it. It sits in a
 * `<script type="application/ld+json">` block: browsers never execute that type, so the CSP's script-src
 * does not apply to it, but the HTML parser still ends the block at the first `</script`: every `<`, `>`
 * and `&` is written as a JSON unicode escape, which leaves the data identical once parsed.
 */
import { escapeHtml } from '../common/html';
import { parisDay, parisInstant } from '../common/paris-time';
import { getCommune } from '../places';
import { baseSalary, payOf } from './pay';
import type { PostRow } from './service';

/**
 * A post has no closing date: it is listed until its structures close it. Job search engines want one
 * (`validThrough`), and drop ads past it: we announce the later of 60 days after publication and the
 * start day, the time a recruitment of this kind takes; a post still open then is announced again
 * with a later date, since the value is computed at each page view.
 */
export const ANNOUNCED_DAYS = 60;

export function validThrough(post: Pick<PostRow, 'createdAt' | 'startDate'>): string {
  const announced = parisDay(new Date(post.createdAt.getTime() + ANNOUNCED_DAYS * 86_400_000));
  // ISO days sort as text: the later one.
  const day = [announced, post.startDate].sort().at(-1) as string;
  // The end of that Paris day (23:59), as an instant.
  return parisInstant(day, 23 * 60 + 59).toISOString();
}

/** The description as HTML, as JobPosting asks: escaped text, one paragraph per block of lines. */
export function descriptionHtml(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => `<p>${block.split('\n').map(escapeHtml).join('<br>')}</p>`)
    .join('');
}

export function jobPosting(post: PostRow, hiringName: string, publicUrl: string, siteName = 'Mosaïque') {
  const pay = payOf(post);
  return {
    '@context': 'https://schema.org',
    '@type': 'JobPosting',
    title: post.title,
    description: descriptionHtml(post.description),
    identifier: { '@type': 'PropertyValue', name: siteName, value: String(post.id) },
    url: `${publicUrl}/postes/${post.id}`,
    datePosted: post.createdAt.toISOString().slice(0, 10),
    validThrough: validThrough(post),
    // People apply on the post's page itself (the interest form), without going elsewhere.
    directApply: true,
    ...(pay ? { baseSalary: baseSalary(pay) } : {}),
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
