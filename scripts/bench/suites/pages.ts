/**
 * `npm run bench -- pages`: the site's main pages under load, on embedded PGlite and on PostgreSQL, each
 * beside the sign-in page measured in the same run (issue 15). The server runs as `npm start` runs it, with
 * the demo loaded; each page is asked with autocannon at 1 and 10 connections, signed in as the demo person
 * who would see it. Then mixed traffic (every page cycled) and the server's RSS before and after it.
 * Queries per request are the counts pinned by tests/pages/query-counts.test.ts (the same page, the same
 * person, the demo data), which fails when one grows.
 *
 * BENCH_PAGES_SECONDS (default 5) per run, BENCH_PAGES_MIXED_SECONDS (default 60; the issue's ten minutes is
 * 600) of mixed traffic, BENCH_PAGES_DRIVERS (default "pglite,postgres").
 */
import { rmSync } from 'node:fs';
import os from 'node:os';
import postgres from 'postgres';
import { DEMO_PASSWORD } from '../../demo/accounts';
import { hammer, type PageFigures, settledRssMb, signIn } from '../pages/http';
import { processTreeCpuMs, START_COMMAND, startServer, stopServer } from '../server';
import { type BenchSection, fmt, median } from '../types';

const SECONDS = Number(process.env.BENCH_PAGES_SECONDS ?? 5);
const MIXED_SECONDS = Number(process.env.BENCH_PAGES_MIXED_SECONDS ?? 60);
const DRIVERS = (process.env.BENCH_PAGES_DRIVERS ?? 'pglite,postgres').split(',') as Driver[];
const PG_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
type Driver = 'pglite' | 'postgres';
type Role = 'visitor' | 'structure' | 'facilitator';

interface BenchPage {
  path: string;
  role: Role;
  /** Pinned in tests/pages/query-counts.test.ts: with every read from the database (PostgreSQL)… */
  queries: number;
  /** …and once PGlite's read cache holds the page's reads (db/read-cache.ts); default `queries`. */
  cached?: number;
  /** The issue's target, as a share of the sign-in page's req/s at 10 connections. */
  target?: number;
}

const SIGN_IN: BenchPage = { path: '/connexion', role: 'visitor', queries: 0 };
const PAGES: BenchPage[] = [
  SIGN_IN,
  { path: '/', role: 'visitor', queries: 0 },
  { path: '/recherche?q=comptable', role: 'visitor', queries: 0 },
  { path: '/postes/:post', role: 'structure', queries: 3, cached: 0, target: 0.25 },
  { path: '/tableau-de-bord', role: 'structure', queries: 3, cached: 0 },
  { path: '/compositions', role: 'structure', queries: 4, cached: 0, target: 0.1 },
  { path: '/animation', role: 'facilitator', queries: 3, cached: 0, target: 0.1 },
  { path: '/animation/indicateurs', role: 'facilitator', queries: 8, cached: 0 },
];
const EMAILS: Record<Exclude<Role, 'visitor'>, string> = {
  structure: 'structure@demo.invalid',
  facilitator: 'animation@demo.invalid',
};

interface DriverRun {
  driver: Driver;
  rows: { page: BenchPage; one: PageFigures; ten: PageFigures }[];
  rssAtRest: number;
  rssAfterMixed: number;
  mixed: PageFigures;
  quietWaitMs: number;
}

/** Waits until `notBefore`, then until the server tree uses under 10 % of a core over 2 s (at most 3 min). */
async function waitForQuiet(pid: number, notBefore: number): Promise<number> {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  await sleep(Math.max(0, notBefore - performance.now()));
  const since = performance.now();
  for (;;) {
    const before = processTreeCpuMs(pid);
    await sleep(2_000);
    if (processTreeCpuMs(pid) - before < 200 || performance.now() - since > 180_000)
      return performance.now() - since;
  }
}

