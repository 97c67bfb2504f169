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

function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  message: string,
  issues?: Issue[],
) {
  if (wantsJson(request)) return reply.code(status).send({ error: message, statusCode: status, issues });
  return reply.render({ page: 'errors/error', status }, { status, message });
}

interface Issue {
  /** Where the value was: `querystring`, `body` (`params` never reaches a client: it is a 404). */
  in: string;
  /** The parameter or field, dotted for nested JSON (`lines.0.hours`). */
  path: string;
  message: string;
}

/**
 * A route schema refused the request (common/route-schemas.ts). A path parameter that does not parse
 * (`/besoins/abc`) names nothing: 404, like an id that does not exist. A query string or JSON body that
 * does not parse is a 400 naming the parameters, in French on pages and listed for JSON clients.
 */
function validationFailure(error: FastifyError): { status: number; message: string; issues?: Issue[] } {
  const where = error.validationContext ?? 'body';
  if (where === 'params') return { status: 404, message: MESSAGES[404] };
  const issues = (error.validation ?? []).map((v) => ({
    in: where,
    path: v.instancePath.slice(1).replaceAll('/', '.'),
    message: v.message ?? '',
  }));
  const names = [...new Set(issues.map((i) => i.path.split('.')[0]).filter(Boolean))].map((n) => `« ${n} »`);
  const noun = where === 'querystring' ? 'paramètre' : 'champ';
  const message = names.length
    ? `${MESSAGES[400].slice(0, -1)} : ${names.length > 1 ? `les ${noun}s ${names.join(', ')} ne sont pas valides` : `le ${noun} ${names[0]} n’est pas valide`}.`
    : MESSAGES[400];
  return { status: 400, message, issues };
}

export default fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler(async (error: FastifyError, request, reply) => {
      if (error instanceof SignInRequired && request.method === 'GET' && !wantsJson(request)) {
        return reply.redirect(`/connexion?suite=${encodeURIComponent(request.url)}`, 303);
      }
      if (error instanceof HttpError) return sendError(request, reply, error.statusCode, error.message);
      if (error.validation) {
        const failure = validationFailure(error);
        return sendError(request, reply, failure.status, failure.message, failure.issues);
      }
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
