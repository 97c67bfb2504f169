/**
 * MEILI_URL=https://… (a hosted Meilisearch): the search client follows the URL's scheme. A TLS reverse
 * proxy (node:https, a self-signed certificate made with openssl for this run) stands in front of the
 * test Meilisearch, and the real server (`server/main.ts`, a process of its own on an embedded database
 * with the demo) is started on it: with the certificate trusted through NODE_EXTRA_CA_CERTS it starts,
 * indexes the demo and answers `/recherche` from Meilisearch (`degraded: false`, through the proxy);
 * without it, it refuses to start in one line that says so (the certificate is really verified).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { freeLoopbackPort } from '../../server/search/free-port';
import { deleteIndexesWithPrefix, testMeili } from '../support/meili';

const ROOT = path.join(import.meta.dirname, '..', '..');
const OPENSSL = ['/usr/bin/openssl', '/usr/local/bin/openssl'].find((p) => existsSync(p));
const meili = testMeili();
const prefix = `${meili.indexPrefix}tls_`;

let dir: string;
let proxy: https.Server;
let proxyUrl: string;
const proxied: string[] = [];
const children: ChildProcess[] = [];

/** A self-signed certificate for 127.0.0.1 and localhost, valid a day. */
function makeCertificate(openssl: string) {
  execFileSync(
    openssl,
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
}

/** Forwards every request to the test Meilisearch over http, and notes it. */
function startProxy(): Promise<void> {
  const target = new URL(meili.url);
  proxy = https.createServer(
    { key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) },
    (request, response) => {
      proxied.push(`${request.method} ${request.url}`);
      const upstream = http.request(
        {
          hostname: target.hostname,
          port: target.port,
          path: request.url,
          method: request.method,
          headers: { ...request.headers, host: target.host },
        },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      upstream.on('error', () => response.writeHead(502).end());
      request.pipe(upstream);
    },
  );
  return new Promise((resolve) =>
    proxy.listen(0, '127.0.0.1', () => {
      proxyUrl = `https://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      resolve();
    }),
  );
}

/** `server/main.ts` on a DATA_DIR of its own, with this environment; resolves with its output so far. */
async function startServer(env: Record<string, string>) {
  const port = await freeLoopbackPort();
  const dataDir = mkdtempSync(path.join(dir, 'data-'));
  const { DATABASE_URL: _server, NODE_EXTRA_CA_CERTS: _ca, MEILI_URL: _url, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...inherited,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      MEILI_URL: proxyUrl,
      MEILI_MASTER_KEY: meili.masterKey,
      MEILI_INDEX_PREFIX: prefix,
      MOSAIQUE_DEMO: '1',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve) => {
    const check = () => (output.includes('Mosaïque is ready') ? resolve() : setTimeout(check, 100));
    check();
  });
  const outcome = await Promise.race([
    ready.then(() => 'ready' as const),
    exited.then(() => 'exited' as const),
  ]);
  return { baseUrl: `http://127.0.0.1:${port}`, outcome, output: () => output, exited };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mosaique-meili-tls-'));
  if (!OPENSSL) return;
  makeCertificate(OPENSSL);
  await startProxy();
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  await Promise.all(
    children.map((child) =>
      child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : Promise.resolve(),
    ),
  );
  await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
  await deleteIndexesWithPrefix(prefix).catch(() => {});
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('MEILI_URL', () => {
  it('takes http and https URLs only', () => {
    expect(loadConfig({ MEILI_URL: 'https://search.example.org' }).meili?.url).toBe(
      'https://search.example.org',
    );
    expect(() => loadConfig({ MEILI_URL: 'ftp://search.example.org' })).toThrow(
      'configuration: MEILI_URL must be an http(s) URL such as http://127.0.0.1:7700',
    );
  });
});

describe.skipIf(!OPENSSL)('Meilisearch behind TLS (self-signed certificate made with openssl)', () => {
  it('is searched over https when its CA is trusted through NODE_EXTRA_CA_CERTS', async () => {
    const server = await startServer({ NODE_EXTRA_CA_CERTS: path.join(dir, 'cert.pem') });
    expect(server.outcome, server.output()).toBe('ready');
    expect(server.output()).toContain(`search:   Meilisearch at ${proxyUrl}`);
    const health = await (await fetch(`${server.baseUrl}/healthz`)).json();
    expect(health).toEqual({ db: 'ok', search: 'ok' });

    // The background indexer sends the demo to Meilisearch; the search page then answers from it.
    let answer: { hits: unknown[]; total: number; degraded: boolean } = {
      hits: [],
      total: 0,
      degraded: true,
    };
    for (let attempt = 0; attempt < 120 && (answer.degraded || answer.total === 0); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const response = await fetch(`${server.baseUrl}/recherche?q=comptable`, {
        headers: { accept: 'application/json' },
      });
      answer = (await response.json()) as typeof answer;
    }
    expect(answer.degraded).toBe(false);
    expect(answer.total).toBeGreaterThan(0);
    // Indexing and the page's queries both went through the TLS proxy.
    expect(proxied.some((line) => /^POST \/indexes\/[^/]+\/documents/.test(line))).toBe(true);
    expect(proxied.some((line) => /^POST \/indexes\/[^/]+\/search/.test(line))).toBe(true);
  }, 120_000);

  it('is refused at start, in one line naming the cause, when the certificate is not trusted', async () => {
    const server = await startServer({});
    expect(server.outcome).toBe('exited');
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain(
      `Mosaïque could not start: search: Meilisearch at ${proxyUrl} is unreachable (TLS certificate not trusted:`,
    );
    expect(server.output()).toContain('NODE_EXTRA_CA_CERTS');
  }, 60_000);
});
