/**
 * Compositions (issue 6, "Performance"): a matching run from "run" to proposals stored, over the demo's
 * database and over 5,000 generated published needs (BENCH_COMPOSITIONS_NEEDS), with the matcher in the
 * process (`match()` called by runMatching) and in the worker thread the web process uses (`app.matcher`);
 * then the proposals page of a member with many proposals under autocannon, beside the sign-in page of
 * the same server as the baseline.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { desc, eq, inArray, sql } from 'drizzle-orm';
import { type Db, openDb } from '../../../db/client';
import { compositionNeeds, compositions, memberships, people } from '../../../db/schema';
import { hashPassword } from '../../../server/accounts/passwords';
import { createMatcherPool } from '../../../server/compositions/matcher-pool';
import { type RunOptions, type RunSummary, runMatching } from '../../../server/compositions/matching-run';
import { loadDemo } from '../../demo';
import { insertMatchingNeeds } from '../compositions/generate';
import { type LoadFigures, load } from '../search/load';
import { startServer, stopServer } from '../server';
import { type BenchSection, fmt, median } from '../types';

const NEEDS = Number(process.env.BENCH_COMPOSITIONS_NEEDS ?? 5_000);
const SECONDS = Number(process.env.BENCH_COMPOSITIONS_SECONDS ?? 30);
const RUNS = 3;
const CONNECTIONS = 10;
/** The web process's limit for a run in the worker (RUN_TIME_LIMIT_MS); the same for the in-process runs. */
const TIME_LIMIT_MS = 10_000;
const PUBLIC_URL = 'http://mosaique.bench';
const EMAIL = 'bench-compositions@mosaique.invalid';
const PASSWORD = 'bench-compositions-password';

class Rollback extends Error {}

interface Timed {
  ms: number;
  /** The longest the event loop of this process could not run anything else during the run. */
  stallMs: number;
  summary: RunSummary;
}

/**
 * One run, from its start to its proposals stored (and their mails queued), inside a transaction that is
 * rolled back afterwards, so that every run starts from the same database. `prepare` runs first, untimed.
 */
