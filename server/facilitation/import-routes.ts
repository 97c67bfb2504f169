/**
 * Import pages: upload a diagnosis (multipart), preview it (rows, row errors, ROME suggestions, structures
 * found or to create, the column mapping to change), then import all rows or only the valid ones.
 *
 * CSRF on the upload: @fastify/multipart is registered in this plugin's scope only, and `readMultipart`
 * (a preValidation hook of this scope) parses the body into `request.body`, so the form's `_csrf` field is
 * there as a plain string when the app-wide CSRF check runs (preHandler), as for every other form; the
 * file is kept aside with its name and a truncation flag. The app-wide access check (a root preValidation
 * hook) runs before this scope's hooks, so visitors and non-facilitators are refused before their upload
 * is read.
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { signedInPerson } from '../common/access';
import { HttpError, NotFound } from '../common/errors';
import { parseForm } from '../common/forms';
import { departementLabel } from '../common/labels';
import { commitDrafts } from '../imports';
import { FIELDS } from '../imports/types';
import { analyzeForPerson, buildPreview, FIELD_LABELS } from './import-preview';
import { facilitatedDepartements } from './permissions';
import { commitSchema, parseMappingForm } from './schemas';
import { templateCsv, templateXlsx } from './template';
import { loadUpload, saveMapping, saveUpload, type Upload } from './uploads';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** Rows shown in the preview table; every error is listed whatever the size. */
export const PREVIEW_ROWS = 1000;
const facilitator = { access: 'facilitator' as const };

interface UploadedFile {
  filename: string;
  bytes: Buffer;
  truncated: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    uploadedFile: UploadedFile | null;
  }
}

const MALFORMED = 'L’envoi est incomplet ou mal formé : renvoyez le fichier avec le formulaire d’import.';
const TOO_MANY_PARTS = 'Envoyez un seul fichier à la fois, avec le formulaire d’import.';

const FIELD_OPTIONS = FIELDS.map((field) => ({ value: field, label: FIELD_LABELS[field] ?? field }));

const today = () => new Date().toISOString().slice(0, 10);

function territoriesLabel(person: ReturnType<typeof signedInPerson>) {
  const territories = facilitatedDepartements(person);
  return territories ? territories.map(departementLabel).join(', ') : 'tous les départements';
}

function renderForm(request: FastifyRequest, reply: FastifyReply, status = 200, message?: string) {
  const person = signedInPerson(request);
  return reply.render(
    { page: 'facilitation/import', status },
    {
      title: 'Importer un diagnostic territorial',
      territoriesLabel: territoriesLabel(person),
      maxMegabytes: MAX_UPLOAD_BYTES / 1024 / 1024,
      errors: message ? { fichier: message } : {},
    },
  );
}

async function renderPreview(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  upload: Upload,
  extra: {
    status?: number;
    formError?: string;
    analysed?: Awaited<ReturnType<typeof analyzeForPerson>>;
  } = {},
) {
  const person = signedInPerson(request);
  const preview = await buildPreview(
    app.db,
    upload.bytes,
    { territories: facilitatedDepartements(person), mapping: upload.meta.mapping, today: today() },
    extra.analysed,
  );
  if (!preview.ok) {
    if (preview.cause) request.log.error({ err: preview.cause }, 'import analysis failed');
    return renderForm(request, reply, 422, preview.message);
  }
  return reply.render(
    { page: 'facilitation/preview', status: extra.status },
    {
      title: `Aperçu de l’import : ${upload.meta.filename}`,
      upload: { id: upload.id, filename: upload.meta.filename },
      preview,
      shownRows: preview.rows.slice(0, PREVIEW_ROWS),
      fieldLabels: FIELD_LABELS,
      fieldOptions: FIELD_OPTIONS,
      territoriesLabel: territoriesLabel(person),
      formError: extra.formError,
    },
  );
}

async function ownUpload(app: FastifyInstance, request: FastifyRequest): Promise<Upload> {
  const person = signedInPerson(request);
  const upload = await loadUpload(app.config.dataDir, (request.params as { id: string }).id, person.id);
  if (!upload)
    throw new NotFound(
      'Ce fichier n’est plus disponible (les fichiers envoyés sont gardés 24 heures) : envoyez-le de nouveau.',
    );
  return upload;
}

