/**
 * The indicators page over a year of demo-scale activity (issue 7, "Performance"): the demo loaded in an
 * in-memory PGlite, then a year of activity generated on top of it (scripts/bench/indicators/generate.ts),
 * then GET /animation/indicateurs (default period: the last 12 months, all of the demo facilitator's
 * territories) and its CSV through app.inject as the demo facilitator; 5 warm-up requests, then 30
 * measured ones, median and 90th percentile. Baseline in the same run: the territory overview
 * (/animation), the facilitator's existing landing page.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDb, rawRows } from '../../../db/client';
import { buildApp } from '../../../server/app';
import { createSearchService } from '../../../server/search/service';
import { testConfig } from '../../../tests/support/app';
import { Browser } from '../../../tests/support/browser';
import { DEMO_PASSWORD, loadDemo } from '../../demo';
import { generateYearOfActivity } from '../indicators/generate';
import { type BenchSection, fmt, median } from '../types';

const WARMUP = 5;
const REQUESTS = 30;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

async function measure(browser: Browser, url: string) {
  for (let i = 0; i < WARMUP; i++) await browser.get(url);
  const times: number[] = [];
  let status = 0;
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    const response = await browser.get(url);
    times.push(performance.now() - started);
    status = response.statusCode;
  }
  if (status !== 200) throw new Error(`${url} answered ${status}`);
  return { median: median(times), p90: percentile(times, 90) };
}

export default async function indicatorsBench(): Promise<BenchSection> {
  const handle = await openDb({});
  await handle.migrate();
  const config = testConfig({
    dataDir: mkdtempSync(path.join(os.tmpdir(), 'mosaique-bench-indicators-')),
    rateLimit: { max: 1_000_000, windowMs: 60_000 },
  });
  try {
    await loadDemo(handle.db, { publicUrl: config.publicUrl });
    const started = performance.now();
    const activity = await generateYearOfActivity(handle.db);
    const generationMs = performance.now() - started;
    const [totals] = await rawRows<{ needs: number; compositions: number; organizations: number }>(
      handle.db,
      sql`select (select count(*)::int from needs) as needs, (select count(*)::int from compositions) as compositions,
        (select count(*)::int from organizations) as organizations`,
    );
    const app = await buildApp(config, {
      db: handle.db,
      search: createSearchService({ indexPrefix: 'bench_' }),
    });
    await app.ready();
    const browser = new Browser(app);
    await browser.signIn('animation@demo.invalid', DEMO_PASSWORD);
    const rows = [
      ['`/animation` (territory overview) — baseline', await measure(browser, '/animation')],
      ['`/animation/indicateurs` (last 12 months)', await measure(browser, '/animation/indicateurs')],
      [
        '`/animation/indicateurs?departement=90`',
        await measure(browser, '/animation/indicateurs?departement=90'),
      ],
      ['`/animation/indicateurs.csv`', await measure(browser, '/animation/indicateurs.csv')],
    ] as const;
    await app.close();
    const load = os.loadavg();
    return {
      key: 'indicators',
      title: 'Indicators page over a year of activity',
      markdown: `
The demo (\`db/demo\`) in an in-memory PGlite, plus a year of activity generated on it in ${fmt(generationMs / 1000)} s (\`scripts/bench/indicators/generate.ts\`): ${activity.needs.toLocaleString('en-US')} needs published over the last 12 months (copies of the demo's), ${activity.compositions.toLocaleString('en-US')} compositions accepted, ${activity.posts} shared posts, ${activity.sessions} sessions held with 15 invited structures and ${activity.outcomes} outcomes. In all: ${totals.needs.toLocaleString('en-US')} needs, ${totals.compositions.toLocaleString('en-US')} compositions, ${totals.organizations} organizations.

Requests through app.inject as the demo facilitator (90 and 25), ${WARMUP} warm-up then ${REQUESTS} measured, one at a time. The indicators are two aggregate queries (events by kind and month with grouping sets; distinct structures by month); no row is loaded into the server.

| Page | Median | p90 |
| --- | ---: | ---: |
${rows.map(([label, m]) => `| ${label} | ${fmt(m.median)} ms | ${fmt(m.p90)} ms |`).join('\n')}

Load average at the end of the run: ${fmt(load[0])} (1 min), ${fmt(load[1])} (5 min) on 2 cores shared with other work: upper bounds.

Command: \`npm run bench -- indicators\`.`,
    };
  } finally {
    await handle.close();
    rmSync(config.dataDir, { recursive: true, force: true });
  }
}
