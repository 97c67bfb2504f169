/** Home page, dashboard and the site's information pages. */
import { countPendingOrganizations } from '../admin/service';
import { signedInPerson } from '../common/access';
import type { RouteApp } from '../common/route-schemas';
import { dashboardNeeds } from '../needs/dashboard';
import { invitationsForEmail } from '../organizations/invitations';

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
    const [invitations, pendingOrganizations, needs] = await Promise.all([
      invitationsForEmail(app.db, person.email),
      person.isAdmin ? countPendingOrganizations(app.db) : Promise.resolve(0),
      dashboardNeeds(app.db, person),
    ]);
    return reply.render(
      { page: 'home/dashboard' },
      { memberships: person.memberships, invitations, pendingOrganizations, dashboardNeeds: needs },
    );
  });

  for (const [url, page] of Object.entries(INFO_PAGES)) {
    app.get(url, { config: { access: 'public' } }, async (_request, reply) => reply.render({ page }));
  }
}
