/**
 * An import across app instances that share one database and nothing else (each its own DATA_DIR, its
 * own memory): uploaded on A, its progress and preview on B, committed on C, its counts back on A; and a
 * step cut short by a crash: a preview is taken up by the next instance asked, an import is reported as
 * not done and what it wrote is undone when it is run again, an instance that lost its lease has what
 * it wrote undone.
 */
import { readdirSync } from 'node:fs';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTasks, importUploads, needs, organizations } from '../../db/schema';
import { beginBatch } from '../../server/facilitation/import-batches';
import { commitDrafts } from '../../server/facilitation/import-commit';
import { INLINE_MAX_BYTES } from '../../server/facilitation/import-routes';
import { ImportTasks } from '../../server/facilitation/import-tasks';
import { newUploadId, saveUpload } from '../../server/facilitation/uploads';
import type { NeedDraft } from '../../server/imports/types';
import { createTestInstances, sameBrowserOn, type TestInstances } from '../support/app-instances';
import type { Browser } from '../support/browser';
import { makePerson } from '../support/factories';
import { diagnosisCsv, multipartBody, signedIn, upload, uploadIdOf, waitForImportPage } from './helpers';

let t: TestInstances;
let facilitator: { id: number; email: string };

beforeAll(async () => {
  t = await createTestInstances(3, { rateLimit: { max: 100_000, windowMs: 60_000 } });
  facilitator = await makePerson(t.db, { territories: ['90', '25'] });
}, 60_000);
afterAll(async () => {
  await t?.close();
});

/** A batch of the upload's import that an instance began before it died: one structure, one need. */
async function crashedBatch(uploadId: string): Promise<number> {
  const batch = await beginBatch(t.db, uploadId);
  const place = { communeCode: '90010', communeName: 'Belfort', departement: '90', lat: 47.64, lon: 6.86 };
  const [organization] = await t.db
    .insert(organizations)
    .values({
      name: 'Atelier à moitié importé',
      kind: 'ESS',
      status: 'pending',
      claimed: false,
      importBatchId: batch,
      ...place,
    })
    .returning({ id: organizations.id });
  await t.db.insert(needs).values({
    organizationId: organization.id,
    roleCode: 'M1203',
    roleLabel: 'Comptabilité',
    title: 'Comptabilité',
    hoursHundredths: 1400,
    slotsNeeded: 4,
    allowedSlots: ['mon-am', 'mon-pm', 'tue-am', 'tue-pm'],
    maxTravelKm: 30,
    startDate: '2027-01-04',
    importBatchId: batch,
    ...place,
  });
  return organization.id;
}

const needCount = async () => (await t.db.select({ n: count() }).from(needs))[0].n;
const wait = (browser: Browser, url: string) => waitForImportPage((u) => browser.get(u), url);

async function postForm(browser: Browser, url: string, form: Record<string, string>, htmx = false) {
  return browser.app.inject({
    method: 'POST',
    url,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(htmx ? { 'hx-request': 'true' } : {}),
    },
    cookies: browser.cookies,
    payload: new URLSearchParams({ _csrf: browser.csrfToken ?? '', ...form }).toString(),
  });
}

async function uploadOn(browser: Browser, content: Buffer, htmx = true) {
  if (!browser.csrfToken) await browser.get('/animation/import');
  const body = multipartBody({ _csrf: browser.csrfToken ?? '' }, { filename: 'grand.csv', content });
  return browser.app.inject({
    method: 'POST',
    url: '/animation/import',
    headers: { 'content-type': body.contentType, ...(htmx ? { 'hx-request': 'true' } : {}) },
    cookies: browser.cookies,
    payload: body.payload,
  });
}

