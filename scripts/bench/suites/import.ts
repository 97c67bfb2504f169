/**
 * Import of a 5,000-row XLSX (issue 7, "Performance"), through the import pages as a facilitator uses
 * them: app.inject against the real app (embedded PGlite in memory, migrations applied, a fresh database
 * per run so that every import writes everything), the upload posted as htmx does, then the upload's
 * page polled every 50 ms until the progress page gives way to the preview; then "Importer seulement
 * les lignes valides" and the same polling until the preview with the counts. Median of 3 runs.
 * Baseline in the same run: the commit alone (the same drafts) by `commitDrafts` (short transactions),
 * by the one-transaction commit it replaced (scripts/bench/import/commit-one-transaction.ts) and by the
 * row-by-row one before it (commit-row-by-row.ts), each on a fresh database, with the longest
 * transaction of each (issue 15: on PGlite a transaction holds the only connection).
 * Then the hostile files of issue 11 (scripts/bench/import/hostile.ts): time to refuse each, peak RSS
 * and /healthz meanwhile, beside the same figures for the 5,000-row preview; and exceljs' streaming
 * reader, the alternative to the worker, on the same files.
 */
import os from 'node:os';
import type { Db } from '../../../db/client';
import { commitDrafts, ROWS_PER_TRANSACTION } from '../../../server/facilitation/import-commit';
import { analyzeFile, defaultLookups, type NeedDraft } from '../../../server/imports';
import { IMPORT_LIMITS } from '../../../server/imports/limits';
import { READ_WORKER_LIMITS } from '../../../server/imports/read-pool';
import { zipBombXlsx } from '../../../tests/imports/fixtures/hostile';
import { commitDraftsInOneTransaction } from '../import/commit-one-transaction';
import { commitDraftsRowByRow } from '../import/commit-row-by-row';
import { buildBenchWorkbook } from '../import/generate';
import { HOSTILE_FILES, type SiteWatch, streamingRead, watchSite } from '../import/hostile';
import { freshApp, freshDb, inject, POLL_MS, upload, waitForPage } from '../import/pages';
import { timeTransactions } from '../import/transactions';
import { type BenchSection, fmt, median } from '../types';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 5000);
const RUNS = 3;
/** The commit alone is short: more runs, for a steadier median of its longest transaction. */
const COMMIT_RUNS = 5;

interface PageRun {
  previewMs: number;
  importMs: number;
  /** The longest transaction of the import (from the click to the counts), and their number. */
  longestTxMs: number;
  transactions: number;
  valid: number;
  created: string;
  /** /healthz and RSS while the preview was made. */
  watch: SiteWatch;
}

async function throughThePages(file: Buffer): Promise<PageRun> {
  const { app, browser, db, close } = await freshApp();
  try {
    await browser.get('/animation/import');
    const stop = watchSite(app);
    const started = performance.now();
    const { response: first, url } = await upload(app, browser, file, 'diagnostic.xlsx');
    if (first.statusCode !== 202 || !url) throw new Error(`upload answered ${first.statusCode}`);
    const preview = await waitForPage(browser, url);
    const previewMs = performance.now() - started;
    const watch = await stop();
    const valid = Number(/<span class="figure">(\d+)<\/span>\s*valides/.exec(preview.body)?.[1] ?? 'NaN');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(preview.body)?.[1] ?? '';
    const form = Buffer.from(new URLSearchParams({ _csrf: csrf, choix: 'valides' }).toString());
    const timed = timeTransactions(db);
    const importStarted = performance.now();
    const posted = await inject(app, browser, `${url}/importer`, form, 'application/x-www-form-urlencoded');
    if (posted.statusCode !== 202) throw new Error(`import answered ${posted.statusCode}`);
    const done = await waitForPage(browser, url);
    const importMs = performance.now() - importStarted;
    timed.restore();
    const created = /Import terminé : ([^<]*)/.exec(done.body)?.[1] ?? '(no notice)';
    return {
      previewMs,
      importMs,
      longestTxMs: Math.max(...timed.durations),
      transactions: timed.durations.length,
      valid,
      created,
      watch,
    };
  } finally {
    await close();
  }
}

interface Refusal {
  ms: number;
  message: string;
  watch: SiteWatch;
}

/** Uploads a hostile file and waits for the form with its refusal; with /healthz and RSS meanwhile. */
async function refusedThroughThePages(
  app: Parameters<typeof upload>[0],
  browser: Parameters<typeof upload>[1],
  file: Buffer,
  filename: string,
): Promise<Refusal> {
  await browser.get('/animation/import');
  const stop = watchSite(app);
  const started = performance.now();
  const { response, url } = await upload(app, browser, file, filename);
  if (response.statusCode !== 202 || !url)
    throw new Error(`${filename}: upload answered ${response.statusCode}`);
  const page = await waitForPage(browser, url);
  const ms = performance.now() - started;
  const watch = await stop();
  const message =
    /id="fichier-error"[^>]*>(?:<span[^>]*>[^<]*<\/span>)?\s*([^<]*)</.exec(page.body)?.[1]?.trim() ??
    '(no message)';
  return { ms, message, watch };
}

