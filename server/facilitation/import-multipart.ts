/**
 * The upload form's multipart body, read before the CSRF check (see import-routes.ts): fields into
 * `request.body`, the file aside into `request.uploadedFile` with its name and truncation flag.
 */
import type { FastifyRequest } from 'fastify';
import { HttpError } from '../common/errors';

export interface UploadedFile {
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

/**
 * Parses a multipart body before the CSRF check reads `_csrf` from `request.body`; the file goes aside
 * to `request.uploadedFile`. Only the upload route takes a file. A broken body is a 400 (a too large one
 * a 413), never a 500: busboy's own errors carry no status.
 */
export async function readMultipart(request: FastifyRequest) {
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
