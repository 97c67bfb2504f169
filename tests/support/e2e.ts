/**
 * Browser tests: the real app listening on a free loopback port (same assembly as createTestApp: its own
 * database, the shared Meilisearch), Debian's Chromium driven by playwright-core, contexts with and
 * without JavaScript, and an axe-core audit that fails on serious or critical WCAG 2.1 A/AA violations.
 *
 * axe is injected with page.evaluate(axe.source): evaluation goes through the DevTools protocol, which
 * the page's CSP (script-src 'self') does not govern, whereas page.addScriptTag would be blocked. A page
 * with JavaScript disabled cannot evaluate anything, so its HTML is audited in a twin JavaScript-enabled
 * page that receives the very same markup at the same URL with every script request aborted.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import axe from 'axe-core';
import { HtmlValidate } from 'html-validate';
import { type BrowserContext, type Browser as Chromium, chromium, type Page } from 'playwright-core';
import { describe } from 'vitest';
import type { AppConfig } from '../../server/config';
import { createTestApp, type TestApp } from './app';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM_PATH);

/** `describe` when Chromium is installed; otherwise a skipped suite and one clear line on stderr. */
export function describeBrowser(name: string, body: () => void): void {
  if (hasChromium) {
    describe(name, body);
    return;
  }
  console.warn(
    `browser tests skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH)`,
  );
  describe.skip(name, body);
}

export interface E2eServer extends TestApp {
  /** e.g. http://127.0.0.1:41234 */
  baseUrl: string;
}

/** The app on its own database, listening on a free port of 127.0.0.1. */
export async function startServer(overrides: Partial<AppConfig> = {}): Promise<E2eServer> {
  const testApp = await createTestApp(overrides);
  await testApp.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = testApp.app.server.address() as AddressInfo;
  return { ...testApp, baseUrl: `http://127.0.0.1:${port}` };
}

export async function launchChromium(): Promise<Chromium> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Contexts made by newContext without JavaScript (Playwright offers no way to ask a context). */
const withoutJavaScript = new WeakSet<BrowserContext>();

/** A French-speaking desktop context, with or without JavaScript. */
export async function newContext(
  browser: Chromium,
  baseUrl: string,
  { javaScript }: { javaScript: boolean },
): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    javaScriptEnabled: javaScript,
    locale: 'fr-FR',
    viewport: { width: 1280, height: 900 },
  });
  // Generous: the machine running the suite may be busy (two cores, two workers).
  context.setDefaultTimeout(20_000);
  if (!javaScript) withoutJavaScript.add(context);
  return context;
}

// ---------------------------------------------------------------------------------------------------
// Accessibility

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING = new Set(['serious', 'critical']);

export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string[]; html: string; failureSummary?: string }[];
}

/** Where pages load axe-core from: answered by the browser context itself, never by the app. */
const AXE_PATH = '/__axe-core.js';
const servingAxe = new WeakSet<BrowserContext>();

/**
 * Loads axe-core into the page as a same-origin script (which `script-src 'self'` allows), answered by a
 * route of the context: faster than evaluating its 500 kB source through the DevTools protocol on each
 * page. Routes added last take precedence, so it also gets through a twin context's script block.
 */
async function injectAxe(page: Page): Promise<void> {
  const context = page.context();
  if (!servingAxe.has(context)) {
    await context.route(`**${AXE_PATH}`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: axe.source }),
    );
    servingAxe.add(context);
  }
  await page.addScriptTag({ url: AXE_PATH });
}

async function runAxe(page: Page): Promise<Violation[]> {
  await injectAxe(page);
  return page.evaluate(async (tags) => {
    // Runs in the page (no DOM types here): axe.run without a context audits the whole document.
    const result = await (globalThis as unknown as { axe: typeof axe }).axe.run({
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target.map(String),
        html: n.html,
        failureSummary: n.failureSummary,
      })),
    }));
  }, WCAG_TAGS);
}

/**
 * The JavaScript-enabled twin tab that audits the markup of pages without JavaScript: one per browser,
 * kept from audit to audit (a new context per audit cost more than the audit). Its route answers the
 * document being audited with the HTML it is given and blocks every other script.
 */
interface Twin {
  page: Page;
  document: { url: string; html: string };
}
const twins = new WeakMap<Chromium, Promise<Twin>>();

