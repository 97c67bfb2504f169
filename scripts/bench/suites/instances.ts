/**
 * Several instances (issue 11, "Measure"): two app processes (`node scripts/start.mjs`) on one PostgreSQL
 * database and one Meilisearch, behind no proxy; autocannon on the search JSON and on the sign-in POST,
 * first against one instance, then shared out between both, in the same run and with the same number of
 * connections; and where the CPU time went meanwhile (each instance, the PostgreSQL backends, Meilisearch,
 * autocannon, the rest of the machine), from /proc.
 *
 * PostgreSQL: a new database on DATABASE_URL's server when set, otherwise a throwaway PostgreSQL 15
 * cluster of the benchmark's own (tests/support/pg-cluster.ts). Meilisearch: MEILI_URL when set,
 * otherwise the embedded binary.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedMeili } from '../../../server/search/meili-process';
import { type Cluster, createEmptyDatabase, startInstances } from '../../../tests/support/instances';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../../tests/support/pg-cluster';
import { DEMO_PASSWORD } from '../../demo';
import { type CpuSplit, measureCpu } from '../instances/cpu';
import { type Figures, loadAcross, type Request } from '../instances/load';
import { type BenchSection, fmt } from '../types';

const SECONDS = Number(process.env.BENCH_INSTANCES_SECONDS ?? 20);
const CONNECTIONS = 10;
const TERMS = [
  'comptable',
  'espaces verts',
  'communication',
  'ressources humaines',
  'insertion',
  'maraichage',
];

interface Phase {
  label: string;
  figures: Figures;
  cpu: CpuSplit;
}

/** Waits until the instances answer searches from Meilisearch with the demo's records indexed. */
async function searchReady(base: string) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const response = await fetch(`${base}/recherche?q=comptable`, {
      headers: { accept: 'application/json' },
    });
    const body = (await response.json()) as { total: number; degraded: boolean };
    if (!body.degraded && body.total > 0) return;
    if (Date.now() > deadline) throw new Error('the demo records were not indexed within 120 s');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** A sign-in form as a browser holds it: the CSRF cookie and its token, good on every instance. */
async function signInForm(base: string): Promise<{ cookie: string; token: string }> {
  const response = await fetch(`${base}/connexion`);
  const body = await response.text();
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? '';
  return { cookie, token };
}

const cores = (ms: number, wallMs: number) => fmt(ms / wallMs, 2);

function row(phase: Phase): string {
  const { figures: f, cpu } = phase;
  const [a, b] = cpu.instances;
  const used = cpu.instances.reduce((s, x) => s + x, 0) + cpu.meili + cpu.postgres + cpu.bench + cpu.other;
  const idle = Math.max(0, cpu.capacity - used);
  const appPerRequest = (a + (b ?? 0)) / Math.max(1, f.requests);
  return `| ${phase.label} | ${fmt(f.rps, 0)} | ${fmt(f.p50, 0)} | ${fmt(f.p99, 0)} | ${f.failures} | ${cores(a, cpu.wallMs)} | ${cores(b ?? 0, cpu.wallMs)} | ${cores(cpu.postgres, cpu.wallMs)} | ${cores(cpu.meili, cpu.wallMs)} | ${cores(cpu.bench, cpu.wallMs)} | ${cores(cpu.other, cpu.wallMs)} | ${cores(idle, cpu.wallMs)} | ${fmt(appPerRequest, 1)} |`;
}

const perRequest = (ms: number, phase: Phase) => ms / Math.max(1, phase.figures.requests);
const appMs = (phase: Phase) => phase.cpu.instances.reduce((a, b) => a + b, 0);

