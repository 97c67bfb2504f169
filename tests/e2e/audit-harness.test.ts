/**
 * The axe-core harness itself (tests/support/e2e.ts), and its structure checks (375 px, heading order,
 * duplicate ids, html-validate): it must report what is wrong, with and without JavaScript, or every
 * accessibility check built on it could not fail.
 */
import type { Browser as Chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  auditPage,
  describeBrowser,
  expectAccessible,
  launchChromium,
  newContext,
  structureProblems,
} from '../support/e2e';

const BASE = 'http://127.0.0.1:9';
const BROKEN =
  '<!doctype html><html><head><title>Cassée</title></head><body><main><img src="/x.png"><button></button></main></body></html>';
/** Wider than a phone, a heading level skipped, an id used twice, a validator error (a stray </p>). */
const MESSY =
  '<!doctype html><html lang="fr"><head><title>Désordre</title></head><body><main><h1>Titre</h1><h3 id="a">Sous-titre</h3><p id="a">Texte.</p></p><img src="/x.png" alt="" width="900" height="10"></main></body></html>';
const FINE =
  '<!doctype html><html lang="fr"><head><title>Correcte</title></head><body><main><h1>Titre</h1><p>Texte.</p></main></body></html>';

let chromium: Chromium;

describeBrowser('the accessibility audit', () => {
  beforeAll(async () => {
    chromium = await launchChromium();
  });
  afterAll(async () => {
    await chromium?.close();
  });

  for (const javaScript of [true, false]) {
    it(`reports violations and passes a correct page (${javaScript ? 'with' : 'without'} JavaScript)`, async () => {
      const context = await newContext(chromium, BASE, { javaScript });
      try {
        // The pages come from the context itself, under the CSP of the app's pages.
        await context.route('**/*', (route) => {
          const body = { '/cassee': BROKEN, '/correcte': FINE, '/desordre': MESSY }[
            new URL(route.request().url()).pathname
          ];
          if (!body) return route.fulfill({ status: 404, body: '' });
          return route.fulfill({
            status: 200,
            contentType: 'text/html; charset=utf-8',
            headers: { 'content-security-policy': "script-src 'self'; style-src 'self'" },
            body,
          });
        });
        const page = await context.newPage();
        await page.goto('/cassee');
        const ids = (await auditPage(page)).map((v) => v.id);
        expect(ids).toEqual(expect.arrayContaining(['html-has-lang', 'image-alt', 'button-name']));
        await expect(expectAccessible(page, 'cassee')).rejects.toThrow(/image-alt/);
        await page.goto('/desordre');
        const problems = (await structureProblems(page)).join('\n');
        expect(problems).toMatch(/wider than 375 px/);
        expect(problems).toMatch(/heading level skipped: h1 → h3/);
        expect(problems).toMatch(/duplicate id #a ×2/);
        expect(problems).toMatch(/html-validate/);
        await expect(expectAccessible(page, 'desordre')).rejects.toThrow(/wider than 375 px/);
        await page.goto('/correcte');
        await expectAccessible(page, 'correcte');
      } finally {
        await context.close();
      }
    });
  }
});
