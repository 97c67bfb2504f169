/** The fragment-equals-page helper itself: it finds elements, and it does fail on a mismatch. */
import { describe, expect, it } from 'vitest';
import { expectFragmentInPage, findElementById } from './fragments';

const PAGE = `<!doctype html><html><body><form hx-get="/x" hx-target="#results"></form>
<div id="results" class="r"><div><p>un</p></div><div>deux</div></div><p>après</p>
<span id="unread-count"> (2)</span></body></html>`;

describe('findElementById', () => {
  it('finds an element with nested elements of its own kind, inner and outer', () => {
    const found = findElementById(PAGE, 'results');
    expect(found?.outer).toBe('<div id="results" class="r"><div><p>un</p></div><div>deux</div></div>');
    expect(found?.inner).toBe('<div><p>un</p></div><div>deux</div>');
    expect(findElementById(PAGE, 'absent')).toBeNull();
  });
});

describe('expectFragmentInPage', () => {
  const target = { target: 'results', swap: 'innerHTML' as const };

  it('accepts the very markup of the region, CSRF tokens aside, and out-of-band elements of the page', () => {
    expectFragmentInPage('<div><p>un</p></div><div>deux</div>', PAGE, target);
    expectFragmentInPage('<div id="results" class="r"><div><p>un</p></div><div>deux</div></div>', PAGE, {
      target: 'results',
      swap: 'outerHTML',
    });
    expectFragmentInPage(
      '<div><p>un</p></div><div>deux</div><span id="unread-count" hx-swap-oob="true"> (2)</span>',
      PAGE,
      target,
    );
    const withToken = (token: string) =>
      `<!doctype html><form hx-post="/y" hx-target="#f"></form><div id="f"><input name="_csrf" value="${token}"></div>`;
    expectFragmentInPage('<input name="_csrf" value="b">', withToken('a'), {
      target: 'f',
      swap: 'innerHTML',
    });
  });

  it('fails on a different fragment, a missing target, a page, or a stale out-of-band element', () => {
    expect(() => expectFragmentInPage('<div><p>un</p></div>', PAGE, target)).toThrow();
    expect(() =>
      expectFragmentInPage('<div>x</div>', PAGE, { target: 'ailleurs', swap: 'innerHTML' }),
    ).toThrow();
    expect(() => expectFragmentInPage(PAGE, PAGE, target)).toThrow();
    expect(() =>
      expectFragmentInPage(
        '<div><p>un</p></div><div>deux</div><span id="unread-count" hx-swap-oob="true"> (3)</span>',
        PAGE,
        target,
      ),
    ).toThrow();
  });

  it('fails when no htmx attribute of the page targets the region', () => {
    const untargeted = '<!doctype html><div id="results">a</div>';
    expect(() => expectFragmentInPage('a', untargeted, target)).toThrow(/targeting #results/);
  });
});
