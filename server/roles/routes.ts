/**
 * GET /metiers: the role picker's live suggestions (views/macros/role-picker.njk), the options of its
 * listbox as an htmx fragment, or JSON. Public: the ROME vocabulary is open data and visitors filter
 * the search page by role.
 */
import type { FastifyInstance } from 'fastify';
import { wantsJson } from '../common/error-pages';
import { findRoles } from './picker';

/** The picker's text input name on each form (need form, search filters), or `q`. */
const TEXT_FIELDS = ['q', 'roleText', 'metier'] as const;

export default async function roleRoutes(app: FastifyInstance) {
  app.get('/metiers', { config: { access: 'public' } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const raw = TEXT_FIELDS.map((name) => query[name]).find((v) => typeof v === 'string');
    const q = typeof raw === 'string' ? raw.slice(0, 120) : '';
    const matches = findRoles(q, 8);
    if (wantsJson(request)) {
      reply.header('Vary', 'Accept');
      return { roles: matches };
    }
    // The listbox's id, so that option ids are unique on a page with two pickers.
    const list =
      typeof query.liste === 'string' && /^[A-Za-z][A-Za-z0-9-]{0,40}$/.test(query.liste)
        ? query.liste
        : 'metiers';
    return reply.render({ page: 'roles/_options' }, { matches, list });
  });
}
