/**
 * A person's notifications: the list (newest first, unread ones marked), marking one or all read, and
 * opening one (marks it read, then goes to its page). A person only ever reaches their own: anyone
 * else's id is a 404.
 */
import { signedInPerson } from '../common/access';
import { formBody, idParams, type RouteApp } from '../common/route-schemas';
import { isHtmx } from '../common/views';
import { listNotifications, markAllRead, markRead } from './service';

/** The page lists the latest ones; older ones stay in the table (and were mailed). */
const PAGE_SIZE = 100;

/** A stored link is a path of the site; anything else would make /notifications/:id an open redirect. */
const safePath = (link: string) => (link.startsWith('/') && !link.startsWith('//') ? link : '/notifications');

export default async function notificationRoutes(app: RouteApp) {
  const signedIn = { access: 'signedIn' as const };

  const listData = async (personId: number) => {
    const items = await listNotifications(app.db, personId, PAGE_SIZE);
    return { notifications: items, unreadHere: items.filter((n) => !n.readAt).length, pageSize: PAGE_SIZE };
  };

  app.get('/notifications', { config: signedIn }, async (request, reply) => {
    const person = signedInPerson(request);
    return reply.render({ page: 'notifications/index' }, await listData(person.id));
  });

  app.get(
    '/notifications/:id',
    { config: signedIn, schema: { params: idParams } },
    async (request, reply) => {
      const person = signedInPerson(request);
      const row = await markRead(app.db, person.id, request.params.id);
      return reply.redirect(safePath(row.link), 303);
    },
  );

  const one = { config: signedIn, schema: { params: idParams, body: formBody } };
  app.post('/notifications/:id/lu', one, async (request, reply) => {
    const person = signedInPerson(request);
    const row = await markRead(app.db, person.id, request.params.id);
    // htmx swaps the item in place and the header's count out of band; without JavaScript, back to the list.
    if (isHtmx(request)) return reply.render({ page: 'notifications/_item-swap' }, { n: row, oob: true });
    reply.flash('Notification marquée comme lue.');
    return reply.redirect('/notifications', 303);
  });

  app.post(
    '/notifications/tout-lu',
    { config: signedIn, schema: { body: formBody } },
    async (request, reply) => {
      const person = signedInPerson(request);
      const marked = await markAllRead(app.db, person.id);
      if (isHtmx(request))
        return reply.render({ page: 'notifications/_list' }, { ...(await listData(person.id)), oob: true });
      reply.flash(
        marked ? 'Toutes les notifications sont marquées comme lues.' : 'Aucune notification non lue.',
      );
      return reply.redirect('/notifications', 303);
    },
  );
}
