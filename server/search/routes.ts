/** GET /recherche: the search page, its htmx fragment, and JSON `{ hits, total, degraded }`. */
import { wantsJson } from '../common/error-pages';
import { escapeHtml } from '../common/html';
import { KIND_LABELS } from '../common/labels';
import { beyondStatus, pastLastPage } from '../common/pagination';
import type { RouteApp } from '../common/route-schemas';
import { departements } from '../places';
import { OFFER_KIND_SHORT } from '../vocabulary/offers';
import { HOURS_BANDS } from '../vocabulary/week';
import { facetsHtml } from './facets';
import { DAY_NAMES, type SearchParams, searchQuery, toQueryString } from './params';
import { searchRecords } from './query';
import { SEARCH_INDEX_CHANGED } from './service';

/** The filter form's choices: the same for every request, built once. */
let cachedOptions: ReturnType<typeof buildFilterOptions> | undefined;
const filterOptions = () => {
  cachedOptions ??= buildFilterOptions();
  return cachedOptions;
};

const option = (value: string, label: string) =>
  `<option value="${escapeHtml(value)}">${escapeHtml(label)}</option>`;

const optionsHtml = (entries: [string, string][]) => entries.map(([v, l]) => option(v, l)).join('');

/**
 * Every select of the filter form as ready HTML (about 150 options, 100 of them départements): rendering
 * them through the template at every request was a good part of the page's cost under load. The selected
 * value is marked by a string replacement on the cached HTML. (Roles are a picker: views/macros/role-picker.njk.)
 */
function buildFilterOptions() {
  return {
    departement: optionsHtml(departements().map((d) => [d.code, `${d.name} (${d.code})`])),
    orgKind: optionsHtml(Object.entries(KIND_LABELS)),
    offerKind: optionsHtml(Object.entries(OFFER_KIND_SHORT)),
    day: optionsHtml(DAY_NAMES.map((d) => [d, d.charAt(0).toUpperCase() + d.slice(1)])),
    hours: optionsHtml(HOURS_BANDS.map((h) => [h, h])),
    km: optionsHtml([5, 10, 20, 30, 50, 100].map((k) => [String(k), `${k} km`])),
  };
}

function withSelected(html: string, value: string | number | undefined): string {
  if (value === undefined || value === '') return html;
  const attribute = `<option value="${escapeHtml(String(value))}">`;
  return html.replace(attribute, `<option value="${escapeHtml(String(value))}" selected>`);
}

/** The filter form's options for these params, the current values selected. */
function selectOptions(params: SearchParams) {
  const html = filterOptions();
  return {
    departement: withSelected(html.departement, params.departement),
    orgKind: withSelected(html.orgKind, params.orgKind),
    offerKind: withSelected(html.offerKind, params.offerKind),
    day: withSelected(html.day, params.day),
    hours: withSelected(html.hours, params.hours),
    km: withSelected(html.km, params.km),
  };
}

export default async function searchRoutes(app: RouteApp) {
  // One URL answers HTML, its htmx fragment and JSON: caches must key on both headers (render sets
  // only HX-Request).
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('Vary', 'Accept, HX-Request');
    return payload;
  });

  app.get(
    '/recherche',
    { config: { access: 'public' }, schema: { querystring: searchQuery } },
    async (request, reply) => {
      const params = request.query;
      const viewer = { organizationIds: request.person?.memberships.map((m) => m.organizationId) ?? [] };
      // The same search by the same viewer, while the index has not changed, is answered again from
      // memory (embedded PGlite only); an answer from the PostgreSQL fallback is never kept.
      const result = await app.searchResults.read(
        `search:${JSON.stringify(params)}:${viewer.organizationIds.join(',')}`,
        [SEARCH_INDEX_CHANGED],
        () => searchRecords(app.db, app.searchEngine, params, viewer),
        { ttlMs: (found) => (found.degraded ? 0 : Number.POSITIVE_INFINITY) },
      );
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
      const beyond = pastLastPage(result, pageLink);
      return reply.render(
        { page: 'search/index', fragment: 'search/_results', status: beyondStatus(request, beyond) },
        {
          beyond,
          params,
          result,
          query,
          options: selectOptions(params),
          facetsHtml: result.facets ? facetsHtml(result.facets, params) : '',
          roleSuggestions: params.roleCandidates?.map((c) => ({
            display: c.display,
            title: c.title,
            href: `/recherche?${toQueryString(params, { role: c.code, page: undefined })}`,
          })),
          previous: result.page > 1 && !beyond ? pageLink(result.page - 1) : null,
          next: result.page < result.pages ? pageLink(result.page + 1) : null,
        },
      );
    },
  );
}
