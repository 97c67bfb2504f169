/** Live commune suggestions for the picker (htmx fragment, or JSON for scripts). Public: no private data. */
import { z } from 'zod';
import { wantsJson } from '../common/error-pages';
import { lenientQueryValue, type RouteApp } from '../common/route-schemas';
import { communeSuggestions } from './communes';

/** The text typed: `q`, or `commune` (the organization form's field, sent as is by htmx). */
const communeQuery = z.object({ q: lenientQueryValue, commune: lenientQueryValue });

export default async function communeRoutes(app: RouteApp) {
  app.get(
    '/communes',
    { config: { access: 'public' }, schema: { querystring: communeQuery } },
    async (request, reply) => {
      const q = (request.query.q ?? request.query.commune ?? '').slice(0, 120);
      const choices = communeSuggestions(q);
      if (wantsJson(request)) {
        reply.header('Vary', 'Accept');
        return {
          communes: choices.map((c) => ({
            code: c.code,
            name: c.name,
            departement: c.departement,
            postalCodes: c.postalCodes,
            lat: c.lat,
            lon: c.lon,
            approximate: c.approximate,
          })),
        };
      }
      return reply.render(
        { page: 'organizations/communes', fragment: 'organizations/commune-choices' },
        { communeChoices: choices, query: q },
      );
    },
  );
}
