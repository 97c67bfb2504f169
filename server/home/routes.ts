/** Home page, dashboard and the site's information pages. */
import { signedInPerson } from '../common/access';
import type { RouteApp } from '../common/route-schemas';
import { cachedDashboard } from './dashboard';

const INFO_PAGES: Record<string, string> = {
  '/a-propos': 'home/about',
  '/accessibilite': 'home/accessibility',
  '/donnees-personnelles': 'home/privacy',
};

export default async function homeRoutes(app: RouteApp) {
  app.get('/', { config: { access: 'public' } }, async (_request, reply) =>
    reply.render({ page: 'home/index' }),
  );

  app.get('/tableau-de-bord', { config: { access: 'signedIn' } }, async (request, reply) => {
    const person = signedInPerson(request);
    return reply.render(
      { page: 'home/dashboard' },
      { memberships: person.memberships, ...(await cachedDashboard(app.readCache, app.db, person)) },
    );
  });

  for (const [url, page] of Object.entries(INFO_PAGES)) {
    app.get(url, { config: { access: 'public' } }, async (_request, reply) => reply.render({ page }));
  }
}