async function openTwin(browser: Chromium): Promise<Twin> {
  const context = await browser.newContext({ javaScriptEnabled: true });
  const twin: Twin = { page: await context.newPage(), document: { url: '', html: '' } };
  await context.route('**/*', (route) => {
    const request = route.request();
    if (request.url() === twin.document.url && request.resourceType() === 'document') {
      return route.fulfill({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        body: twin.document.html,
      });
    }
    if (request.resourceType() === 'script') return route.abort();
    return route.continue();
  });
  return twin;
}

/**
 * The tab in which to run scripts about the page: the page itself, or, when its JavaScript is disabled,
 * the twin tab showing the same markup at the same URL.
 */
async function scriptablePage(page: Page): Promise<Page> {
  const context = page.context();
  // Evaluating axe's source in a page whose JavaScript is disabled closes the page (Chromium 156).
  if (!withoutJavaScript.has(context)) return page;

  const browser = context.browser();
  if (!browser) throw new Error('auditPage: the page has no browser');
  let opening = twins.get(browser);
  if (!opening || (await opening).page.isClosed()) {
    opening = openTwin(browser);
    twins.set(browser, opening);
  }
  const twin = await opening;
  twin.document = { url: page.url(), html: await page.content() };
  const viewport = page.viewportSize();
  if (viewport) await twin.page.setViewportSize(viewport);
  await twin.page.goto(twin.document.url);
  return twin.page;
}

/** axe-core's WCAG 2.1 A/AA violations of the page as it is now (all impacts). */
export async function auditPage(page: Page): Promise<Violation[]> {
  return runAxe(await scriptablePage(page));
}

// ---------------------------------------------------------------------------------------------------
// Phone width, heading order, duplicate ids, HTML validity

/** The narrowest phone the site must fit without sideways scroll of the page. */
export const PHONE_WIDTH = 375;

/**
 * html-validate with the spec rules, the document rules (heading order among them) and the WCAG ones.
 * htmx's `hx-*` attributes are unknown to the HTML spec but html-validate lets unknown attributes be,
 * so they pass as they are. The markup checked is the document as the browser serialises it.
 */
const validator = new HtmlValidate({
  extends: ['html-validate:standard', 'html-validate:document', 'html-validate:a11y'],
  rules: {
    // Subresource integrity matters for other origins; every script and style here is the site's own.
    'require-sri': ['error', { target: 'crossorigin' }],
    // A listbox of live suggestions (the combobox pattern) or a landmark div is valid ARIA, not a mistake.
    'prefer-native-element': 'off',
    // Naming a list (aria-label on <ul>) is allowed by ARIA and helps screen-reader users tell lists apart.
    'aria-label-misuse': ['error', { allowAnyNamable: true }],
    // The import progress page refreshes itself without JavaScript (<noscript><meta refresh>): the one
    // way to follow a background job with scripts off, and the page says so and links to itself.
    'meta-refresh': 'off',
  },
});

/** The few DOM shapes the page-side functions below use (this file is typed without the DOM library). */
interface DomElement {
  id: string;
  tagName: string;
  className: string;
  textContent: string | null;
  parentElement: DomElement | null;
  getBoundingClientRect(): { right: number };
}
interface DomDocument {
  documentElement: { scrollWidth: number; clientWidth: number };
  querySelectorAll(selector: string): Iterable<DomElement>;
}

interface StructureReport {
  overflow: number;
  headingJumps: string[];
  duplicateIds: string[];
}

/** Run in the page: widths at the current viewport, heading levels that skip one, ids used twice. */
function structureOf(): StructureReport {
  const doc = (globalThis as unknown as { document: DomDocument }).document;
  const headings = [...doc.querySelectorAll('h1, h2, h3, h4, h5, h6')];
  const headingJumps: string[] = [];
  let previous = 0;
  for (const h of headings) {
    const level = Number(h.tagName.slice(1));
    if (level > previous + 1)
      headingJumps.push(`h${previous || '-'} → h${level} « ${(h.textContent ?? '').trim().slice(0, 60)} »`);
    previous = level;
  }
  const seen = new Map<string, number>();
  for (const el of doc.querySelectorAll('[id]')) seen.set(el.id, (seen.get(el.id) ?? 0) + 1);
  return {
    overflow: doc.documentElement.scrollWidth - doc.documentElement.clientWidth,
    headingJumps,
    duplicateIds: [...seen].filter(([, n]) => n > 1).map(([id, n]) => `#${id} ×${n}`),
  };
}

