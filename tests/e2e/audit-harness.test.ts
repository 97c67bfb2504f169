/**
 * The axe-core harness itself (tests/support/e2e.ts): it must report what is wrong, with and without
 * JavaScript, or every accessibility check built on it could not fail.
 */
import type { Browser as Chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { auditPage, describeBrowser, expectAccessible, launchChromium, newContext } from '../support/e2e';

const BASE = 'http://127.0.0.1:9';
const BROKEN =
  '<!doctype html><html><head><title>Cassée</title></head><body><main><img src="/x.png"><button></button></main></body></html>';
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
          const body = { '/cassee': BROKEN, '/correcte': FINE }[new URL(route.request().url()).pathname];
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
        await page.goto('/correcte');
        await expectAccessible(page, 'correcte');
      } finally {
        await context.close();
      }
    });
  }
});
