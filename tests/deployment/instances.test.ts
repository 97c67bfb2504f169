/**
 * Two real app processes (`npm start`: `node scripts/start.mjs`, each with its own PORT and DATA_DIR) on one PostgreSQL
 * database and the run's Meilisearch, as behind a load balancer: started at the same moment on an empty
 * database, they both come up and the demo is loaded once; a form or a session from one is good on the
 * other; a spreadsheet uploaded on one is previewed and committed on the other; the sign-in limit of a
 * visitor behind the proxy is shared; concurrent "Recalculer" on both never
 * overlap. Then an instance whose PostgreSQL server restarts answers again without being restarted.
 *
 * Processes sharing a database need a database server: this suite runs on the PostgreSQL pass only.
 */
import { readdirSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DbHandle, openDb, rawRows } from '../../db/client';
import { MIGRATIONS_FOLDER } from '../../db/pglite-open';
import { DEMO_PASSWORD } from '../../scripts/demo';
import { diagnosisCsv, multipartBody, waitForImportPage } from '../facilitation/helpers';
import { HttpClient } from '../support/http-client';
import {
  type Cluster,
  createEmptyDatabase,
  startInstances,
  type TemporaryDatabase,
} from '../support/instances';
import { deleteIndexesWithPrefix, testMeili } from '../support/meili';
import { postgresInstalled, startThrowawayPostgres, type ThrowawayPostgres } from '../support/pg-cluster';

const serverUrl = process.env.DATABASE_URL;
if (!serverUrl)
  console.log('tests/deployment: skipped, DATABASE_URL is not set (instances share a PostgreSQL server)');

const SLOW = 240_000;