async function runDriver(driver: Driver): Promise<DriverRun> {
  let dbName: string | undefined;
  const env: Record<string, string> = {
    MOSAIQUE_DEMO: '1',
    DATA_DIR: `${os.tmpdir()}/bench-pages-${Date.now()}`,
  };
  if (driver === 'postgres') {
    dbName = `bench_pages_${Date.now()}`;
    const admin = postgres(PG_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${dbName}`);
    await admin.end();
    env.DATABASE_URL = PG_URL.replace(/\/[^/]*$/, `/${dbName}`);
  }
  const { child, base } = await startServer(env);
  const started = performance.now();
  try {
    const cookies: Record<Role, string> = { visitor: '', structure: '', facilitator: '' };
    for (const role of ['structure', 'facilitator'] as const)
      cookies[role] = await signIn(base, EMAILS[role], DEMO_PASSWORD);
    // The list comes from Meilisearch, which indexes the demo in the background after the start.
    let post: string | undefined;
    for (let tries = 0; !post && tries < 120; tries++) {
      if (tries) await new Promise((resolve) => setTimeout(resolve, 500));
      const list = await fetch(`${base}/postes`, { headers: { accept: 'application/json' } });
      post = ((await list.json()) as { hits: { id: number }[] }).hits[0]?.id?.toString();
    }
    if (!post) throw new Error('no shared post on /postes after 60 s');
    const url = (page: BenchPage) => page.path.replace(':post', post);
    // Warm-up: templates compiled, caches filled, the matcher's first run out of the way.
    for (const page of PAGES)
      await hammer(base, [url(page)], cookies[page.role], { seconds: 2, connections: 2 });
    // The matching job runs 30 s after the start (a core and a share of the web thread while it lasts):
    // measure once it is over, the pages alone.
    const quietWaitMs = await waitForQuiet(child.pid as number, started + 35_000);
    const rssAtRest = await settledRssMb(child.pid as number);
    const rows: DriverRun['rows'] = [];
    for (const page of PAGES) {
      const one = await hammer(base, [url(page)], cookies[page.role], { seconds: SECONDS, connections: 1 });
      const ten = await hammer(base, [url(page)], cookies[page.role], { seconds: SECONDS, connections: 10 });
      console.log(driver, page.path, fmt(one.rps, 0), fmt(ten.rps, 0), ten.p99, ten.non2xx, ten.errors);
      rows.push({ page, one, ten });
    }
    // Mixed traffic: signed-in pages as the structure person (the facilitator's under their own cookie
    // would need a second client; the structure's and the visitors' pages are most of a day's traffic).
    const mixedPaths = PAGES.filter((p) => p.role !== 'facilitator').map(url);
    const mixed = await hammer(base, mixedPaths, cookies.structure, {
      seconds: MIXED_SECONDS,
      connections: 10,
    });
    const rssAfterMixed = await settledRssMb(child.pid as number);
    return { driver, rows, rssAtRest, rssAfterMixed, mixed, quietWaitMs };
  } finally {
    await stopServer(child);
    rmSync(env.DATA_DIR, { recursive: true, force: true });
    if (dbName) {
      const admin = postgres(PG_URL, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    }
  }
}

function table(run: DriverRun): string {
  const signIn = run.rows.find((r) => r.page === SIGN_IN) as DriverRun['rows'][number];
  const lines = [
    `### ${run.driver === 'pglite' ? 'Embedded PGlite' : 'PostgreSQL 15'}`,
    '',
    '| Page (person) | Queries | 1 conn. req/s | p50 / p99 (ms) | 10 conn. req/s | p50 / p99 (ms) | ÷ sign-in (10 conn.) | Target | KB | Non-2xx / errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const { page, one, ten } of run.rows) {
    const ratio = ten.rps / signIn.ten.rps;
    lines.push(
      `| \`${page.path}\` (${page.role}) | ${run.driver === 'pglite' ? (page.cached ?? page.queries) : page.queries} | ${fmt(one.rps, 0)} | ${one.p50} / ${one.p99} | ${fmt(ten.rps, 0)} | ${ten.p50} / ${ten.p99} | ${fmt(ratio, 2)} | ${page.target ? `≥ ${page.target}` : '–'} | ${fmt(ten.bytesPerRequest / 1024)} | ${ten.non2xx} / ${ten.errors} |`,
    );
  }
  const growth = (run.rssAfterMixed / run.rssAtRest - 1) * 100;
  lines.push(
    '',
    `Measured once the server went quiet after its first matching run (${fmt(run.quietWaitMs / 1000, 0)} s past 35 s). Server RSS at rest then (read past the matcher worker's idle time, once it had not fallen for 30 s): **${fmt(run.rssAtRest, 0)} MB**; after ${MIXED_SECONDS} s of mixed traffic (${fmt(run.mixed.rps, 0)} req/s, p99 ${run.mixed.p99} ms, the visitors' and the structure's pages cycled, 10 connections): **${fmt(run.rssAfterMixed, 0)} MB** (${growth >= 0 ? '+' : ''}${fmt(growth)} %).`,
  );
  return lines.join('\n');
}

export default async function pages(): Promise<BenchSection> {
  const load = os.loadavg();
  const runs: DriverRun[] = [];
  for (const driver of DRIVERS) runs.push(await runDriver(driver));
  const end = os.loadavg();
  const ratios = runs.map(
    (r) => `${r.driver}: median p99 at 10 connections ${median(r.rows.map((row) => row.ten.p99))} ms`,
  );
  return {
    key: 'pages',
    title: 'Pages under load',
    markdown: [
      `The server as \`npm start\` runs it (\`${START_COMMAND}\`: the build in dist/, embedded Meilisearch, background jobs on), the demo loaded, each page asked by autocannon from the benchmark process for ${SECONDS} s at 1 and then 10 connections, signed in as the demo person who would see it (\`structure@demo.invalid\`, \`animation@demo.invalid\`). Every page is compared with the sign-in page (\`/connexion\`, no query) of the same run. *Queries*: per request, as pinned by \`tests/pages/query-counts.test.ts\` (on PGlite, once its read cache holds the page's reads: \`db/read-cache.ts\`). *KB*: bytes per response.`,
      '',
      `Load average (1 / 5 / 15 min) at the start: ${load.map((l) => fmt(l)).join(' / ')}; at the end: ${end.map((l) => fmt(l)).join(' / ')} on ${os.cpus().length} cores shared with other work: absolute figures are low and noisy, the ratios to the sign-in page of the same run are what to compare.`,
      '',
      ...runs.map(table),
      '',
      ratios.join('; '),
      '',
      'Command: `npm run bench -- pages` (`BENCH_PAGES_SECONDS`, `BENCH_PAGES_MIXED_SECONDS=600` for the ten-minute memory run, `BENCH_PAGES_DRIVERS=pglite`).',
    ].join('\n'),
  };
}
