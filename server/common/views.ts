/**
 * Server-rendered pages with nunjucks (autoescaped). A page template includes the same partial that an
 * htmx request gets alone: `render` answers the fragment when `HX-Request` is set, the page otherwise.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyView from '@fastify/view';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import nunjucks from 'nunjucks';
import { unreadCount } from '../notifications/service';
import { departementLabel, formatHours, kindLabel } from './labels';
import { frenchDate } from './paris-time';

export const VIEWS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../views');

export interface RenderOptions {
  /** Full page template. */
  page: string;
  /** Partial answered alone to htmx requests; omit when the page has none. */
  fragment?: string;
  status?: number;
}

declare module 'fastify' {
  interface FastifyReply {
    render(options: RenderOptions, data?: Record<string, unknown>): FastifyReply;
  }
}

export function isHtmx(request: FastifyRequest): boolean {
  return request.headers['hx-request'] === 'true' && request.headers['hx-boosted'] !== 'true';
}

export default fp(
  async (app: FastifyInstance) => {
    await app.register(fastifyView, {
      engine: { nunjucks },
      root: VIEWS_DIR,
      viewExt: 'njk',
      options: {
        autoescape: true,
        throwOnUndefined: false,
        onConfigure: (env: nunjucks.Environment) => {
          env.addFilter('date', (value: Date | string | null | undefined) => frenchDate(value));
          env.addFilter('hours', formatHours);
          env.addFilter('kindLabel', kindLabel);
          env.addFilter('departementLabel', departementLabel);
          env.addGlobal('siteName', 'Mosaïque');
        },
      },
    });

    app.decorateReply('render', function (this: FastifyReply, options: RenderOptions, data = {}) {
      const request = this.request;
      const template = options.fragment && isHtmx(request) ? options.fragment : options.page;
      this.header('Vary', 'HX-Request');
      this.code(options.status ?? 200);
      this.type('text/html; charset=utf-8');
      // Everything a layout needs; handlers pass only their own data.
      const person = request.person;
      const context = {
        person,
        currentPath: request.url.split('?')[0],
        csrfToken: this.generateCsrf(),
        flash: this.takeFlash(),
        ...data,
      };
      // The header's unread count: one indexed count per page of a signed-in person (an htmx fragment
      // has no header: none). A failing count (the database being the error this page reports) must not
      // hide the page itself.
      if (!person || template !== options.page)
        return this.view(template, context) as unknown as FastifyReply;
      return unreadCount(this.server.db, person.id)
        .catch(() => 0)
        .then((unreadNotifications) =>
          this.view(template, { unreadNotifications, ...context }),
        ) as unknown as FastifyReply;
    });
  },
  { name: 'views', dependencies: ['security'] },
);
