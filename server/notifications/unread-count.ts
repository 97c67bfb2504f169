/**
 * The header's unread count (views/notifications/_count.njk), given to the layout of every full page of a
 * signed-in person through the views' layout hook (server/common/views.ts `addLayoutData`): one indexed
 * count per page, none for an htmx fragment, which has no header.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { unreadCount } from './service';

export default fp(
  async (app: FastifyInstance) => {
    app.addLayoutData(async (request) =>
      request.person ? { unreadNotifications: await unreadCount(app.db, request.person.id) } : {},
    );
  },
  { name: 'notifications-unread-count', dependencies: ['views', 'db'] },
);
