/**
 * Import pages: upload a diagnosis (multipart), preview it (rows, errors, ROME suggestions, structures found
 * or to create, the column mapping to change), then import all rows or only the valid ones. Upload, analysis
 * and task live in the database (uploads.ts, import-analysis.ts, import-tasks.ts): any instance serves any
 * step; one cut short by a crash is taken up again (a preview) or reported (an import: it wrote nothing).
 *
 * CSRF on the upload: @fastify/multipart is registered in this plugin's scope only, and `readMultipart`
 * (a preValidation hook of this scope) parses the body into `request.body`, so the form's `_csrf` field is
 * there as a plain string when the app-wide CSRF check runs (preHandler), as for every other form; the
 * file is kept aside with its name and a truncation flag. The app-wide access check (a root
 * preValidation hook) runs first, so visitors and non-facilitators are refused before their upload is read.
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { signedInPerson } from '../common/access';
import { HttpError, NotFound } from '../common/errors';
import { parseForm } from '../common/forms';
import { parisToday } from '../common/paris-time';
import { formBody, type RouteApp } from '../common/route-schemas';
import { isHtmx } from '../common/views';
import { type MappingOverride, tooLargeMessage } from '../imports';
import { AnalysisStore, analysisKey } from './import-analysis';
import { undoBatch, unfinishedBatches } from './import-batches';
import { readMultipart } from './import-multipart';
import { MAX_UPLOAD_BYTES, renderForm, renderImported, renderPreview } from './import-pages';
import { buildPreview } from './import-preview';
import { type ImportTask, ImportTasks, progressLabel } from './import-tasks';
import {
  ALREADY_IMPORTED,
  IMPORT_INTERRUPTED,
  importWork,
  PREVIEW_INTERRUPTED,
  previewWork,
  type WorkServices,
} from './import-work';
import { facilitatedDepartements } from './permissions';
import { commitSchema, parseMappingForm, parseStructureChoices, uploadParams } from './schemas';
import { templateCsv, templateXlsx } from './template';
import { loadUpload, newUploadId, saveMapping, type Upload, uploadFilename } from './uploads';

const facilitator = { access: 'facilitator' as const };
const uploadPage = { config: facilitator, schema: { params: uploadParams } };
const uploadForm = { config: facilitator, schema: { params: uploadParams, body: formBody } };

/**
 * Files up to this size are analysed (and imported) while the request waits: a few hundred rows take
 * well under a second. Larger ones run in the background behind the progress page.
 */
export const INLINE_MAX_BYTES = 64 * 1024;
const isSmall = (upload: Upload) => upload.meta.size <= INLINE_MAX_BYTES;

function analysisOptions(request: FastifyRequest, mapping: MappingOverride | null) {
  return { territories: facilitatedDepartements(signedInPerson(request)), mapping, today: parisToday() };
}

const UPLOAD_GONE =
  'Ce fichier n’est plus disponible (les fichiers envoyés sont gardés 24 heures) : envoyez-le de nouveau.';

async function ownUpload(app: RouteApp, request: FastifyRequest, id: string): Promise<Upload> {
  const upload = await loadUpload(app.db, id, signedInPerson(request).id);
  if (!upload) throw new NotFound(UPLOAD_GONE);
  return upload;
}

type Started = { task: ImportTask; finished: Promise<void> | null };