/** What limits the second instance, in words, from the figures of this run. */
function analysis(phases: Phase[]): string[] {
  const [, searchTwo, signInOne, signInTwo] = phases;
  const maxOther = Math.max(...phases.map((p) => p.cpu.other / p.cpu.wallMs));
  const lines = [
    `What limits the second instance. Search: each request cost the instances ${fmt(perRequest(appMs(searchTwo), searchTwo), 2)} ms of CPU and Meilisearch ${fmt(perRequest(searchTwo.cpu.meili, searchTwo), 2)} ms (PostgreSQL next to nothing: a visitor's search reads no table), so with two instances Meilisearch and the app processes compete for the same two cores and the search engine, not the app, is the larger consumer: a second app process adds an event loop, not cores. Sign-in: the cost is argon2 at production parameters (${fmt(perRequest(appMs(signInOne), signInOne), 0)} ms of CPU per sign-in with one instance, ${fmt(perRequest(appMs(signInTwo), signInTwo), 0)} ms with two), which runs in libuv's thread pool (4 threads per process): one instance can already keep every core busy, so on a machine of its own a second instance adds no sign-in capacity; the database's share (rate-limit upsert, session insert) stays under ${fmt(Math.max(signInOne.cpu.postgres, signInTwo.cpu.postgres) / signInTwo.cpu.wallMs + 0.005, 2)} cores. Instances add capacity when they get cores of their own (another machine), with PostgreSQL and Meilisearch on theirs; on one 2-core machine the second instance is for deploys without downtime.`,
  ];
  if (maxOther > 0.3)
    lines.push(
      '',
      `Other work took up to ${fmt(maxOther, 2)} cores of the machine during this run (other processes, outside the benchmark). The kernel shares a contended CPU between processes, so two instances win a larger share of it than one: the ratios above overstate what a second instance brings on a quiet machine; rerun \`npm run bench -- instances\` on a quiet machine for capacity figures.`,
    );
  return lines;
}

