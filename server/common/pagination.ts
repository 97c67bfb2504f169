/**
 * A page number past the last page of results (`?page=99`, an old link after results went away): the
 * list is empty, so the page says so and links back to the last and first pages (views/search/
 * _past-last-page.njk). The full page answers 404, as a page that does not exist should for crawlers;
 * the htmx fragment 200, since htmx swaps no error answer (the layout's responseHandling) and the message
 * would not show.
 */
import type { FastifyRequest } from 'fastify';
import { isHtmx } from './views';

export interface PastLastPage {
  last: string;
  first: string;
}

export function pastLastPage(
  result: { page: number; pages: number },
  pageLink: (page: number) => string,
): PastLastPage | null {
  return result.page > result.pages ? { last: pageLink(result.pages), first: pageLink(1) } : null;
}

export function beyondStatus(request: FastifyRequest, beyond: PastLastPage | null): number {
  return beyond && !isHtmx(request) ? 404 : 200;
}