/**
 * Parses a multipart body before the CSRF check reads `_csrf` from `request.body`; the file goes aside
 * to `request.uploadedFile`. Only the upload route takes a file. A broken body is a 400 (a too large one
 * a 413), never a 500: busboy's own errors carry no status.
 */
async function readMultipart(request: FastifyRequest) {
  if (!request.isMultipart()) return;
  const body: Record<string, string> = {};
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (request.routeOptions.url !== '/animation/import') throw new HttpError(400, MALFORMED);
        const bytes = await part.toBuffer();
        request.uploadedFile = { filename: part.filename, bytes, truncated: part.file.truncated };
      } else if (typeof part.value === 'string') {
        body[part.fieldname] = part.value;
      }
    }
  } catch (error) {
    if (error instanceof HttpError) throw error;
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 413) throw new HttpError(413, TOO_MANY_PARTS);
    throw new HttpError(400, MALFORMED);
  }
  request.body = body;
}

export default async function importRoutes(app: FastifyInstance) {
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
    if (file.truncated) {
      return renderForm(
        request,
        reply,
        413,
        `Le fichier dépasse ${MAX_UPLOAD_BYTES / 1024 / 1024} Mo : enregistrez-le sans mise en forme ni images, ou découpez-le.`,
      );
    }
    // A file that cannot be read is answered at once and not kept.
    const read = await analyzeForPerson(file.bytes, {
      territories: facilitatedDepartements(person),
      mapping: null,
      today: today(),
    });
    if (!read.ok) {
      if (read.cause) request.log.error({ err: read.cause }, 'import analysis failed');
      return renderForm(request, reply, 422, read.message);
    }
    const id = await saveUpload(app.config.dataDir, person.id, file.filename, file.bytes);
    const upload = await loadUpload(app.config.dataDir, id, person.id);
    if (!upload) throw new Error('an upload just saved cannot be read back');
    reply.header('HX-Push-Url', `/animation/import/${id}`);
    return renderPreview(app, request, reply, upload, { analysed: read });
  });

  app.get('/animation/import/:id', { config: facilitator }, async (request, reply) =>
    renderPreview(app, request, reply, await ownUpload(app, request)),
  );

  app.post('/animation/import/:id/colonnes', { config: facilitator }, async (request, reply) => {
    const upload = await ownUpload(app, request);
    const mapping = parseMappingForm(request.body, 200);
    if (!mapping) throw new HttpError(400, 'La requête est mal formée.');
    await saveMapping(app.config.dataDir, upload, mapping);
    reply.flash('Correspondance des colonnes enregistrée : l’aperçu en tient compte.');
    return reply.redirect(`/animation/import/${upload.id}`, 303);
  });

  app.post('/animation/import/:id/importer', { config: facilitator }, async (request, reply) => {
    const person = signedInPerson(request);
    const upload = await ownUpload(app, request);
    const parsed = parseForm(commitSchema, request.body);
    if (!parsed.ok)
      return renderPreview(app, request, reply, upload, { status: 422, formError: parsed.errors.choix });
    const read = await analyzeForPerson(upload.bytes, {
      territories: facilitatedDepartements(person),
      mapping: upload.meta.mapping,
      today: today(),
    });
    if (!read.ok) return renderForm(request, reply, 422, read.message);
    const { analysis } = read;
    const invalidRows = analysis.results.length - analysis.drafts.length;
    if (parsed.data.choix === 'tout' && invalidRows > 0) {
      return renderPreview(app, request, reply, upload, {
        status: 422,
        formError: `Rien n’a été importé : ${invalidRows} ligne(s) contiennent des erreurs. Corrigez le fichier, ou choisissez « Importer seulement les lignes valides ».`,
      });
    }
    if (!analysis.drafts.length) {
      return renderPreview(app, request, reply, upload, {
        status: 422,
        formError: 'Aucune ligne valide à importer.',
      });
    }
    const result = await commitDrafts(app.db, analysis.drafts, { createdBy: person.id });
    reply.flash(
      `Import terminé : ${result.needsCreated} besoin(s) créé(s) en brouillon, ${result.needsSkipped} déjà présent(s) ; ${result.organizationsCreated} structure(s) créée(s) (non revendiquées), ${result.organizationsFound} retrouvée(s).`,
    );
    return reply.redirect(`/animation/import/${upload.id}`, 303);
  });
}
