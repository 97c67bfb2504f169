/** GET /recherche: the search page, its htmx fragment, and JSON `{ hits, total, degraded }`. */
import type { FastifyInstance } from 'fastify';
import { wantsJson } from '../common/error-pages';
import { KIND_LABELS } from '../common/labels';
import { rolesByDomain } from '../needs/lookups';
import { HOURS_BANDS } from '../needs/week';
import { OFFER_KIND_SHORT } from '../offers/labels';
import { departements } from '../places';
import { DAY_NAMES, parseSearchParams, toQueryString } from './params';
import { searchRecords } from './query';

/** The filter form's choices: the same for every request, built once. */
let cachedOptions: ReturnType<typeof buildFilterOptions> | undefined;
const filterOptions = () => {
  cachedOptions ??= buildFilterOptions();
  return cachedOptions;
};

function buildFilterOptions() {
  return {
    roleGroups: rolesByDomain(),
    kinds: Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label })),
    offerKinds: Object.entries(OFFER_KIND_SHORT).map(([value, label]) => ({ value, label })),
    days: DAY_NAMES,
    hours: HOURS_BANDS,
    departements: departements(),
    distances: [5, 10, 20, 30, 50, 100],
  };
}

export default async function searchRoutes(app: FastifyInstance) {
  // One URL answers HTML, its htmx fragment and JSON: caches must key on both headers (render sets
  // only HX-Request).
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('Vary', 'Accept, HX-Request');
    return payload;
  });

  app.get('/recherche', { config: { access: 'public' } }, async (request, reply) => {
    const params = parseSearchParams(request.query);
    const viewer = { organizationIds: request.person?.memberships.map((m) => m.organizationId) ?? [] };
    const result = await searchRecords(app.db, app.searchEngine, params, viewer);
    if (wantsJson(request)) {
      return reply.send({
        hits: result.hits,
        total: result.total,
        degraded: result.degraded,
        page: result.page,
        pages: result.pages,
        facets:
          result.facets?.map((f) => ({
            name: f.name,
            values: f.values.map(({ value, count }) => ({ value, count })),
          })) ?? null,
      });
    }
    const query = toQueryString(params);
    const pageLink = (page: number) => `/recherche?${toQueryString(params, { page })}`;
    return reply.render(
      { page: 'search/index', fragment: 'search/_results' },
      {
        params,
        result,
        query,
        options: filterOptions(),
        previous: result.page > 1 ? pageLink(result.page - 1) : null,
        next: result.page < result.pages ? pageLink(result.page + 1) : null,
      },
    );
  });
}