describe.skipIf(!serverUrl)('two instances on one database', () => {
  const meili = testMeili();
  let database: TemporaryDatabase;
  let cluster: Cluster;
  let handle: DbHandle;
  let a: string;
  let b: string;

  beforeAll(async () => {
    database = await createEmptyDatabase(serverUrl ?? '');
    cluster = await startInstances(2, {
      databaseUrl: database.url,
      meili,
      // Behind a proxy on this machine: X-Forwarded-For gives the visitor's address.
      env: { MOSAIQUE_DEMO: '1', TRUST_PROXY: '127.0.0.1' },
    });
    [a, b] = cluster.instances.map((i) => i.baseUrl);
    handle = await openDb({ databaseUrl: database.url, maxConnections: 2 });
  }, SLOW);
  afterAll(async () => {
    await cluster?.stop();
    await handle?.close();
    await database?.drop();
    await deleteIndexesWithPrefix(meili.indexPrefix);
  }, SLOW);

  const count = async (query: ReturnType<typeof sql>) =>
    (await rawRows<{ n: number }>(handle.db, query))[0].n;

  it('both came up on the empty database; migrations, the secret and the demo were made once', async () => {
    const migrations = readdirSync(MIGRATIONS_FOLDER).filter((f) => f.endsWith('.sql')).length;
    expect(await count(sql`select count(*)::int as n from drizzle.__drizzle_migrations`)).toBe(migrations);
    expect(await count(sql`select count(*)::int as n from app_secrets`)).toBe(1);
    expect(
      await count(sql`select count(*)::int as n from people where email = 'structure@demo.invalid'`),
    ).toBe(1);
    const loaders = cluster.instances.filter((i) => i.output().includes('demo data loaded'));
    expect(loaders).toHaveLength(1);
  });

  it('accepts on one instance a form fetched from the other, and a session opened on one on the other', async () => {
    const person = new HttpClient();
    const form = await person.get(`${a}/connexion`);
    expect(form.status).toBe(200);
    const signedIn = await person.post(`${b}/connexion`, {
      email: 'structure@demo.invalid',
      password: DEMO_PASSWORD,
    });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/tableau-de-bord');
    const dashboard = await person.get(`${a}/tableau-de-bord`);
    expect(dashboard.status).toBe(200);
    expect(dashboard.body).toContain('Se déconnecter');
    // The flash cookie set by one instance is read by the other.
    const signedOut = await person.post(`${a}/deconnexion`);
    expect(signedOut.status).toBe(303);
    expect((await person.get(`${b}/`)).body).toContain('Vous êtes déconnecté');
    expect((await person.get(`${b}/tableau-de-bord`)).status).toBe(303);
  });

  it('counts the sign-in attempts of a visitor behind the proxy across both instances', async () => {
    const visitor = new HttpClient({ 'x-forwarded-for': '203.0.113.50' });
    await visitor.get(`${a}/connexion`);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const target = i % 2 === 0 ? a : b;
      statuses.push(
        (
          await visitor.post(`${target}/connexion`, {
            email: 'x@exemple.invalid',
            password: 'mauvais-mot-de-passe',
          })
        ).status,
      );
    }
    // The limit is 10 a minute per address, whichever instance answers.
    expect(statuses).toEqual([...Array(10).fill(422), 429, 429]);
    // Another visitor behind the same proxy is not held back.
    const other = new HttpClient({ 'x-forwarded-for': '198.51.100.20' });
    await other.get(`${b}/connexion`);
    expect(
      (await other.post(`${a}/connexion`, { email: 'x@exemple.invalid', password: 'mauvais' })).status,
    ).toBe(422);
  });

  it(
    'previews and commits on one instance a spreadsheet uploaded on the other',
    async () => {
      const facilitator = new HttpClient({ 'x-forwarded-for': '192.0.2.30' });
      await facilitator.get(`${a}/connexion`);
      expect(
        (
          await facilitator.post(`${a}/connexion`, {
            email: 'animation@demo.invalid',
            password: DEMO_PASSWORD,
          })
        ).status,
      ).toBe(303);
      await facilitator.get(`${a}/animation/import`);
      // 2,000 rows: past what is analysed while the upload waits, so a task runs and its page is polled.
      const body = multipartBody(
        { _csrf: facilitator.csrfToken ?? '' },
        { filename: 'diagnostic.csv', content: diagnosisCsv(2000, 'Atelier entre deux') },
      );
      const uploaded = await facilitator.request(`${a}/animation/import`, {
        method: 'POST',
        body: body.payload,
        headers: { 'content-type': body.contentType },
      });
      expect([200, 202, 303]).toContain(uploaded.status);
      const id =
        /\/animation\/import\/([a-f0-9]{32})/.exec(
          `${uploaded.headers.get('location') ?? ''} ${uploaded.headers.get('hx-push-url') ?? ''} ${uploaded.body}`,
        )?.[1] ?? '';
      expect(id).toMatch(/^[a-f0-9]{32}$/);
      const onB = (url: string) => facilitator.get(url).then((r) => ({ statusCode: r.status, body: r.body }));
      const preview = await waitForImportPage(onB, `${b}/animation/import/${id}`);
      expect(preview.statusCode).toBe(200);
      expect(preview.body).toMatch(/<span class="figure">2000<\/span>\s*valides/);

      const before = await count(sql`select count(*)::int as n from needs`);
      const committed = await facilitator.post(`${b}/animation/import/${id}/importer`, { choix: 'valides' });
      expect([200, 202, 303]).toContain(committed.status);
      const done = await waitForImportPage(onB, `${a}/animation/import/${id}`);
      expect(done.body).toContain('Import terminé');
      expect(await count(sql`select count(*)::int as n from needs`)).toBe(before + 2000);
      // Nothing of the upload in either instance's DATA_DIR: it is a row of the database.
      for (const instance of cluster.instances)
        expect(readdirSync(instance.dataDir).filter((f) => /import|upload|\.csv$/.test(f))).toEqual([]);
    },
    SLOW,
  );

  it('never runs two matchings at once under concurrent "Recalculer" on both instances', async () => {
    const people = await Promise.all(
      [
        [a, 'structure@demo.invalid', '192.0.2.1'],
        [b, 'structure@demo.invalid', '192.0.2.2'],
        [a, 'animation@demo.invalid', '192.0.2.3'],
        [b, 'animation@demo.invalid', '192.0.2.4'],
      ].map(async ([base, email, address]) => {
        const client = new HttpClient({ 'x-forwarded-for': address });
        await client.get(`${base}/connexion`);
        expect((await client.post(`${base}/connexion`, { email, password: DEMO_PASSWORD })).status).toBe(303);
        return { client, base };
      }),
    );
    // Out of the cool-down of the demo's run, so that every click may start a run.
    await handle.db.execute(
      sql`update matching_runs set started_at = started_at - interval '10 minutes', finished_at = finished_at - interval '10 minutes'`,
    );
    const before = await count(sql`select count(*)::int as n from matching_runs`);
    const clicks = await Promise.all(
      people.map(({ client, base }) => client.post(`${base}/compositions/recalculer`)),
    );
    expect(clicks.map((c) => c.status)).toEqual([303, 303, 303, 303]);
    const flashes = await Promise.all(people.map(({ client, base }) => client.get(`${base}/compositions`)));
    const said = flashes.map((page) =>
      /Propositions recalculées/.test(page.body)
        ? 'ran'
        : /déjà en cours/.test(page.body)
          ? 'busy'
          : /viennent d’être recalculées/.test(page.body)
            ? 'fresh'
            : 'nothing',
    );
    expect(said.filter((s) => s === 'ran')).toHaveLength(1);
    expect(said).not.toContain('nothing');
    expect(await count(sql`select count(*)::int as n from matching_runs`)).toBe(before + 1);
    const overlapping = await count(sql`
      select count(*)::int as n from matching_runs r1 join matching_runs r2
        on r1.id < r2.id and r1.scope = r2.scope
       and r1.started_at <= coalesce(r2.finished_at, 'infinity') and r2.started_at <= coalesce(r1.finished_at, 'infinity')`);
    expect(overlapping).toBe(0);
  });
});