async function hostileRuns() {
  const results: { label: string; bytes: number; runs: Refusal[] }[] = [];
  for (const hostile of HOSTILE_FILES) {
    const file = hostile.make();
    const { app, browser, close } = await freshApp();
    try {
      const runs: Refusal[] = [];
      for (let i = 0; i < RUNS; i++)
        runs.push(await refusedThroughThePages(app, browser, file, hostile.filename));
      console.log(hostile.label, runs);
      results.push({ label: hostile.label, bytes: file.byteLength, runs });
    } finally {
      await close();
    }
  }
  return results;
}

/** The streaming reader on the web thread: time, RSS and /healthz while it runs, on an idle app. */
async function streamingRuns(file5000: Buffer) {
  const BOMB_MB = 300;
  const files = [
    { label: `the ${ROWS.toLocaleString('en-US')}-row diagnosis`, make: () => file5000 },
    ...HOSTILE_FILES.filter((h) => !h.label.startsWith('zip bomb')),
    {
      label: `zip bomb, ${BOMB_MB} MB inflated (the 2.6 GB one would not end)`,
      make: () => zipBombXlsx({ megabytes: BOMB_MB }),
    },
  ];
  const { app, close } = await freshApp();
  const rows: { label: string; ms: number; outcome: string; watch: SiteWatch }[] = [];
  try {
    for (const entry of files) {
      const bytes = entry.make();
      const stop = watchSite(app);
      const started = performance.now();
      const outcome = await streamingRead(bytes, IMPORT_LIMITS.rows);
      const ms = performance.now() - started;
      rows.push({ label: entry.label, ms, outcome, watch: await stop() });
      console.log('streaming reader:', rows.at(-1));
    }
  } finally {
    await close();
  }
  return rows;
}

interface CommitRun {
  ms: number;
  longestTxMs: number;
  transactions: number;
}

