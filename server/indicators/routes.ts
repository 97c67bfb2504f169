/**
 * Indicators of a facilitator's territory (/animation/indicateurs): the period's figures, one bar chart
 * per month for the main indicators, the month-by-month table, and the same as CSV. Access as every
 * /animation page: `facilitator`, then the département asked for must be one of theirs (403), a
 * malformed one is a 404, a repeated parameter a 400. Bad dates re-render the form with French messages
 * beside the fields (422; the CSV answers 422 with the messages as text).
 */
import type { FastifyReply } from 'fastify';
import { frenchDate } from '../common/paris-time';
import type { RouteApp } from '../common/route-schemas';
import { pageScope } from '../facilitation/routes';
import { cachedIndicatorPage } from './page';
import { indicatorsCsv } from './report';
import { indicatorsQuery, parsePeriod } from './schemas';
import { computeIndicators } from './service';

const facilitator = { access: 'facilitator' as const };

/** The query string of the same territory and period, for the CSV link. */
function queryOf(selected: string, period: { du: string; au: string }) {
  const params = new URLSearchParams();
  if (selected) params.set('departement', selected);
  params.set('du', period.du);
  params.set('au', period.au);
  return params.toString();
}

export default async function indicatorRoutes(app: RouteApp) {
  const page = { config: facilitator, schema: { querystring: indicatorsQuery } };

  app.get('/animation/indicateurs', page, async (request, reply: FastifyReply) => {
    const scope = pageScope(request, request.query.departement);
    const period = parsePeriod(request.query);
    const base = { title: 'Indicateurs du territoire', ...scope, values: period.values };
    if (!period.ok) {
      return reply.render({ page: 'indicators/index', status: 422 }, { ...base, errors: period.errors });
    }
    const figures = await cachedIndicatorPage(app.readCache, app.db, scope.departements, period.period);
    return reply.render(
      { page: 'indicators/index' },
      {
        ...base,
        errors: {},
        periodLabel: `du ${frenchDate(period.period.from)} au ${frenchDate(period.period.to)}`,
        ...figures,
        csvQuery: queryOf(scope.selected, period.values),
      },
    );
  });

  app.get('/animation/indicateurs.csv', page, async (request, reply) => {
    const scope = pageScope(request, request.query.departement);
    const period = parsePeriod(request.query);
    if (!period.ok) {
      return reply
        .code(422)
        .type('text/plain; charset=utf-8')
        .send(`${Object.values(period.errors).join('\n')}\n`);
    }
    const indicators = await computeIndicators(app.db, scope.departements, period.period);
    const name = `indicateurs-${scope.selected || 'territoires'}-${period.period.from}-${period.period.to}.csv`;
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${name}"`)
      .send(indicatorsCsv(indicators, period.period, scope.scopeLabel));
  });
}
