/**
 * The fuzz harness itself can fail: it reports a route that breaks on hostile input, it sees a changed
 * table, and it reads a form's fields and the values it would send.
 */
import formbody from '@fastify/formbody';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../support/db';
import { makePerson } from '../support/factories';
import {
  changedTables,
  formDefaults,
  formFields,
  fuzzPost,
  listTables,
  snapshotTables,
} from '../support/fuzz';

describe('fuzzPost', () => {
  it('reports the payloads that made a route answer 5xx', async () => {
    const app = Fastify();
    await app.register(formbody);
    app.post('/fragile', async (request) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (Object.values(body).some((v) => typeof v === 'string' && v.length > 10_000))
        throw new Error('too long');
      return { ok: true };
    });
    const report = await fuzzPost({
      app,
      url: '/fragile',
      cookies: {},
      csrfToken: 't',
      fields: ['name'],
      runs: 10,
    });
    expect(report.failures.map((f) => f.description)).toContain('100 kB in every field');
    expect(report.failures.every((f) => f.status === 500)).toBe(true);
    expect(report.statuses[200]).toBeGreaterThan(0);
    await app.close();
  });

  it('reports nothing for a route that copes', async () => {
    const app = Fastify();
    await app.register(formbody);
    app.post('/solid', async (_request, reply) => reply.code(422).send({ error: 'invalide' }));
    const report = await fuzzPost({
      app,
      url: '/solid',
      cookies: {},
      csrfToken: 't',
      fields: ['a', 'b'],
      runs: 10,
    });
    expect(report.failures).toEqual([]);
    await app.close();
  });
});

describe('table snapshots', () => {
  let handle: TestDb;
  beforeAll(async () => {
    handle = await createTestDb();
  });
  afterAll(async () => {
    await handle?.destroy();
  });

  it('list the schema’s tables but the volatile ones', async () => {
    const tables = await listTables(handle.db);
    expect(tables).toEqual(expect.arrayContaining(['people', 'organizations', 'memberships']));
    expect(tables).not.toContain('sessions');
    expect(tables.some((t) => t.includes('outbox'))).toBe(false);
  });

  it('name exactly the tables whose rows changed', async () => {
    const before = await snapshotTables(handle.db);
    expect(changedTables(before, await snapshotTables(handle.db))).toEqual([]);
    await makePerson(handle.db);
    expect(changedTables(before, await snapshotTables(handle.db))).toEqual(['people']);
  });
});

describe('formDefaults', () => {
  const html = `
    <form method="post" action="/deconnexion"><input type="hidden" name="_csrf" value="t"></form>
    <form method="post" action="/organisations/3" novalidate>
      <input type="hidden" name="_csrf" value="t">
      <input type="hidden" name="version" value="7">
      <input id="name" name="name" type="text" value="L&#39;Atelier &amp; Cie">
      <input type="radio" name="communeCode" value="90010">
      <input type="radio" name="communeCode" value="25056" checked>
      <input type="checkbox" name="geIds" value="4">
      <select name="kind"><option value="">Choisir</option><option value="AI" selected>AI</option></select>
      <select name="idcc"><option value="">—</option><option value="3016">3016</option></select>
      <textarea name="description">Chantier &lt;vert&gt;</textarea>
    </form>`;

  it('reads the fields of the form posting to the URL, with the values it would send (a valid option for selects)', () => {
    expect(formDefaults(html, '/organisations/3')).toEqual({
      version: '7',
      name: "L'Atelier & Cie",
      communeCode: '25056',
      geIds: '',
      kind: 'AI',
      idcc: '3016',
      description: 'Chantier <vert>',
    });
    expect(formFields(html, '/deconnexion')).toEqual([]);
  });
});
