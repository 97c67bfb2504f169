/** Classifying answers into the outcomes of the access table, and spotting inline script and style. */
import type { LightMyRequestResponse } from 'fastify';
import type { Outcome, RouteRow } from './route-table';

export type Actual = Outcome | 'error' | `unexpected ${number}`;

export function classify(method: string, response: LightMyRequestResponse): Actual {
  const status = response.statusCode;
  const location = String(response.headers.location ?? '');
  if (status >= 500) return 'error';
  if (status === 401 || (status >= 300 && status < 400 && location.startsWith('/connexion'))) return 'signin';
  if (status === 403 || status === 404) return 'denied';
  if (method === 'GET') return status < 400 ? 'ok' : `unexpected ${status}`;
  // A POST with an empty body: validation errors (400, 409, 422) still mean the person got through.
  return status === 429 ? `unexpected ${status}` : 'ok';
}

export function splitRoute(route: string): { method: string; url: string } {
  const [method, url] = route.split(' ');
  return { method, url };
}

export const rowKey = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

export function findRow(table: RouteRow[], method: string, url: string): RouteRow | undefined {
  return table.find((row) => row.route === `${method} ${url}`);
}

const DATA_SCRIPT = /\btype\s*=\s*"application\/(ld\+)?json"/i;

/** Inline code the CSP would block: scripts without src (JSON data aside), <style>, style= and on*= attributes. */
export function inlineCode(html: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>/gi)) {
    if (!/\bsrc\s*=/i.test(m[1]) && !DATA_SCRIPT.test(m[1])) found.push(m[0]);
  }
  for (const m of html.matchAll(/<style\b[^>]*>/gi)) found.push(m[0]);
  for (const m of html.matchAll(/<[a-z][\w-]*\b[^>]*?\s(style|on[a-z]+)\s*=\s*["']?[^"'\s>]*/gi)) {
    found.push(m[0].slice(0, 120));
  }
  return found;
}

export function isHtml(response: LightMyRequestResponse): boolean {
  return String(response.headers['content-type'] ?? '').startsWith('text/html');
}