describe('an import across three instances', () => {
  it('is uploaded on A, previewed on B, committed on C, with nothing kept outside the database', async () => {
    const [a, b, c] = t.apps;
    const onA = await signedIn(a, facilitator.email);
    const onB = sameBrowserOn(onA, b);
    const onC = sameBrowserOn(onA, c);
    const content = diagnosisCsv(2000, 'Atelier réparti');
    expect(content.byteLength).toBeGreaterThan(INLINE_MAX_BYTES);

    const started = await uploadOn(onA, content);
    expect(started.statusCode).toBe(202);
    const url = started.headers['hx-push-url'] as string;
    expect(url).toMatch(/^\/animation\/import\/[a-f0-9]{32}$/);

    // B knows the upload and follows A's work from the database, then shows the preview A stored.
    const preview = await wait(onB, url);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toMatch(/<span class="figure">2000<\/span>\s*valides/);
    expect(preview.body).toMatch(/<span class="figure">200<\/span>\s*structures à créer/);
    onC.csrfToken = onB.csrfToken;

    // C commits it; its progress and counts are seen on A.
    const before = await needCount();
    const imported = await postForm(onC, `${url}/importer`, { choix: 'tout' }, true);
    expect(imported.statusCode).toBe(202);
    const done = await wait(onA, url);
    expect(done.body).toContain(
      'Import terminé : 2000 besoins créés en brouillon, 0 besoin déjà présent ignoré ; 200 structures créées',
    );
    expect(done.body).toMatch(/<span class="figure">200<\/span>\s*structures créées/);
    expect(await needCount()).toBe(before + 2000);

    // Nothing of the import in any instance's DATA_DIR: the upload is a row.
    for (const config of t.configs) expect(readdirSync(config.dataDir)).toEqual([]);
    const [upload] = await t.db
      .select()
      .from(importUploads)
      .where(eq(importUploads.id, url.split('/').at(-1) ?? ''));
    expect(upload.content.equals(content)).toBe(true);
    expect(upload.ownerId).toBe(facilitator.id);
  }, 120_000);

  it('changes the mapping on one instance and shows it on another', async () => {
    const [a, b] = t.apps;
    const onA = await signedIn(a, facilitator.email);
    const csv =
      'Nom de la structure;Code postal;Commune;Poste recherché;Heures / semaine;Jours souhaités\r\nAtelier Mappé;90000;Belfort;M1203;14;lundi, mardi\r\n';
    const small = await upload(onA, 'petit.csv', Buffer.from(csv));
    expect(small.statusCode).toBe(200);
    const id = uploadIdOf(small.body);
    const onB = sameBrowserOn(onA, b);
    expect((await onB.post(`/animation/import/${id}/colonnes`, { 'colonne-4': '' })).statusCode).toBe(303);
    const page = await sameBrowserOn(onA, a).get(`/animation/import/${id}`);
    expect(page.body).toContain('Colonnes introuvables');
  });
});