async function commitAlone(
  drafts: NeedDraft[],
  commit: (db: Db, drafts: NeedDraft[], options: object) => Promise<unknown>,
): Promise<CommitRun> {
  const handle = await freshDb();
  try {
    const { durations } = timeTransactions(handle.db);
    const started = performance.now();
    await commit(handle.db, drafts, {});
    const ms = performance.now() - started;
    return { ms, longestTxMs: Math.max(...durations), transactions: durations.length };
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
  // Alternated, so that both see the same load.
  const batched: CommitRun[] = [];
  const oneTransaction: CommitRun[] = [];
  for (let i = 0; i < COMMIT_RUNS; i++) {
    oneTransaction.push(await commitAlone(analysis.drafts, commitDraftsInOneTransaction));
    batched.push(await commitAlone(analysis.drafts, commitDrafts));
  }
  console.log('one-transaction commit:', oneTransaction, 'short transactions:', batched);
  // Once only: about 45 s on this machine, and the machine is shared.
  const rowByRow = (await commitAlone(analysis.drafts, commitDraftsRowByRow)).ms;
  console.log('row-by-row commit:', rowByRow);
  const hostile = await hostileRuns();
  const streaming = await streamingRuns(file);

  const range = (values: number[]) =>
    `${fmt(Math.min(...values) / 1000)}–${fmt(Math.max(...values) / 1000)} s`;
  const previews = runs.map((r) => r.previewMs);
  const imports = runs.map((r) => r.importMs);
  const ms = (value: number) => `${fmt(value, 0)} ms`;
  const mb = (value: number) => `${fmt(value, 0)} MB`;
  const watchCells = (watches: SiteWatch[]) =>
    `${ms(median(watches.map((w) => w.healthMedianMs)))} | ${ms(median(watches.map((w) => w.healthMaxMs)))} | +${mb(median(watches.map((w) => w.rssGrowthMb)))} (${mb(median(watches.map((w) => w.peakRssMb)))})`;
  const hostileRows = hostile
    .map(
      (h) =>
        `| ${h.label} | ${fmt(h.bytes / 1024 / 1024, 1)} MB | **${ms(median(h.runs.map((r) => r.ms)))}** | ${watchCells(h.runs.map((r) => r.watch))} | ${h.runs[0].message.split(' : ')[0]} |`,
    )
    .join('\n');
  const streamingRows = streaming
    .map(
      (r) =>
        `| ${r.label} | ${ms(r.ms)} | ${r.outcome} | ${ms(r.watch.healthMedianMs)} | ${ms(r.watch.healthMaxMs)} | +${mb(r.watch.rssGrowthMb)} |`,
    )
    .join('\n');
  const load = os.loadavg();
  return {
    key: 'import',
    title: 'Import of a 5,000-row diagnosis',
    markdown: `
A generated XLSX of ${ROWS.toLocaleString('en-US')} need rows, ${fmt(file.byteLength / 1024, 0)} KB (\`scripts/bench/import/generate.ts\`: people's headers, a title row, 120 communes of four départements, about 1,700 structures, ROME codes and free-text titles, hours and days as people write them, date cells, serial numbers and text dates, about 1 % of rows in error): ${runs[0].valid.toLocaleString('en-US')} valid rows.

**Through the pages** (app.inject against the real app on an in-memory PGlite, a fresh database per run, as a facilitator of those départements): the upload posted as htmx posts it (the answer is the progress page), then the upload's page polled every ${POLL_MS} ms until the preview replaces the progress page; then "Importer seulement les lignes valides" and the same polling until the preview with the counts. The import commits the drafts of the analysis the preview just stored with the upload (\`server/facilitation/import-analysis.ts\`), then the page looks the preview's structures up again. Median of ${RUNS} runs.

| Step | Median | Range | Target |
| --- | ---: | ---: | ---: |
| Preview (upload → preview shown) | **${fmt(median(previews) / 1000)} s** | ${range(previews)} | under 10 s |
| Import (click → counts shown) | **${fmt(median(imports) / 1000)} s** | ${range(imports)} | under 10 s |

Each import: ${runs[0].created.replace(/\.$/, '')}.

**The commit alone** (\`commitDrafts\` on the same ${analysis.drafts.length.toLocaleString('en-US')} drafts, a fresh in-memory PGlite each time, no HTTP):

| Commit | Time | Transactions | Longest transaction |
| --- | ---: | ---: | ---: |
| row by row (before issue 7, once: \`scripts/bench/import/commit-row-by-row.ts\`) | ${fmt(rowByRow / 1000)} s | 1 | ${fmt(rowByRow / 1000)} s |
| set-based in one transaction (before issue 15: \`scripts/bench/import/commit-one-transaction.ts\`) — baseline, median of ${COMMIT_RUNS} | ${fmt(median(oneTransaction.map((r) => r.ms)) / 1000)} s (${range(oneTransaction.map((r) => r.ms))}) | 1 | ${ms(median(oneTransaction.map((r) => r.longestTxMs)))} |
| set-based in transactions of ${ROWS_PER_TRANSACTION} rows (\`server/facilitation/import-commit.ts\`), median of ${COMMIT_RUNS} | **${fmt(median(batched.map((r) => r.ms)) / 1000)} s** (${range(batched.map((r) => r.ms))}) | ${batched[0].transactions} | **${ms(median(batched.map((r) => r.longestTxMs)))}** (${batched.map((r) => ms(r.longestTxMs)).join(', ')}) |

The longest transaction is how long another request may wait for the database while an import commits: on PGlite a transaction holds the only connection. Through the pages, the import's longest transaction (of the ${runs[0].transactions} transactions the app ran from the click to the counts) was ${runs.map((r) => ms(r.longestTxMs)).join(', ')}.

**Hostile files** (issue 11: before the limits, the 1.2 MB file of 1.5 million rows stalled the site for about 75 s and took 2.5 GB, the 2.6 MB zip bomb took 1.7 GB; \`tests/imports/fixtures/hostile.ts\` makes them). Each uploaded ${RUNS} times through the same pages, as htmx does, on a fresh app, until the form shows the refusal; meanwhile \`/healthz\` is asked every 20 ms (app.inject, in the same process: its latency is the event loop's) and the process's RSS sampled every 20 ms (the reading worker is a thread of this process). The file is checked against the limits (README, "Import limits") in the reading worker (${READ_WORKER_LIMITS.maxOldGenerationSizeMb} MB heap), before exceljs sees it. Baseline: the ${ROWS.toLocaleString('en-US')}-row preview above, measured the same way. Medians of ${RUNS} runs.

| File | Size | Upload → refusal shown | /healthz median | /healthz slowest | RSS growth (peak) | Message |
| --- | ---: | ---: | ---: | ---: | ---: | --- |
| baseline: the ${ROWS.toLocaleString('en-US')}-row diagnosis (upload → preview) | ${fmt(file.byteLength / 1024 / 1024, 1)} MB | ${ms(median(previews))} | ${watchCells(runs.map((r) => r.watch))} | (preview) |
${hostileRows}

**The alternative: exceljs' streaming reader** with a ${IMPORT_LIMITS.rows.toLocaleString('en-US')}-row cap, on the web thread of an idle app (\`streamingRead\` in \`scripts/bench/import/hostile.ts\`), the same /healthz and RSS sampling. It stops early on a long sheet, but it does not fill merged cells (the import relies on that), it has no byte cap (a zip bomb's whitespace is one text node it keeps whole: the RSS below grows with the bomb), and its parsing runs on the web thread. Hence the scan and the worker.

| File | Time | Outcome | /healthz median | /healthz slowest | RSS growth |
| --- | ---: | --- | ---: | ---: | ---: |
${streamingRows}

Load average at the end of the run: ${fmt(load[0])} (1 min), ${fmt(load[1])} (5 min) on 2 cores shared with other work: upper bounds.

Command: \`npm run bench -- import\` (\`BENCH_IMPORT_ROWS\` to change the size).`,
  };
}
