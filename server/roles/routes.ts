/**
 * GET /metiers: the role picker's live suggestions (views/macros/role-picker.njk), the options of its
 * listbox as an htmx fragment, or JSON. Public: the ROME vocabulary is open data and visitors filter
 * the search page by role.
 */
import { z } from 'zod';
import { wantsJson } from '../common/error-pages';
import { lenientQueryValue, type RouteApp } from '../common/route-schemas';
import { findRoles } from './picker';

/**
 * The text typed, under the picker's input name on each form (`roleText` on the need form, `metier` on
 * the search filters) or `q`; `liste`, the listbox's id, so that option ids are unique on a page with two
 * pickers.
 */
const rolesQuery = z.object({
  q: lenientQueryValue,
  roleText: lenientQueryValue,
  metier: lenientQueryValue,
  liste: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9-]{0,40}$/)
    .catch('metiers'),
});

export default async function roleRoutes(app: RouteApp) {
  app.get(
    '/metiers',
    { config: { access: 'public' }, schema: { querystring: rolesQuery } },
    async (request, reply) => {
      const { q: typed, roleText, metier, liste } = request.query;
      const q = (typed ?? roleText ?? metier ?? '').slice(0, 120);
      const matches = findRoles(q, 8);
      if (wantsJson(request)) {
        reply.header('Vary', 'Accept');
        return { roles: matches };
      }
      return reply.render({ page: 'roles/_options' }, { matches, list: liste });
    },
  );
}