async function timedRun(db: Db, options: RunOptions, prepare?: (tx: Db) => Promise<unknown>): Promise<Timed> {
  let out: Timed | undefined;
  try {
    await db.transaction(async (tx) => {
      if (prepare) await prepare(tx as unknown as Db);
      // A 5 ms ticker: the longest gap between two ticks is the longest the event loop was held.
      let last = performance.now();
      let stall = 0;
      const ticker = setInterval(() => {
        const now = performance.now();
        stall = Math.max(stall, now - last - 5);
        last = now;
      }, 5);
      const t0 = performance.now();
      const summary = await runMatching(tx, options);
      const ms = performance.now() - t0;
      // Let a tick that was held back by the run's last synchronous stretch fire before reading.
      await new Promise((resolve) => setTimeout(resolve, 10));
      clearInterval(ticker);
      out = { ms, stallMs: Math.max(0, stall), summary };
      throw new Rollback();
    });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
  if (!out) throw new Error('no run');
  return out;
}

interface Row {
  label: string;
  runs: Timed[];
}

async function measure(db: Db, label: string, prepare?: (tx: Db) => Promise<unknown>): Promise<Row[]> {
  const pool = createMatcherPool();
  try {
    const rows: Row[] = [
      { label: `${label}, matcher in the process`, runs: [] },
      { label: `${label}, matcher in the worker thread`, runs: [] },
    ];
    for (let i = 0; i < RUNS; i++) {
      const base = { publicUrl: PUBLIC_URL, timeLimitMs: TIME_LIMIT_MS };
      rows[0].runs.push(await timedRun(db, base, prepare));
      rows[1].runs.push(await timedRun(db, { ...base, matcher: pool.match }, prepare));
      console.log(
        `${label}: run ${i + 1} ${fmt(rows[0].runs[i].ms, 0)} ms / ${fmt(rows[1].runs[i].ms, 0)} ms`,
      );
    }
    return rows;
  } finally {
    await pool.close();
  }
}

const runRow = (r: Row) => {
  const s = r.runs[0].summary;
  return `| ${r.label} | ${fmt(s.needs, 0)} | ${s.proposed} + ${s.partials} | ${s.provedOptimal ? 'yes' : 'no'} | **${fmt(median(r.runs.map((x) => x.ms)), 0)} ms** | ${r.runs.map((x) => fmt(x.ms, 0)).join(' / ')} | ${fmt(median(r.runs.map((x) => x.stallMs)), 0)} ms |`;
};
const loadRow = (label: string, f: LoadFigures) =>
  `| ${label} | ${fmt(f.rps, 0)} | ${fmt(f.p50, 1)} | ${fmt(f.p99, 1)} | ${f.requests} | ${f.errors + f.non2xx} |`;

/** A person who owns the organizations with the most live proposals; returns how many proposals they see. */
async function memberWithManyProposals(
  db: Db,
  organizationCount: number,
): Promise<{ orgs: number; proposals: number }> {
  const top = await db
    .select({ organizationId: compositionNeeds.organizationId, n: sql<number>`count(*)::int` })
    .from(compositionNeeds)
    .innerJoin(compositions, eq(compositions.id, compositionNeeds.compositionId))
    .where(eq(compositions.status, 'proposed'))
    .groupBy(compositionNeeds.organizationId)
    .orderBy(desc(sql`count(*)`))
    .limit(organizationCount);
  const [person] = await db
    .insert(people)
    .values({
      email: EMAIL,
      passwordHash: await hashPassword(PASSWORD, { memoryCost: 1024, timeCost: 2 }),
      displayName: 'Responsable de plusieurs structures',
    })
    .returning();
  await db
    .insert(memberships)
    .values(
      top.map((t) => ({ organizationId: t.organizationId, personId: person.id, role: 'owner' as const })),
    );
  const [seen] = await db
    .select({ n: sql<number>`count(distinct ${compositions.id})::int` })
    .from(compositions)
    .innerJoin(compositionNeeds, eq(compositionNeeds.compositionId, compositions.id))
    .where(
      inArray(
        compositionNeeds.organizationId,
        top.map((t) => t.organizationId),
      ),
    );
  return { orgs: top.length, proposals: seen.n };
}

/** Signs in through the form, as a browser does; returns the Cookie header of the session. */
async function signIn(base: string): Promise<string> {
  const form = await fetch(`${base}/connexion`);
  const html = await form.text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  const cookies = form.headers.getSetCookie().map((c) => c.split(';')[0]);
  if (!token) throw new Error('no CSRF token on /connexion');
  const response = await fetch(`${base}/connexion`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies.join('; ') },
    body: new URLSearchParams({ email: EMAIL, password: PASSWORD, _csrf: token }).toString(),
  });
  await response.arrayBuffer();
  if (response.status !== 303) throw new Error(`sign-in answered ${response.status}`);
  return [...cookies, ...response.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ');
}

