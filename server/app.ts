/**
 * buildApp(config, services) assembles the Fastify instance: outside plugins, then our services,
 * then routes by capability. It opens no port and starts no process: main.ts and tests do that.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import fastifyFormbody from '@fastify/formbody';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Db } from '../db/client';
import { projectPath } from '../db/project-root';
import { ReadCache } from '../db/read-cache';
import accountRoutes from './accounts/routes';
import sessionPlugin from './accounts/session';
import adminRoutes from './admin/routes';
import alertRoutes from './alerts/routes';
import accessPlugin, { enforceAccess } from './common/access';
import errorPages from './common/error-pages';
import { databaseRateLimitStore } from './common/rate-limit';
import securityPlugin from './common/security';
import viewsPlugin from './common/views';
import matcherPlugin from './compositions/matcher-plugin';
import compositionRoutes from './compositions/routes';
import type { AppConfig } from './config';
import directoryRoutes from './directory/routes';
import discoveryRoutes from './discovery/routes';
import eventRoutes from './events/routes';
import facilitationRoutes from './facilitation/routes';
import healthRoutes from './health/routes';
import homeRoutes from './home/routes';
import indicatorRoutes from './indicators/routes';
import mailPlugin from './mail/service';
import matchmakingRoutes from './matchmaking/routes';
import meetingRoutes from './meetings/routes';
import messageRoutes from './messages/routes';
import needRoutes from './needs/routes';
import notificationRoutes from './notifications/routes';
import unreadCountPlugin from './notifications/unread-count';
import offerRoutes from './offers/routes';
import organizationRoutes from './organizations/routes';
import postRoutes from './posts/routes';
import roleRoutes from './roles/routes';
import searchRoutes from './search/routes';
import searchPlugin, { type SearchService } from './search/service';
import { SEARCH_SOURCES } from './search-sources';

export interface AppServices {
  db: Db;
  search: SearchService;
  /** The database handle's read cache (db/read-cache.ts); none means every read goes to the database. */
  readCache?: ReadCache;
}

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    /** Reads kept until a table they read changes (on with PGlite only): see db/read-cache.ts. */
    readCache: ReadCache;
    config: AppConfig;
  }
}

const STATIC_DIR = projectPath('static');
const HTMX_DIR = path.dirname(createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js'));

export async function buildApp(config: AppConfig, services: AppServices): Promise<FastifyInstance> {
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    bodyLimit: 1_048_576,
    // Behind a TLS proxy (TRUST_PROXY): request.ip from X-Forwarded-For, request.protocol from
    // X-Forwarded-Proto, so rate limits count visitors and cookies set with secure: 'auto' are Secure.
    // A hop count becomes the function Fastify makes of one (its typings leave numbers out).
    trustProxy:
      typeof config.trustProxy === 'number'
        ? (
            (hops: number) => (_address: string, hop: number) =>
              hop < hops
          )(config.trustProxy)
        : config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.decorate('config', config);
  // Route schemas are zod (common/route-schemas.ts); a failed check is answered by common/error-pages.ts.
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Outside plugins.
  await app.register(accessPlugin);
  // The secret is read when a cookie is signed: serve.ts sets it once the database is open (the app is
  // built meanwhile), before listening.
  await app.register(securityPlugin, { secret: () => config.sessionSecret });
  await app.register(fastifyFormbody);
  // Counters in the database: every instance sharing it counts the same hits (common/rate-limit.ts).
  await app.register(fastifyRateLimit, { global: false, store: databaseRateLimitStore(services.db) });
  await app.register(viewsPlugin);
  await app.register(fastifyStatic, { root: STATIC_DIR, prefix: '/static/', maxAge: '1h' });
  await app.register(fastifyStatic, {
    root: HTMX_DIR,
    prefix: '/static/vendor/htmx/',
    decorateReply: false,
    maxAge: '1d',
  });

  // Our services.
  await app.register(
    fp(
      async (instance) => {
        instance.decorate('db', services.db);
        instance.decorate('readCache', services.readCache ?? new ReadCache({ enabled: false }));
      },
      { name: 'db' },
    ),
  );
  await app.register(searchPlugin, { search: services.search, sources: SEARCH_SOURCES });
  await app.register(mailPlugin, { smtpUrl: config.smtpUrl, from: config.mailFrom, dataDir: config.dataDir });
  await app.register(sessionPlugin);
  await app.register(unreadCountPlugin);
  await app.register(matcherPlugin);
  app.addHook('preValidation', enforceAccess);
  await app.register(errorPages);

  // Routes, by capability.
  await app.register(healthRoutes);
  await app.register(homeRoutes);
  await app.register(accountRoutes);
  await app.register(organizationRoutes);
  await app.register(directoryRoutes);
  await app.register(adminRoutes);
  await app.register(roleRoutes);
  await app.register(needRoutes);
  await app.register(offerRoutes);
  await app.register(searchRoutes);
  await app.register(alertRoutes);
  await app.register(compositionRoutes);
  await app.register(postRoutes);
  await app.register(discoveryRoutes);
  await app.register(messageRoutes);
  await app.register(notificationRoutes);
  await app.register(facilitationRoutes);
  await app.register(indicatorRoutes);
  await app.register(matchmakingRoutes);
  await app.register(meetingRoutes);
  await app.register(eventRoutes);

  return app;
}
