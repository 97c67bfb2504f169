/**
 * The header's unread count (views/notifications/_count.njk), given to the layout of every full page of a
 * signed-in person through the views' layout hook (server/common/views.ts `addLayoutData`). The count is
 * read with the session, in the same statement (accounts/session.ts `addPersonColumn`): an indexed count
 * (the partial index on unread rows) that costs no statement of its own.
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { notifications } from '../../db/schema';
import { unreadCount } from './service';

export default fp(
  async (app: FastifyInstance) => {
    app.addPersonColumn(
      'unreadNotifications',
      (personId) =>
        sql`(select count(*)::int from ${notifications} n where n.person_id = ${personId} and n.read_at is null)`,
      [notifications],
    );
    // A POST may have just marked notifications read (its htmx answer swaps the count out of band): count
    // again after it. A GET changes none, so the count read with its session is the current one.
    app.addLayoutData(async (request) => {
      if (!request.person) return {};
      if (request.method !== 'GET' || request.personExtras?.unreadNotifications === undefined)
        return { unreadNotifications: await unreadCount(app.db, request.person.id) };
      return { unreadNotifications: Number(request.personExtras.unreadNotifications) };
    });
  },
  { name: 'notifications-unread-count', dependencies: ['views', 'db', 'session'] },
);
