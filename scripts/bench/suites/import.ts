/**
 * Import of a 5,000-row XLSX (issue 7, "Performance"), through the import pages as a facilitator uses
 * them: app.inject against the real app (embedded PGlite in memory, migrations applied, a fresh database
 * per run so that every import writes everything), the upload posted as htmx does, then the upload's
 * page polled every 50 ms until the progress page gives way to the preview; then "Importer seulement
 * les lignes valides" and the same polling until the preview with the counts. Median of 3 runs.
 * Baseline in the same run: the commit alone (the same drafts) by the batched `commitDrafts` and by the
 * row-by-row commit it replaced (scripts/bench/import/commit-row-by-row.ts), each on a fresh database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openDb } from '../../../db/client';
import { buildApp } from '../../../server/app';
import { analyzeFile, commitDrafts, defaultLookups, type NeedDraft } from '../../../server/imports';
import { createSearchService } from '../../../server/search/service';
import { multipartBody } from '../../../tests/facilitation/helpers';
import { testConfig } from '../../../tests/support/app';
import { Browser } from '../../../tests/support/browser';
import { makePerson, TEST_PASSWORD } from '../../../tests/support/factories';
import { commitDraftsRowByRow } from '../import/commit-row-by-row';
import { BENCH_DEPARTEMENTS, buildBenchWorkbook } from '../import/generate';
import { type BenchSection, fmt, median } from '../types';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 5000);
const RUNS = 3;
const POLL_MS = 50;

async function freshDb() {
  const handle = await openDb({});
  await handle.migrate();
  return handle;
}

async function freshApp() {
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
    async close() {
      await app.close();
      await handle.close();
      rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}

async function inject(app: FastifyInstance, browser: Browser, url: string, payload: Buffer, type: string) {
  return app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': type, 'hx-request': 'true' },
    cookies: browser.cookies,
    payload,
  });
}

/** Polls the page until it is no longer the progress page; returns its body and the polls made. */
async function waitForPage(browser: Browser, url: string) {
  let polls = 0;
  for (;;) {
    const response = await browser.get(url);
    if (!response.body.includes('id="tache-etat"')) return { body: response.body, polls };
    polls++;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

interface PageRun {
  previewMs: number;
  importMs: number;
  valid: number;
  created: string;
}

async function throughThePages(file: Buffer): Promise<PageRun> {
  const { app, browser, close } = await freshApp();
  try {
    await browser.get('/animation/import');
    const upload = multipartBody(
      { _csrf: browser.csrfToken ?? '' },
      { filename: 'diagnostic.xlsx', content: file },
    );
    const started = performance.now();
    const first = await inject(app, browser, '/animation/import', upload.payload, upload.contentType);
    const url = first.headers['hx-push-url'] as string;
    if (first.statusCode !== 202 || !url) throw new Error(`upload answered ${first.statusCode}`);
    const preview = await waitForPage(browser, url);
    const previewMs = performance.now() - started;
    const valid = Number(/<span class="figure">(\d+)<\/span>\s*valides/.exec(preview.body)?.[1] ?? 'NaN');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(preview.body)?.[1] ?? '';
    const form = Buffer.from(new URLSearchParams({ _csrf: csrf, choix: 'valides' }).toString());
    const importStarted = performance.now();
    const posted = await inject(app, browser, `${url}/importer`, form, 'application/x-www-form-urlencoded');
    if (posted.statusCode !== 202) throw new Error(`import answered ${posted.statusCode}`);
    const done = await waitForPage(browser, url);
    const importMs = performance.now() - importStarted;
    const created = /Import terminé : ([^<]*)/.exec(done.body)?.[1] ?? '(no notice)';
    return { previewMs, importMs, valid, created };
  } finally {
    await close();
  }
}

async function commitAlone(drafts: NeedDraft[], commit: typeof commitDrafts): Promise<number> {
  const handle = await freshDb();
  try {
    const started = performance.now();
    await commit(handle.db, drafts, {});
    return performance.now() - started;
  } finally {
    await handle.close();
  }
}

export default async function importBench(): Promise<BenchSection> {
  const lookups = await defaultLookups();
  lookups.resolveCommune('90000 Belfort'); // the places index loads once per process, outside the measure
  const file = await buildBenchWorkbook(ROWS);
  console.log(`generated ${ROWS} rows: ${fmt(file.byteLength / 1024, 0)} KB`);

  const runs: PageRun[] = [];
  for (let i = 0; i < RUNS; i++) {
    runs.push(await throughThePages(file));
    console.log(`pages run ${i + 1}:`, runs.at(-1));
  }

  const analysis = await analyzeFile(file, { today: new Date().toISOString().slice(0, 10), lookups });
  if (!analysis.ok) throw new Error(analysis.message);
  const batched: number[] = [];
  for (let i = 0; i < RUNS; i++) batched.push(await commitAlone(analysis.drafts, commitDrafts));
  console.log('batched commit:', batched);
  // Once only: about 45 s on this machine, and the machine is shared.
  const rowByRow = await commitAlone(analysis.drafts, commitDraftsRowByRow);
  console.log('row-by-row commit:', rowByRow);

  const range = (values: number[]) =>
    `${fmt(Math.min(...values) / 1000)}–${fmt(Math.max(...values) / 1000)} s`;
  const previews = runs.map((r) => r.previewMs);
  const imports = runs.map((r) => r.importMs);
  const load = os.loadavg();
  return {
    key: 'import',
    title: 'Import of a 5,000-row diagnosis',
    markdown: `
A generated XLSX of ${ROWS.toLocaleString('en-US')} need rows, ${fmt(file.byteLength / 1024, 0)} KB (\`scripts/bench/import/generate.ts\`: people's headers, a title row, 120 communes of four départements, about 1,700 structures, ROME codes and free-text titles, hours and days as people write them, date cells, serial numbers and text dates, about 1 % of rows in error): ${runs[0].valid.toLocaleString('en-US')} valid rows.

**Through the pages** (app.inject against the real app on an in-memory PGlite, a fresh database per run, as a facilitator of those départements): the upload posted as htmx posts it (the answer is the progress page), then the upload's page polled every ${POLL_MS} ms until the preview replaces the progress page; then "Importer seulement les lignes valides" and the same polling until the preview with the counts. The import reuses the analysis the preview just made (remembered per upload for 15 minutes, \`server/facilitation/import-work.ts\`), then commits, then looks the preview's structures up again. Median of ${RUNS} runs.

| Step | Median | Range | Target |
| --- | ---: | ---: | ---: |
| Preview (upload → preview shown) | **${fmt(median(previews) / 1000)} s** | ${range(previews)} | under 10 s |
| Import (click → counts shown) | **${fmt(median(imports) / 1000)} s** | ${range(imports)} | under 10 s |

Each import: ${runs[0].created.replace(/\.$/, '')}.

**The commit alone** (\`commitDrafts\` on the same ${analysis.drafts.length.toLocaleString('en-US')} drafts, a fresh in-memory PGlite each time, no HTTP):

| Commit | Time |
| --- | ---: |
| row by row (the code before this change, once: \`scripts/bench/import/commit-row-by-row.ts\`) — baseline | ${fmt(rowByRow / 1000)} s |
| set-based (\`server/imports/commit.ts\`), median of ${RUNS} | **${fmt(median(batched) / 1000)} s** (${range(batched)}) |

Load average at the end of the run: ${fmt(load[0])} (1 min), ${fmt(load[1])} (5 min) on 2 cores shared with other work: upper bounds.

Command: \`npm run bench -- import\` (\`BENCH_IMPORT_ROWS\` to change the size).`,
  };
}
