/**
 * Cookies (every one we set is Secure when the request came over https, per X-Forwarded-Proto behind a
 * trusted proxy: `secure: 'auto'`), a strict Content-Security-Policy (no inline script or style anywhere), CSRF tokens checked on
 * every state-changing request, and one-shot flash messages carried in a signed cookie.
 */
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { HttpError } from './errors';

export const CSRF_COOKIE = 'mosaique_csrf';
const FLASH_COOKIE = 'mosaique_flash';

declare module 'fastify' {
  interface FastifyReply {
    flash(message: string): FastifyReply;
    takeFlash(): string | null;
  }
}

export class CsrfError extends HttpError {
  constructor() {
    super(403, 'Ce formulaire a expiré ou ne vient pas de Mosaïque. Rechargez la page et recommencez.');
  }
}

/**
 * Signs cookies with the secret `secret()` gives when it is asked, not when the app is built: serve.ts
 * builds the app while the database, which keeps the secret, opens, and sets it before listening.
 */
function lateSigner(secret: () => string) {
  let current: { secret: string; signer: ReturnType<typeof fastifyCookie.signerFactory> } | null = null;
  const signer = () => {
    const now = secret();
    if (!now) throw new Error('cookies signed before the session secret is known');
    if (current?.secret !== now) current = { secret: now, signer: fastifyCookie.signerFactory(now) };
    return current.signer;
  };
  return { sign: (value: string) => signer().sign(value), unsign: (input: string) => signer().unsign(input) };
}

export default fp(
  async (app: FastifyInstance, opts: { secret: () => string }) => {
    await app.register(fastifyCookie, { secret: lateSigner(opts.secret) });
    await app.register(fastifyHelmet, {
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          upgradeInsecureRequests: null,
        },
      },
      // Pages are plain http on localhost in development; HSTS belongs to the reverse proxy.
      strictTransportSecurity: false,
    });
    await app.register(fastifyCsrf, {
      cookieKey: CSRF_COOKIE,
      cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', signed: true, secure: 'auto' },
    });

    const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
    app.addHook('preHandler', (request, reply, done) => {
      if (!unsafe.has(request.method)) return done();
      app.csrfProtection(request, reply, (err?: Error) => done(err ? new CsrfError() : undefined));
    });

    app.decorateReply('flash', function (this: FastifyReply, message: string) {
      this.setCookie(FLASH_COOKIE, message, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        signed: true,
        secure: 'auto',
        maxAge: 60,
      });
      return this;
    });
    app.decorateReply('takeFlash', function (this: FastifyReply) {
      const raw = this.request.cookies[FLASH_COOKIE];
      if (!raw) return null;
      this.clearCookie(FLASH_COOKIE, { path: '/' });
      const unsigned = this.request.unsignCookie(raw);
      return unsigned.valid ? unsigned.value : null;
    });
  },
  { name: 'security' },
);
