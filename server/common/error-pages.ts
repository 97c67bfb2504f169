/**
 * Errors become French pages (or JSON for JSON clients) with the right status; only a real fault is a 500.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { SignInRequired } from './access';
import { HttpError } from './errors';

const MESSAGES: Record<number, string> = {
  400: 'La requête est mal formée.',
  404: 'Page introuvable.',
  413: 'Le contenu envoyé est trop volumineux.',
  415: 'Ce type de contenu n’est pas accepté.',
  429: 'Trop de tentatives. Patientez une minute avant de réessayer.',
};

export function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

function sendError(request: FastifyRequest, reply: FastifyReply, status: number, message: string) {
  if (wantsJson(request)) return reply.code(status).send({ error: message, statusCode: status });
  return reply.render({ page: 'errors/error', status }, { status, message });
}

export default fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler(async (error: FastifyError, request, reply) => {
      if (error instanceof SignInRequired && request.method === 'GET' && !wantsJson(request)) {
        return reply.redirect(`/connexion?suite=${encodeURIComponent(request.url)}`, 303);
      }
      if (error instanceof HttpError) return sendError(request, reply, error.statusCode, error.message);
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500) {
        return sendError(request, reply, status, MESSAGES[status] ?? 'La requête ne peut pas être traitée.');
      }
      request.log.error({ err: error }, 'unexpected error');
      return sendError(request, reply, 500, 'Une erreur inattendue est survenue. Elle a été enregistrée.');
    });
    app.setNotFoundHandler({}, async (request, reply) => sendError(request, reply, 404, MESSAGES[404]));
  },
  { name: 'error-pages', dependencies: ['views'] },
);