export default async function compositionsSuite(): Promise<BenchSection> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mosaique-bench-compositions-'));
  try {
    // The demo's database: its proposals are taken away (in the rolled-back transaction) so that each run
    // proposes them again, as after the demo's first loading.
    const demo = await openDb({ pgliteDir: path.join(dataDir, 'demo') });
    await demo.migrate();
    await loadDemo(demo.db, { publicUrl: PUBLIC_URL });
    const demoRows = await measure(demo.db, 'demo database', (tx) =>
      tx.delete(compositions).where(eq(compositions.status, 'proposed')),
    );
    await demo.close();

    const handle = await openDb({ pgliteDir: path.join(dataDir, 'pglite') });
    await handle.migrate();
    const generated = await insertMatchingNeeds(handle.db, NEEDS);
    console.log(`generated ${generated.needs} needs of ${generated.organizations} organizations`);
    const bigRows = await measure(handle.db, `${fmt(generated.needs, 0)} generated needs`);
    // The proposals stay this time, for the page.
    await runMatching(handle.db, { notify: false, timeLimitMs: TIME_LIMIT_MS });
    const member = await memberWithManyProposals(handle.db, 10);
    await handle.close();

    const server = await startServer({ DATA_DIR: dataDir });
    let page: LoadFigures;
    let baseline: LoadFigures;
    try {
      const cookie = await signIn(server.base);
      const check = await fetch(`${server.base}/compositions`, { headers: { cookie } });
      const body = await check.text();
      if (check.status !== 200 || !body.includes('Se déconnecter'))
        throw new Error(`/compositions answered ${check.status} or not signed in`);
      await load(server.base, [{ path: '/compositions', headers: { cookie } }], {
        seconds: 3,
        connections: CONNECTIONS,
      });
      page = await load(server.base, [{ path: '/compositions', headers: { cookie } }], {
        seconds: SECONDS,
        connections: CONNECTIONS,
      });
      baseline = await load(server.base, [{ path: '/connexion' }], {
        seconds: SECONDS,
        connections: CONNECTIONS,
      });
    } finally {
      await stopServer(server.child);
    }

    const [load1, load5] = os.loadavg();
    const markdown = [
      `Two databases in embedded PGlite: the demo (\`db/demo\`, loaded as a first start does), and ${fmt(generated.needs, 0)} published needs of ${fmt(generated.organizations, 0)} validated organizations and ${generated.ges} GEs (\`scripts/bench/compositions/generate.ts\`: the matcher benchmark's seeded instance, ${generated.roles} ROME codes, ${generated.departements} départements, stored as needs). Command: \`npm run bench -- compositions\` (\`BENCH_COMPOSITIONS_NEEDS\`, \`BENCH_COMPOSITIONS_SECONDS\`).`,
      '',
      `Load average at the end of the run: ${fmt(load1, 1)} (1 min), ${fmt(load5, 1)} (5 min) on ${os.cpus().length} cores.`,
      '',
      `### From "run" to proposals stored`,
      '',
      `\`runMatching\` end to end: read the published needs and the live proposals, match (time limit ${fmt(TIME_LIMIT_MS / 1000, 0)} s, the web process's), store the proposals and queue their mails; each run inside a transaction rolled back afterwards, so the ${RUNS} runs start from the same database (the demo's proposals are deleted first, untimed). "In the worker thread" is what the web process does (\`app.matcher\`, server/compositions/matcher-pool.ts; the worker is started by the first run, so its start-up is in run 1). *Longest stall*: the longest time the benchmark process's event loop could not run anything else during the run (median of the runs): what a request to the web process would wait at worst.`,
      '',
      '| Database, matcher | needs matched | proposals + partials | proved optimal | median | runs | longest stall |',
      '|---|---:|---:|---|---:|---|---:|',
      ...[...demoRows, ...bigRows].map(runRow),
      '',
      `### The proposals page under load`,
      '',
      `\`/compositions\` signed in as the owner of the ${member.orgs} organizations with the most proposals (${member.proposals} compositions on the page), after a run that stored the proposals of the ${fmt(generated.needs, 0)} needs; server started as \`npm start\` does (\`node scripts/start.mjs\`, the build; its own process, background jobs on), autocannon from the benchmark process, ${CONNECTIONS} connections, ${SECONDS} s each. Baseline: the sign-in page of the same server (a template, no database query).`,
      '',
      '| Target | Requests/s | p50 (ms) | p99 (ms) | Requests | Errors |',
      '|---|---:|---:|---:|---:|---:|',
      loadRow('`/compositions`, signed in', page),
      loadRow('`/connexion` (baseline)', baseline),
    ].join('\n');
    return { key: 'compositions', title: 'Compositions: matching runs and the proposals page', markdown };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