export default async function importRoutes(app: RouteApp) {
  const log = (err: unknown, message: string) => app.log.error({ err }, message);
  const services: WorkServices = { db: app.db, analyses: new AnalysisStore(app.db), log };
  const tasks = new ImportTasks(app.db, log);
  app.addHook('onClose', async () => {
    await Promise.all(tasks.running());
  });
  app.decorateRequest('uploadedFile', null);
  await app.register(fastifyMultipart, {
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, parts: 6 },
    throwFileSizeLimit: false,
  });
  app.addHook('preValidation', readMultipart);

  app.get('/animation/import', { config: facilitator }, async (request, reply) => renderForm(request, reply));

  app.get('/animation/import/modele.xlsx', { config: facilitator }, async (_request, reply) =>
    reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('Content-Disposition', 'attachment; filename="diagnostic-besoins-modele.xlsx"')
      .send(await templateXlsx()),
  );

  app.get('/animation/import/modele.csv', { config: facilitator }, async (_request, reply) =>
    reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', 'attachment; filename="diagnostic-besoins-modele.csv"')
      .send(templateCsv()),
  );

  app.post('/animation/import', { config: facilitator }, async (request, reply) => {
    const person = signedInPerson(request);
    if (!request.isMultipart()) {
      return renderForm(request, reply, 400, 'Envoyez le fichier avec le formulaire ci-dessous.');
    }
    const file = request.uploadedFile;
    if (!file || (!file.filename && file.bytes.byteLength === 0)) {
      return renderForm(request, reply, 422, 'Choisissez un fichier Excel (.xlsx) ou CSV.');
    }
    if (file.truncated) return renderForm(request, reply, 413, tooLargeMessage('file'));
    // Read here, in the background; stored with its analysis once read (a bad file never is).
    const id = newUploadId();
    const fresh = { ownerId: person.id, filename: file.filename, bytes: file.bytes };
    const started = await tasks.start(
      { uploadId: id, ownerId: person.id, filename: uploadFilename(file.filename), kind: 'preview' },
      previewWork(services, { ...analysisOptions(request, null), uploadId: id }, {}, fresh),
    );
    return answer(request, reply, started, {
      inline: file.bytes.byteLength <= INLINE_MAX_BYTES,
      pushUrl: true,
    });
  });

  app.get('/animation/import/:id', uploadPage, async (request, reply) => {
    const person = signedInPerson(request);
    const { id } = request.params;
    let task = await tasks.get(id, person.id);
    const stored = await loadUpload(app.db, id, person.id);
    if (stored?.meta.imported && task?.state !== 'running') {
      if (task) await tasks.take(task);
      return renderImported(reply, stored);
    }
    const upload = task?.interrupted ? stored : null;
    // Cut short: what an import wrote is undone; a new file not yet read was not stored, it must be sent
    // again.
    if (task?.interrupted && task.kind === 'import') {
      // Listed before the task ends: a new attempt, which may start once it has, is not among them.
      const unfinished = await unfinishedBatches(app.db, id);
      task = await tasks.endInterrupted(task, {
        type: 'preview',
        formError: IMPORT_INTERRUPTED,
        status: 409,
      });
      for (const batch of unfinished) await undoBatch(app.db, batch);
    } else if (task?.interrupted && !upload) {
      task = await tasks.endInterrupted(task, { type: 'unreadable', message: PREVIEW_INTERRUPTED });
    }
    if (task && !task.interrupted) return answer(request, reply, { task, finished: null }, { inline: false });
    // No task, or a preview cut short: (again) from the stored upload.
    return startPreview(request, reply, upload ?? (await ownUpload(app, request, id)));
  });

  app.post('/animation/import/:id/colonnes', uploadForm, async (request, reply) => {
    const upload = await ownUpload(app, request, request.params.id);
    const mapping = parseMappingForm(request.body, 200);
    if (!mapping) throw new HttpError(400, 'La requête est mal formée.');
    await saveMapping(app.db, upload, mapping);
    reply.flash('Correspondance des colonnes enregistrée : l’aperçu en tient compte.');
    return reply.redirect(`/animation/import/${upload.id}`, 303);
  });

  app.post('/animation/import/:id/importer', uploadForm, async (request, reply) => {
    const person = signedInPerson(request);
    const upload = await ownUpload(app, request, request.params.id);
    // Imported already: nothing is written twice; the upload's page says what was saved.
    if (upload.meta.imported) {
      reply.flash(ALREADY_IMPORTED);
      return reply.redirect(`/animation/import/${upload.id}`, 303);
    }
    const running = await tasks.get(upload.id, person.id);
    // A second click while the import (or an analysis) runs shows its progress: nothing runs twice.
    if (running?.state === 'running' && !running.interrupted) {
      return answer(request, reply, { task: running, finished: null }, { inline: false });
    }
    const parsed = parseForm(commitSchema, request.body);
    const structureChoices = parseStructureChoices(request.body);
    if (!structureChoices) throw new HttpError(400, 'La requête est mal formée.');
    if (!parsed.ok)
      return startPreview(request, reply, upload, { status: 422, formError: parsed.errors.choix });
    const started = await tasks.start(
      { uploadId: upload.id, ownerId: person.id, filename: upload.meta.filename, kind: 'import' },
      importWork(
        services,
        { ...analysisOptions(request, upload.meta.mapping), uploadId: upload.id },
        parsed.data.choix,
        person.id,
        structureChoices,
      ),
    );
    return answer(request, reply, started, { inline: isSmall(upload) });
  });

  /**
   * Answers with the task's result when it is over (at once, or after waiting for it when `inline`: a
   * small file is done in well under a second), else with the progress page. Without htmx, a task
   * started by a POST is a 303 to the upload's page (POST-redirect-GET: the progress page then reloads
   * itself there); an import done inline is a flash and a 303, as every form.
   */
  async function answer(
    request: FastifyRequest,
    reply: FastifyReply,
    started: Started,
    { inline, pushUrl = false }: { inline: boolean; pushUrl?: boolean },
  ): Promise<unknown> {
    let { task } = started;
    if (inline && started.finished) {
      await started.finished;
      task = (await tasks.get(task.uploadId, task.ownerId)) ?? task;
    }
    const result = await tasks.take(task);
    const upload = { id: task.uploadId, filename: task.filename };
    // The upload form's htmx answer shows the upload's page: its address goes to the history.
    if (pushUrl && result?.type !== 'unreadable')
      reply.header('HX-Push-Url', `/animation/import/${task.uploadId}`);
    if (result && isHtmx(request) && request.method === 'GET') {
      // The progress page polls into its own status line; the result replaces the whole content.
      reply
        .header('HX-Retarget', '#contenu')
        .header('HX-Reswap', 'outerHTML')
        .header('HX-Reselect', '#contenu');
    }
    if (!result) {
      if (request.method === 'POST' && !isHtmx(request)) {
        return reply.redirect(`/animation/import/${task.uploadId}`, 303);
      }
      return renderProgress(reply, task, request.method === 'POST' ? 202 : 200);
    }
    if (result.type === 'failed') throw new Error(`import task failed: ${result.message}`);
    if (result.type === 'unreadable') return renderForm(request, reply, 422, result.message);
    if (result.notice && request.method === 'POST') {
      // The imported upload's page says it itself.
      if (!result.imported) reply.flash(result.notice);
      return reply.redirect(`/animation/import/${task.uploadId}`, 303);
    }
    const stored = await loadUpload(app.db, task.uploadId, task.ownerId);
    const key = analysisKey(analysisOptions(request, stored?.meta.mapping ?? null));
    const analysed = stored && (await services.analyses.load(stored.id, key));
    // No analysis for this mapping or day (changed meanwhile): analyse again.
    if (stored?.meta.imported) return renderImported(reply, stored);
    if (!analysed) {
      const { type: _type, ...extra } = result;
      return startPreview(request, reply, stored ?? (await ownUpload(app, request, task.uploadId)), extra);
    }
    return renderPreview(request, reply, upload, await buildPreview(app.db, analysed), result);
  }

  function renderProgress(reply: FastifyReply, task: ImportTask, status: number) {
    const percent = task.total ? Math.floor((task.done * 100) / task.total) : null;
    return reply.render(
      { page: 'facilitation/progress', status },
      {
        title: task.kind === 'import' ? 'Import en cours' : 'Analyse du fichier en cours',
        task: { ...task, label: progressLabel(task), percent, hasPercent: percent !== null },
        url: `/animation/import/${task.uploadId}`,
      },
    );
  }

  /** Starts the upload's preview and answers it (at once when small or already analysed). */
  async function startPreview(
    request: FastifyRequest,
    reply: FastifyReply,
    upload: Upload,
    extra: { formError?: string; status?: number; notice?: string } = {},
  ) {
    const person = signedInPerson(request);
    const options = { ...analysisOptions(request, upload.meta.mapping), uploadId: upload.id };
    const started = await tasks.start(
      { uploadId: upload.id, ownerId: person.id, filename: upload.meta.filename, kind: 'preview' },
      previewWork(services, options, extra),
    );
    const inline = isSmall(upload) || (await services.analyses.has(upload.id, analysisKey(options)));
    return answer(request, reply, started, { inline });
  }
}
