/** Live commune suggestions for the picker (htmx fragment, or JSON for scripts). Public: no private data. */
import type { FastifyInstance } from 'fastify';
import { wantsJson } from '../common/error-pages';
import { communeSuggestions } from './communes';

export default async function communeRoutes(app: FastifyInstance) {
  app.get('/communes', { config: { access: 'public' } }, async (request, reply) => {
    const query = request.query as { q?: unknown; commune?: unknown };
    const raw =
      typeof query.q === 'string' ? query.q : typeof query.commune === 'string' ? query.commune : '';
    const q = raw.slice(0, 120);
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
  });
}