export default async function instancesSuite(): Promise<BenchSection> {
  const pg: ThrowawayPostgres | undefined = process.env.DATABASE_URL
    ? undefined
    : await startThrowawayPostgres();
  const serverUrl = process.env.DATABASE_URL ?? pg?.url ?? '';
  const database = await createEmptyDatabase(serverUrl);
  const dbName = new URL(database.url).pathname.slice(1);
  const meiliDir = mkdtempSync(path.join(os.tmpdir(), 'mosaique-bench-instances-'));
  const embedded = process.env.MEILI_URL ? undefined : await startEmbeddedMeili({ dataDir: meiliDir });
  const meili = embedded
    ? { url: embedded.url, masterKey: embedded.masterKey }
    : { url: process.env.MEILI_URL ?? '', masterKey: process.env.MEILI_MASTER_KEY };
  const phases: Phase[] = [];
  let cluster: Cluster | undefined;
  try {
    cluster = await startInstances(2, {
      databaseUrl: database.url,
      meili: { ...meili, indexPrefix: `bench${Date.now().toString(36)}_` },
      // X-Forwarded-For is trusted from loopback only so that each sign-in below can come from an
      // address of its own: otherwise the sign-in limit (10 a minute per address) answers 429 at once.
      env: { MOSAIQUE_DEMO: '1', TRUST_PROXY: '127.0.0.1' },
    });
    const [a, b] = cluster.instances.map((i) => i.baseUrl);
    await searchReady(a);
    const form = await signInForm(a);
    let visitor = 0;
    const search: Request[] = TERMS.map((t) => ({
      path: `/recherche?q=${encodeURIComponent(t)}`,
      headers: { accept: 'application/json' },
    }));
    const signIn: Request[] = [
      {
        method: 'POST',
        path: '/connexion',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie },
        body: new URLSearchParams({
          _csrf: form.token,
          email: 'structure@demo.invalid',
          password: DEMO_PASSWORD,
        }).toString(),
        setupRequest: (request) => {
          visitor++;
          const address = `10.${(visitor >> 16) & 255}.${(visitor >> 8) & 255}.${visitor & 255}`;
          return { ...request, headers: { ...(request.headers as object), 'x-forwarded-for': address } };
        },
      },
    ];
    const groups = {
      instances: cluster.instances.map((i) => i.pid),
      meili: (cmdline: string) => cmdline.includes('meilisearch') && cmdline.includes(meiliDir),
      postgres: (cmdline: string) => cmdline.startsWith('postgres: ') && cmdline.includes(` ${dbName} `),
    };
    const run = async (label: string, bases: string[], requests: Request[], expectedStatus: number) => {
      // Warm up (JIT, connections, caches), then measure.
      await loadAcross(bases, requests, { seconds: 3, connections: CONNECTIONS, expectedStatus });
      const [figures, cpu] = await measureCpu(groups, () =>
        loadAcross(bases, requests, { seconds: SECONDS, connections: CONNECTIONS, expectedStatus }),
      );
      console.log(`  ${label}: ${fmt(figures.rps, 0)} req/s, p99 ${fmt(figures.p99, 0)} ms`);
      phases.push({ label, figures, cpu });
    };
    await run('`/recherche` JSON, one instance', [a], search, 200);
    await run('`/recherche` JSON, two instances', [a, b], search, 200);
    await run('sign-in POST, one instance', [a], signIn, 303);
    await run('sign-in POST, two instances', [a, b], signIn, 303);
  } finally {
    await cluster?.stop();
    await embedded?.stop();
    rmSync(meiliDir, { recursive: true, force: true });
    await database.drop();
    await pg?.destroy();
  }

  const [searchOne, searchTwo, signInOne, signInTwo] = phases;
  /** Where the cores went in a phase, largest first, and how much stayed idle: what limits it. */
  const limits = (phase: Phase) => {
    const { cpu } = phase;
    const parts: [string, number][] = [
      ['the instances', cpu.instances.reduce((a, b) => a + b, 0)],
      ['Meilisearch', cpu.meili],
      ['PostgreSQL', cpu.postgres],
      ['autocannon', cpu.bench],
      ['other work on the machine', cpu.other],
    ];
    const busy = parts.reduce((s, [, ms]) => s + ms, 0);
    const idle = Math.max(0, cpu.capacity - busy) / cpu.wallMs;
    const ranked = parts
      .sort((x, y) => y[1] - x[1])
      .filter(([, ms]) => ms / cpu.wallMs >= 0.05)
      .map(([name, ms]) => `${name} ${fmt(ms / cpu.wallMs, 2)}`)
      .join(', ');
    return `${ranked}; idle ${fmt(idle, 2)} of ${fmt(cpu.capacity / cpu.wallMs, 0)} cores`;
  };
  const ratio = (two: Phase, one: Phase) => fmt(two.figures.rps / one.figures.rps, 2);
  const [load1] = os.loadavg();
  return {
    key: 'instances',
    title: 'Several instances on one PostgreSQL and one Meilisearch',
    markdown: [
      `Two app processes started as \`npm start\` does (\`node scripts/start.mjs\`; each its own PORT and DATA_DIR, background jobs on) on one PostgreSQL 15 database (${process.env.DATABASE_URL ? "DATABASE_URL's server" : 'a throwaway cluster started by the benchmark'}) holding the demo, and one embedded Meilisearch; no proxy. autocannon from the benchmark process, ${CONNECTIONS} connections in every phase (all on one instance, or ${CONNECTIONS / 2} on each of the two at once, latencies merged), ${SECONDS} s each after a 3 s warm-up; command: \`npm run bench -- instances\` (\`BENCH_INSTANCES_SECONDS\` to change the duration).`,
      '',
      `- \`/recherche?q=…\` with \`Accept: application/json\`, ${TERMS.length} terms cycled: an answer from Meilisearch.`,
      '- The sign-in POST of a demo account with its CSRF cookie and token (taken from one instance, good on both): production argon2 cost, a rate-limit upsert and a session insert in PostgreSQL, answer 303. Each request carries an X-Forwarded-For of its own (TRUST_PROXY=127.0.0.1), otherwise the shared limit of 10 a minute per address would answer 429 from the eleventh.',
      '',
      'CPU columns: cores used on average during the phase (user + system time from /proc, divided by the wall time), per process group: each instance (its launcher and server, worker threads included), the PostgreSQL backends serving the benchmark database, Meilisearch, autocannon (this process), the rest of the machine (PostgreSQL background workers, the kernel, anything else running), idle. *App ms/request*: CPU of the instances per request.',
      '',
      '| Phase | Requests/s | p50 (ms) | p99 (ms) | Failures | Instance A | Instance B | PostgreSQL | Meilisearch | autocannon | Other | Idle | App ms/request |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...phases.map(row),
      '',
      `Two instances against one: **×${ratio(searchTwo, searchOne)}** requests/s on search, **×${ratio(signInTwo, signInOne)}** on sign-in (p99 ${fmt(searchOne.figures.p99, 0)} → ${fmt(searchTwo.figures.p99, 0)} ms and ${fmt(signInOne.figures.p99, 0)} → ${fmt(signInTwo.figures.p99, 0)} ms). Load average at the end: ${fmt(load1, 1)} on ${os.cpus().length} cores.`,
      '',
      'Where the cores went (cores used on average, largest first):',
      '',
      ...phases.map((phase) => `- ${phase.label}: ${limits(phase)}.`),
      '',
      ...analysis(phases),
    ].join('\n'),
  };
}