/**
 * What is wrong with the page beside axe: sideways scroll at 375 px, a heading level skipped, an id used
 * twice, html-validate errors. An empty list when all is well.
 */
export async function structureProblems(page: Page): Promise<string[]> {
  // A page that refreshes itself (the import's progress page without JavaScript) may be replaced while it
  // is read: then the page it became is the one audited.
  for (let attempt = 1; ; attempt++) {
    try {
      return await structureProblemsOnce(page);
    } catch (err) {
      const navigating = /navigating|Execution context was destroyed/.test(String(err));
      if (attempt >= 5 || !navigating) throw err;
      await page.waitForLoadState();
    }
  }
}

async function structureProblemsOnce(page: Page): Promise<string[]> {
  const problems: string[] = [];
  const html = await page.content();
  const report = await validator.validateString(html);
  for (const m of report.results.flatMap((r) => r.messages)) {
    problems.push(`html-validate ${m.ruleId} (line ${m.line}): ${m.message} ${m.selector ?? ''}`.trim());
  }
  const target = await scriptablePage(page);
  const viewport = target.viewportSize();
  const wide = await target.evaluate(structureOf);
  problems.push(...wide.headingJumps.map((j) => `heading level skipped: ${j}`));
  problems.push(...wide.duplicateIds.map((d) => `duplicate id ${d}`));
  await target.setViewportSize({ width: PHONE_WIDTH, height: viewport?.height ?? 800 });
  try {
    const phone = await target.evaluate(structureOf);
    if (phone.overflow > 0) {
      const culprits = await target.evaluate((width) => {
        const doc = (globalThis as unknown as { document: DomDocument }).document;
        return [...doc.querySelectorAll('body *')]
          .filter((el) => el.getBoundingClientRect().right > width + 0.5)
          .filter((el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= width + 0.5)
          .slice(0, 5)
          .map(
            (el) =>
              `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''}`,
          );
      }, PHONE_WIDTH);
      problems.push(`wider than ${PHONE_WIDTH} px by ${phone.overflow} px: ${culprits.join(', ')}`);
    }
  } finally {
    if (viewport) await target.setViewportSize(viewport);
  }
  return problems;
}

export function formatViolations(label: string, violations: Violation[]): string {
  const lines = [`axe-core: ${violations.length} serious/critical violation(s) on ${label}`];
  for (const v of violations) {
    lines.push(`  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`);
    for (const node of v.nodes.slice(0, 5)) {
      lines.push(`      at ${node.target.join(' ')}: ${node.html.slice(0, 160)}`);
      if (node.failureSummary) lines.push(`         ${node.failureSummary.replace(/\n\s*/g, ' / ')}`);
    }
    if (v.nodes.length > 5) lines.push(`      … and ${v.nodes.length - 5} more`);
  }
  return lines.join('\n');
}

/**
 * Throws, with a readable list, when the page has serious or critical axe violations or structure
 * problems (structureProblems: 375 px, headings, ids, html-validate).
 */
export async function expectAccessible(page: Page, label = page.url()): Promise<void> {
  const blocking = (await auditPage(page)).filter((v) => v.impact && BLOCKING.has(v.impact));
  const problems = await structureProblems(page);
  const reports = [
    ...(blocking.length ? [formatViolations(label, blocking)] : []),
    ...(problems.length ? [`${label}:\n  ${problems.join('\n  ')}`] : []),
  ];
  if (reports.length) throw new Error(reports.join('\n'));
}

/**
 * Console errors (a CSP violation is one, an htmx error is logged as one) and uncaught exceptions of every
 * page the context opens from now on, as "url: text": the list to assert empty after a flow.
 */
export function collectConsoleErrors(context: BrowserContext): string[] {
  const errors: string[] = [];
  const watch = (page: Page) => {
    page.on('console', (m) => {
      // The browser asks for /favicon.ico on its own; whether the site has one is not these flows' concern.
      if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico'))
        errors.push(`${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  };
  for (const page of context.pages()) watch(page);
  context.on('page', watch);
  return errors;
}
