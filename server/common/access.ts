/**
 * Deny by default: every route states who may use it in `config.access`, and a route without one
 * makes the app fail at start. Finer checks (this organization, this need) live in each capability's
 * named permission functions.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Forbidden, HttpError } from './errors';

export type Access = 'public' | 'signedIn' | 'facilitator' | 'admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
}

/** Every route seen by the app, with its access level: the route × role test walks this list. */
export interface RouteInfo {
  method: string;
  url: string;
  access: Access;
}

export class SignInRequired extends HttpError {
  constructor() {
    super(401, 'Connectez-vous pour accéder à cette page.');
  }
}

export function isFacilitator(request: FastifyRequest): boolean {
  return (request.person?.territories.length ?? 0) > 0;
}

export async function enforceAccess(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  const access = request.routeOptions.config.access ?? 'public';
  if (access === 'public') return;
  const person = request.person;
  if (!person) throw new SignInRequired();
  if (access === 'admin' && !person.isAdmin) throw new Forbidden('Réservé aux administrateurs.');
  if (access === 'facilitator' && !isFacilitator(request) && !person.isAdmin) {
    throw new Forbidden('Réservé aux animateurs de réseau.');
  }
}

export default fp(
  async (app: FastifyInstance) => {
    const routes: RouteInfo[] = [];
    app.decorate('routeTable', routes);
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      if (methods.every((m) => m === 'HEAD')) return;
      const access = route.config?.access;
      const isStatic = route.url.startsWith('/static/');
      if (!access && !isStatic) throw new Error(`route ${methods.join(',')} ${route.url} declares no access`);
      // Typed, checked path parameters (common/route-schemas.ts): `/besoins/abc` is then a 404 by itself.
      if (route.url.includes(':') && !route.schema?.params)
        throw new Error(`route ${methods.join(',')} ${route.url} declares no params schema`);
      for (const method of methods) {
        if (method !== 'HEAD') routes.push({ method, url: route.url, access: access ?? 'public' });
      }
    });
  },
  { name: 'access' },
);

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteInfo[];
  }
}

/** The signed-in person of a route whose access is not 'public'; enforceAccess guarantees one. */
export function signedInPerson(request: FastifyRequest) {
  if (!request.person) throw new SignInRequired();
  return request.person;
}
