/**
 * The site's absolute base URL for what crawlers and feed readers keep (sitemap, feed, canonical links):
 * PUBLIC_URL when it is set; without it, the address the request came to (its protocol and host, which
 * Fastify reads from X-Forwarded-Proto / X-Forwarded-Host only under TRUST_PROXY), rather than the
 * `http://HOST:PORT` default that only the machine itself can reach.
 */
import type { FastifyRequest } from 'fastify';
import type { AppConfig } from '../config';

export function siteUrl(
  config: Pick<AppConfig, 'publicUrl' | 'publicUrlIsDefault'>,
  request: Pick<FastifyRequest, 'protocol' | 'host'>,
): string {
  if (!config.publicUrlIsDefault || !request.host) return config.publicUrl.replace(/\/+$/, '');
  return `${request.protocol}://${request.host}`;
}
