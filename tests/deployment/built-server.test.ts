/**
 * `npm start` runs the build (scripts/start.mjs → dist/server/*.cjs on plain node): every path the
 * server builds from its own location must hold in the bundle, where all our modules are one file at
 * another depth. The built server answers a page (views/), a static file (static/), the favicon read at
 * start-up, htmx from node_modules and a search (its embedded PGlite ran the migrations from db/migrations);
 * a person signs in (CSRF, argon2, the session cookie: the bundled packages at work), is refused with a
 * wrong password, and signs out;
 * each built worker thread loads and does its work (the matcher with HiGHS, the spreadsheet reader with
 * exceljs, both imported lazily from their own chunks); and a build older than a source it was built from
 * is rebuilt by the next start.
 */
import { readFileSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtWorkerFile } from '../../db/ts-worker';
import { DEMO_PASSWORD } from '../../scripts/demo';
import type { WorkerReply } from '../../server/compositions/matcher-worker';
import type { ReadReply } from '../../server/imports/read-worker';
import { manyRowsXlsx } from '../imports/fixtures/hostile';
import { makeInstance, makeNeed } from '../matching/factories';
import { HttpClient } from '../support/http-client';
import { type Instance, startInstance } from '../support/instances';
import { deleteIndexesWithPrefix, testMeili } from '../support/meili';

const SLOW = 120_000;
const BUILD_INFO = path.resolve('dist/build-info.json');

/** Sends one message to a built worker and resolves with its first reply. */
async function askWorker<T>(source: string, message: unknown): Promise<T> {
  const worker = new Worker(builtWorkerFile(source));
  try {
    return await new Promise<T>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.postMessage(message);
    });
  } finally {
    await worker.terminate();
  }
}

describe('the built server (npm start)', () => {
  const meili = testMeili();
  let instance: Instance;
  let builtBefore: number;

  beforeAll(async () => {
    // A build older than every source file: the start must rebuild it (or build it, when there is none).
    try {
      utimesSync(BUILD_INFO, new Date(2000, 0, 1), new Date(2000, 0, 1));
    } catch {
      // no build yet
    }
    builtBefore = Date.now() - 1_000;
    instance = await startInstance({ meili, env: { MOSAIQUE_DEMO: '1' } });
  }, SLOW);
  afterAll(async () => {
    await instance?.stop();
    await deleteIndexesWithPrefix(meili.indexPrefix);
  }, SLOW);

  it('is rebuilt by the start when a source is newer than the build', () => {
    expect(statSync(BUILD_INFO).mtimeMs).toBeGreaterThan(builtBefore);
    const { inputs } = JSON.parse(readFileSync(BUILD_INFO, 'utf8')) as { inputs: string[] };
    expect(inputs).toContain('server/open-early.ts');
    expect(inputs).toContain('server/serve.ts');
    expect(inputs).toContain('db/pglite-worker.ts');
    expect(inputs).toContain('server/compositions/matcher-worker.ts');
  });

  it('is what the systemd unit runs too, with the same node flags and environment', () => {
    const start = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts
      .start;
    const unit = readFileSync('deploy/mosaique@.service', 'utf8');
    const execStart = /^ExecStart=\/usr\/bin\/(.*)$/m.exec(unit)?.[1];
    // `NAME=value node …` in package.json: each assignment an Environment= line of the unit.
    const [, assignments = '', command] = /^((?:[A-Z_][A-Z0-9_]*=\S* )*)(.*)$/.exec(start) ?? [];
    expect(assignments).toContain('MALLOC_ARENA_MAX=');
    for (const assignment of assignments.trim().split(' '))
      expect(unit).toMatch(new RegExp(`^Environment=${assignment}$`, 'm'));
    expect(execStart).toBe(command);
  });

  it('serves pages, static files, the favicon and htmx from their folders', async () => {
    const home = await fetch(`${instance.baseUrl}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Mosaïque');
    const css = await fetch(`${instance.baseUrl}/static/css/site.css`);
    expect(css.status).toBe(200);
    expect(await css.text()).toBe(readFileSync('static/css/site.css', 'utf8'));
    const favicon = await fetch(`${instance.baseUrl}/favicon.ico`);
    expect(favicon.status).toBe(200);
    expect(await favicon.text()).toBe(readFileSync('static/favicon.svg', 'utf8'));
    const htmx = await fetch(`${instance.baseUrl}/static/vendor/htmx/htmx.min.js`);
    expect(htmx.status).toBe(200);
    // A page that reads the migrated database (the sign-in form) and one that searches.
    expect((await fetch(`${instance.baseUrl}/connexion`)).status).toBe(200);
    expect((await fetch(`${instance.baseUrl}/recherche?q=comptable`)).status).toBe(200);
  });

  it('signs a demo account in and out; a wrong password is refused on the re-rendered form', async () => {
    const person = new HttpClient();
    expect((await person.get(`${instance.baseUrl}/connexion`)).status).toBe(200);
    const refused = await person.post(`${instance.baseUrl}/connexion`, {
      email: 'structure@demo.invalid',
      password: 'not-the-password',
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toContain('structure@demo.invalid');
    const signedIn = await person.post(`${instance.baseUrl}/connexion`, {
      email: 'structure@demo.invalid',
      password: DEMO_PASSWORD,
    });
    expect(signedIn.status).toBe(303);
    const dashboard = await person.get(`${instance.baseUrl}/tableau-de-bord`);
    expect(dashboard.status).toBe(200);
    expect(dashboard.body).toContain('Se déconnecter');
    expect((await person.post(`${instance.baseUrl}/deconnexion`)).status).toBe(303);
    expect((await person.get(`${instance.baseUrl}/tableau-de-bord`)).status).toBe(303);
  });

  it('runs the matcher in its built worker, HiGHS loaded there', async () => {
    const needs = [
      makeNeed({ id: 'a', org: 'o1', hours: 17.5 }),
      makeNeed({ id: 'b', org: 'o2', hours: 17.5 }),
    ];
    const reply = await askWorker<WorkerReply>('server/compositions/matcher-worker.ts', {
      id: 1,
      instance: makeInstance(needs),
      timeLimitMs: 5_000,
    });
    expect('error' in reply ? reply.error : '').toBe('');
    if (!('result' in reply)) return;
    // Two half-time needs of two structures: one full-time position.
    expect(reply.result.positions.map((p) => p.needs.map((n) => n.id).sort())).toEqual([['a', 'b']]);
  });

  it('reads a spreadsheet in its built worker, exceljs loaded there', async () => {
    const reply = await askWorker<ReadReply>('server/imports/read-worker.ts', {
      id: 1,
      bytes: new Uint8Array(manyRowsXlsx(3, { references: true })),
    });
    expect('sheet' in reply ? reply.sheet.rows.length : reply.error).toBeGreaterThan(0);
  });
});