describe.skipIf(!serverUrl || !postgresInstalled())('an instance whose PostgreSQL server restarts', () => {
  const meili = testMeili();
  let pg: ThrowawayPostgres;
  let database: TemporaryDatabase;
  let cluster: Cluster;

  beforeAll(async () => {
    pg = await startThrowawayPostgres();
    database = await createEmptyDatabase(pg.url);
    cluster = await startInstances(1, {
      databaseUrl: database.url,
      meili: { ...meili, indexPrefix: `${meili.indexPrefix}r` },
    });
  }, SLOW);
  afterAll(async () => {
    await cluster?.stop();
    await database?.drop().catch(() => {});
    await pg?.destroy();
  }, SLOW);

  it('answers 503 on /healthz while the server is down, and serves again once it is back, unrestarted', async () => {
    const [instance] = cluster.instances;
    const person = new HttpClient();
    await person.get(`${instance.baseUrl}/inscription`);
    const signUp = (email: string) =>
      person.post(`${instance.baseUrl}/inscription`, {
        displayName: 'Rita Reprise',
        email,
        password: 'une phrase de passe assez longue',
        passwordConfirm: 'une phrase de passe assez longue',
      });
    expect((await signUp('avant@exemple.invalid')).status).toBe(200);

    await pg.stopServer();
    const down = await person.get(`${instance.baseUrl}/healthz`);
    expect(down.status).toBe(503);
    expect(JSON.parse(down.body)).toMatchObject({ db: 'down' });

    await pg.startServer();
    const deadline = Date.now() + 30_000;
    let health = await person.get(`${instance.baseUrl}/healthz`);
    while (health.status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      health = await person.get(`${instance.baseUrl}/healthz`);
    }
    expect(health.status).toBe(200);
    expect((await signUp('apres@exemple.invalid')).status).toBe(200);
    // The same process all along.
    expect(() => process.kill(instance.pid, 0)).not.toThrow();
    expect(instance.output()).not.toContain('could not start');
  }, 120_000);
});
