/**
 * Server-rendered pages with nunjucks (autoescaped). A page template includes the same partial that an
 * htmx request gets alone: `render` answers the fragment when `HX-Request` is set, the page otherwise.
 * What the layout shows beside a handler's data comes from here (the person, the path, the CSRF token,
 * the flash) or from a capability that adds it with `app.addLayoutData` (the notifications' unread count):
 * this module queries nothing itself.
 */
import fastifyView from '@fastify/view';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import nunjucks from 'nunjucks';
import { projectPath } from '../../db/project-root';
import { elide, frenchNumber, plural, startsWithVowelSound } from './french';
import { departementLabel, formatHours, kindLabel } from './labels';
import { frenchDate } from './paris-time';

export const VIEWS_DIR = projectPath('views');

export interface RenderOptions {
  /** Full page template. */
  page: string;
  /** Partial answered alone to htmx requests; omit when the page has none. */
  fragment?: string;
  status?: number;
}

/**
 * More data for the layout of a full page (never for an htmx fragment, which has no layout): called once
 * per page rendered, after the handler. A provider that fails gives nothing rather than hiding the page
 * (the database it reads may be the very error the page reports).
 */
export type LayoutDataProvider = (request: FastifyRequest) => Promise<Record<string, unknown>>;

declare module 'fastify' {
  interface FastifyReply {
    render(options: RenderOptions, data?: Record<string, unknown>): FastifyReply;
  }
  interface FastifyInstance {
    addLayoutData(provider: LayoutDataProvider): void;
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
          // French typography (french.ts): {{ elide('de', org.name) }}, {{ n | plural('structure') }}, {{ km | number }}.
          env.addGlobal('elide', elide);
          env.addGlobal('startsWithVowelSound', startsWithVowelSound);
          env.addFilter('plural', plural);
          env.addFilter('number', frenchNumber);
          env.addGlobal('siteName', 'Mosaïque');
        },
      },
    });

    const providers: LayoutDataProvider[] = [];
    app.decorate('addLayoutData', (provider: LayoutDataProvider) => {
      providers.push(provider);
    });
    const layoutData = async (request: FastifyRequest) => {
      const parts = await Promise.all(providers.map((provide) => provide(request).catch(() => ({}))));
      return Object.assign({}, ...parts) as Record<string, unknown>;
    };

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
      if (template !== options.page || !providers.length)
        return this.view(template, context) as unknown as FastifyReply;
      return layoutData(request).then((layout) =>
        this.view(template, { ...layout, ...context }),
      ) as unknown as FastifyReply;
    });
  },
  { name: 'views', dependencies: ['security'] },
);
