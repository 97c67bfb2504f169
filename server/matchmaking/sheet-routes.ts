/**
 * The session sheet (/animation/rencontres/:id/fiche): a printable page (the browser prints it; a print
 * stylesheet hides the site's chrome) and the same content as XLSX and CSV. Facilitators of the
 * session's territory only.
 */
import { idParams, type RouteApp } from '../common/route-schemas';
import { groupWeek } from './page';
import { facilitator, loadSession } from './routes';
import { exportName, sheetCsv, sheetData, sheetXlsx } from './sheet';

export default async function sheetRoutes(app: RouteApp) {
  const sheet = { config: facilitator, schema: { params: idParams } };

  app.get('/animation/rencontres/:id/fiche', sheet, async (request, reply) => {
    const session = await loadSession(app, request);
    const data = await sheetData(app.db, session);
    return reply.render(
      { page: 'matchmaking/sheet' },
      {
        ...data,
        title: `Fiche : ${session.title}`,
        full: data.full.map((g) => ({ ...g, week: groupWeek(g) })),
        printedAt: new Date(),
      },
    );
  });

  app.get('/animation/rencontres/:id/fiche.csv', sheet, async (request, reply) => {
    const session = await loadSession(app, request);
    const csv = sheetCsv(await sheetData(app.db, session));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${exportName(session)}.csv"`)
      .send(csv);
  });

  app.get('/animation/rencontres/:id/fiche.xlsx', sheet, async (request, reply) => {
    const session = await loadSession(app, request);
    const xlsx = await sheetXlsx(await sheetData(app.db, session));
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${exportName(session)}.xlsx"`)
      .send(xlsx);
  });
}
