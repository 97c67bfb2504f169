/**
 * The import pages as rendered: the upload form, the preview and the page of an imported file. The routes
 * (import-routes.ts) decide which one a request gets.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { signedInPerson } from '../common/access';
import { departementLabel } from '../common/labels';
import { IMPORT_LIMITS } from '../imports';
import { FIELDS } from '../imports/types';
import { FIELD_LABELS, type Preview } from './import-preview';
import type { TaskResult } from './import-tasks';
import { importNotice } from './import-work';
import { facilitatedDepartements } from './permissions';
import type { Upload } from './uploads';

export const MAX_UPLOAD_BYTES = IMPORT_LIMITS.fileBytes;
/** Rows shown in the preview table; every error is listed whatever the size. */
export const PREVIEW_ROWS = 1000;

const FIELD_OPTIONS = FIELDS.map((field) => ({ value: field, label: FIELD_LABELS[field] ?? field }));

function territoriesLabel(person: ReturnType<typeof signedInPerson>) {
  const territories = facilitatedDepartements(person);
  return territories ? territories.map(departementLabel).join(', ') : 'tous les départements';
}

export function renderForm(request: FastifyRequest, reply: FastifyReply, status = 200, message?: string) {
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

export function renderPreview(
  request: FastifyRequest,
  reply: FastifyReply,
  upload: { id: string; filename: string },
  preview: Preview,
  result: Extract<TaskResult, { type: 'preview' }>,
) {
  const person = signedInPerson(request);
  return reply.render(
    { page: 'facilitation/preview', status: result.status },
    {
      title: `Aperçu de l’import : ${upload.filename}`,
      upload,
      preview,
      shownRows: preview.rows.slice(0, PREVIEW_ROWS),
      fieldLabels: FIELD_LABELS,
      fieldOptions: FIELD_OPTIONS,
      territoriesLabel: territoriesLabel(person),
      formError: result.formError,
      notice: result.notice,
    },
  );
}

/** The page of an imported file: what was saved, with links to the structures; no import button. */
export function renderImported(reply: FastifyReply, upload: Upload) {
  return reply.render(
    { page: 'facilitation/imported' },
    {
      title: `Import enregistré : ${upload.meta.filename}`,
      upload,
      summary: upload.meta.imported,
      notice: upload.meta.imported && importNotice(upload.meta.imported),
    },
  );
}
