/**
 * STYLE.md: "A page includes its fragments… A test asserts the fragment equals the matching part of the
 * full page." Two helpers:
 * - `expectFragmentOfPage(client, url, { target })` for a page that answers its own fragment to htmx
 *   (`reply.render({ page, fragment })`): it gets the URL twice, as a page and with `HX-Request`.
 * - `expectFragmentInPage(fragment, page, { target })` for the other cases (a fragment answered to an
 *   htmx POST, or by a route of its own, beside the page that includes the same partial).
 * Both assert that the fragment is not a page, that the page has the element the fragment replaces
 * (`#target`, swapped `outerHTML` or `innerHTML` as the page's hx-swap says) and that some htmx attribute
 * of the page targets it, and that the fragment is that element's markup, character for character, CSRF
 * tokens aside (each answer draws its own). Out-of-band elements of the fragment (`hx-swap-oob`) are
 * compared with the page's elements of the same id.
 */
import { expect } from 'vitest';

export type Swap = 'outerHTML' | 'innerHTML';

export interface FragmentTarget {
  /** The id of the element the fragment replaces: the page's `hx-target="#…"`. */
  target: string;
  /** As the page's `hx-swap` (htmx's default is innerHTML). */
  swap: Swap;
  /**
   * The page whose htmx attribute targets the element, when it is not `page` itself: for a fragment
   * answered to a change (an htmx POST), the page before the change, whose form made it.
   */
  targetedIn?: string;
}

interface Answer {
  statusCode: number;
  body: string;
  headers: Record<string, string | string[] | number | undefined>;
}

/** Anything that GETs like tests/support/browser.ts `Browser` (cookies kept). */
export interface FragmentClient {
  get(url: string, headers?: Record<string, string>): Promise<Answer>;
}

/** Each answer carries a fresh CSRF token: compare everything else. */
const withoutCsrf = (html: string) => html.replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value=""');

const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);

interface Located {
  outer: string;
  inner: string;
  start: number;
  end: number;
}

/** The element with this id in `html` (its outer and inner markup), or null. Plain, well-nested HTML. */
export function findElementById(html: string, id: string): Located | null {
  const open = new RegExp(
    `<([a-zA-Z][\\w-]*)\\b[^>]*\\bid="${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>`,
  );
  const match = open.exec(html);
  if (!match) return null;
  const name = match[1].toLowerCase();
  const start = match.index;
  const innerStart = start + match[0].length;
  if (VOID.has(name)) return { outer: match[0], inner: '', start, end: innerStart };
  const tags = new RegExp(`<(/?)${name}\\b[^>]*>`, 'gi');
  tags.lastIndex = innerStart;
  let depth = 1;
  for (let tag = tags.exec(html); tag; tag = tags.exec(html)) {
    depth += tag[1] ? -1 : 1;
    if (depth === 0) {
      const end = tag.index + tag[0].length;
      return { outer: html.slice(start, end), inner: html.slice(innerStart, tag.index), start, end };
    }
  }
  return null;
}

/** Splits the fragment into its out-of-band elements (by id) and the rest. */
function outOfBand(fragment: string): { main: string; oob: Map<string, string> } {
  const oob = new Map<string, string>();
  let main = fragment;
  for (;;) {
    const marker = /<[a-zA-Z][\w-]*\b[^>]*\bhx-swap-oob="true"[^>]*>/.exec(main);
    if (!marker) break;
    const id = /\bid="([^"]+)"/.exec(marker[0])?.[1];
    if (!id) throw new Error(`an out-of-band element without an id: ${marker[0]}`);
    const element = findElementById(main, id);
    if (!element) throw new Error(`the out-of-band element #${id} is not closed`);
    oob.set(id, element.outer.replace(' hx-swap-oob="true"', ''));
    main = main.slice(0, element.start) + main.slice(element.end);
  }
  return { main, oob };
}

/** Asserts that `fragment` is the part of `page` it replaces (see the top of this file). */
export function expectFragmentInPage(
  fragment: string,
  page: string,
  { target, swap, targetedIn = page }: FragmentTarget,
): void {
  expect(fragment, 'a fragment, not a page').not.toMatch(/<html|<!doctype/i);
  const html = withoutCsrf(page);
  expect(targetedIn, `the page has an htmx attribute targeting #${target}`).toMatch(
    new RegExp(`hx-target="#${target}"`),
  );
  const region = findElementById(html, target);
  if (!region) throw new Error(`the page has no element #${target}`);
  const { main, oob } = outOfBand(withoutCsrf(fragment));
  expect(main.trim(), `the fragment is #${target}'s ${swap}`).toBe(
    (swap === 'outerHTML' ? region.outer : region.inner).trim(),
  );
  for (const [id, element] of oob) {
    expect(element, `the out-of-band #${id} is the page's #${id}`).toBe(findElementById(html, id)?.outer);
  }
}

/**
 * Gets `url` as a page and as an htmx request, and asserts that the fragment is the part of the page it
 * replaces, and that both answers say `Vary: HX-Request`. Returns both bodies for further checks.
 */
export async function expectFragmentOfPage(
  client: FragmentClient,
  url: string,
  target: FragmentTarget,
): Promise<{ page: string; fragment: string }> {
  const page = await client.get(url);
  const fragment = await client.get(url, { 'hx-request': 'true' });
  expect(page.statusCode, `GET ${url}`).toBe(200);
  expect(fragment.statusCode, `GET ${url} with HX-Request`).toBe(200);
  for (const answer of [page, fragment]) expect(String(answer.headers.vary)).toMatch(/\bHX-Request\b/);
  expect(page.body).toMatch(/^\s*<!doctype html>/i);
  expectFragmentInPage(fragment.body, page.body, target);
  return { page: page.body, fragment: fragment.body };
}