describe('a step cut short', () => {
  async function interruptedTask(kind: 'preview' | 'import', content: Buffer) {
    const id = await saveUpload(t.db, facilitator.id, 'coupe.csv', content);
    // What a crashed instance leaves: a running task whose lease ran out a minute ago.
    await t.db.insert(importTasks).values({
      uploadId: id,
      ownerId: facilitator.id,
      filename: 'coupe.csv',
      kind,
      state: 'running',
      phase: kind === 'import' ? 'writing' : 'analysing',
      done: 100,
      total: 2000,
      leaseOwner: 'crashed-instance',
      leaseUntil: new Date(Date.now() - 60_000),
    });
    return `/animation/import/${id}`;
  }

  it('takes an interrupted preview up on the next instance asked', async () => {
    const onB = await signedIn(t.apps[1], facilitator.email);
    const url = await interruptedTask('preview', diagnosisCsv(2000, 'Atelier repris'));
    const preview = await wait(onB, url);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toMatch(/<span class="figure">2000<\/span>\s*valides/);
  }, 60_000);

  it('asks for a new file again when its instance stopped before reading (and so storing) it', async () => {
    const onB = await signedIn(t.apps[1], facilitator.email);
    const id = newUploadId();
    await t.db.insert(importTasks).values({
      uploadId: id,
      ownerId: facilitator.id,
      filename: 'perdu.csv',
      kind: 'preview',
      state: 'running',
      leaseOwner: 'crashed-instance',
      leaseUntil: new Date(Date.now() - 60_000),
    });
    const page = await onB.get(`/animation/import/${id}`);
    expect(page.statusCode).toBe(422);
    expect(page.body).toContain('L’analyse du fichier a été interrompue');
    expect(page.body).toContain('envoyez-le de nouveau');
    expect((await onB.get(`/animation/import/${id}`)).statusCode).toBe(404);
  });

  it('reports an interrupted import as not done, with nothing written, and lets it be run again', async () => {
    const onA = await signedIn(t.apps[0], facilitator.email);
    const started = await uploadOn(onA, diagnosisCsv(2000, 'Atelier interrompu'));
    const url = started.headers['hx-push-url'] as string;
    await wait(onA, url);
    // The import then started on an instance that crashed in its commit: its lease ran out.
    await t.db.insert(importTasks).values({
      uploadId: url.split('/').at(-1) ?? '',
      ownerId: facilitator.id,
      filename: 'grand.csv',
      kind: 'import',
      state: 'running',
      phase: 'writing',
      done: 500,
      total: 2000,
      leaseOwner: 'crashed-instance',
      leaseUntil: new Date(Date.now() - 60_000),
    });
    const before = await needCount();
    // What it had written meanwhile: its batch still 'writing', even within the batch's lease.
    const leftover = await crashedBatch(url.split('/').at(-1) ?? '');
    const onC = sameBrowserOn(onA, t.apps[2]);
    const page = await onC.get(url);
    expect(page.statusCode).toBe(409);
    expect(page.body).toContain('L’import a été interrompu avant sa fin');
    expect(page.body).toContain('rien n’a été importé');
    expect(page.body).toMatch(/<span class="figure">2000<\/span>\s*valides/);
    expect(await needCount()).toBe(before);

    const again = await postForm(onC, `${url}/importer`, { choix: 'tout' });
    expect(again.statusCode).toBe(303);
    expect((await wait(onC, url)).body).toContain('Import terminé : 2000 besoins créés');
    // The crashed attempt's rows are gone: only the import that finished remains.
    expect(await needCount()).toBe(before + 2000);
    expect(await t.db.$count(organizations, eq(organizations.id, leftover))).toBe(0);
  }, 120_000);

  it('runs one task per upload: a second instance asked to start it gets the running one', async () => {
    const id = newUploadId();
    const first = new ImportTasks(t.db, () => {});
    const second = new ImportTasks(t.db, () => {});
    let release = () => {};
    const blocked = new Promise<void>((resolve) => {
      release = resolve;
    });
    let runs = 0;
    const work = async () => {
      runs++;
      await blocked;
      return { type: 'preview' as const };
    };
    const meta = { uploadId: id, ownerId: facilitator.id, filename: 'double.csv', kind: 'preview' as const };
    const a = await first.start(meta, work);
    const b = await second.start(meta, work);
    expect(a.finished).not.toBeNull();
    expect(b.finished).toBeNull();
    expect(b.task).toMatchObject({ uploadId: id, state: 'running', interrupted: false });
    release();
    await a.finished;
    expect(runs).toBe(1);
    expect(await second.get(id, facilitator.id)).toMatchObject({
      state: 'done',
      result: { type: 'preview' },
    });
  });

  it('rolls back the commit of an instance whose lease was taken over meanwhile', async () => {
    const id = await saveUpload(t.db, facilitator.id, 'vole.csv', Buffer.from('x'));
    const tasks = new ImportTasks(t.db, () => {});
    const draft: NeedDraft = {
      row: 2,
      structure: { name: 'Atelier au bail perdu', siret: null, communeCode: '90010' },
      role: { code: 'M1203', label: 'Comptabilité' },
      roleSuggestions: [],
      title: 'Comptabilité',
      description: null,
      hoursHundredths: 1400,
      slotsNeeded: 4,
      allowedSlots: ['mon-am', 'mon-pm', 'tue-am', 'tue-pm'],
      start: '2027-01-04',
      startAsap: false,
      communeCode: '90010',
      communeName: 'Belfort',
      departement: '90',
      lat: 47.6384,
      lon: 6.8638,
      approximateLocation: false,
      maxTravelKm: 30,
    };
    const before = await needCount();
    const { finished } = await tasks.start(
      { uploadId: id, ownerId: facilitator.id, filename: 'vole.csv', kind: 'import' },
      async (context) => {
        // Another instance took the task over (this one stalled past its lease).
        await t.db
          .update(importTasks)
          .set({ leaseOwner: 'other-instance' })
          .where(eq(importTasks.uploadId, id));
        await commitDrafts(t.db, [draft], {
          beforeCommit: (tx) => context.completeIn(tx, { type: 'preview' }),
        });
        return { type: 'preview' };
      },
    );
    await finished;
    expect(await needCount()).toBe(before);
    const [task] = await t.db.select().from(importTasks).where(eq(importTasks.uploadId, id));
    expect(task).toMatchObject({ state: 'running', leaseOwner: 'other-instance' });
  });
});
