/**
 * The import benchmark's way through the pages: a real app on a fresh in-memory PGlite, a facilitator of
 * the benchmark's départements signed in, uploads posted as htmx posts them, the upload's page polled
 * until the progress page gives way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openDb } from '../../../db/client';
import { buildApp } from '../../../server/app';
import { createSearchService } from '../../../server/search/service';
import { multipartBody } from '../../../tests/facilitation/helpers';
import { testConfig } from '../../../tests/support/app';
import { Browser } from '../../../tests/support/browser';
import { makePerson, TEST_PASSWORD } from '../../../tests/support/factories';
import { BENCH_DEPARTEMENTS } from './generate';

export const POLL_MS = 50;

export async function freshDb() {
  const handle = await openDb({});
  await handle.migrate();
  return handle;
}

export async function freshApp() {
  const handle = await freshDb();
  const config = testConfig({
    dataDir: mkdtempSync(path.join(os.tmpdir(), 'mosaique-bench-import-')),
    rateLimit: { max: 1_000_000, windowMs: 60_000 },
  });
  const app = await buildApp(config, {
    db: handle.db,
    search: createSearchService({ indexPrefix: 'bench_' }),
  });
  await app.ready();
  const facilitator = await makePerson(handle.db, { territories: BENCH_DEPARTEMENTS });
  const browser = new Browser(app);
  await browser.signIn(facilitator.email, TEST_PASSWORD);
  return {
    app,
    browser,
    db: handle.db,
    async close() {
      await app.close();
      await handle.close();
      rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}

export async function inject(
  app: FastifyInstance,
  browser: Browser,
  url: string,
  payload: Buffer,
  type: string,
) {
  return app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': type, 'hx-request': 'true' },
    cookies: browser.cookies,
    payload,
  });
}

/** Polls the page until it is no longer the progress page; returns its body and the polls made. */
export async function waitForPage(browser: Browser, url: string) {
  let polls = 0;
  for (;;) {
    const response = await browser.get(url);
    if (!response.body.includes('id="tache-etat"')) return { body: response.body, polls };
    polls++;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Posts `file` to the upload form as htmx does; the answer and the upload's page address. */
export async function upload(app: FastifyInstance, browser: Browser, file: Buffer, filename: string) {
  if (!browser.csrfToken) await browser.get('/animation/import');
  const body = multipartBody({ _csrf: browser.csrfToken ?? '' }, { filename, content: file });
  const response = await inject(app, browser, '/animation/import', body.payload, body.contentType);
  return { response, url: response.headers['hx-push-url'] as string };
}
