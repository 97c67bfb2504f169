/**
 * The search page's query to Meilisearch over node:http (or node:https, following MEILI_URL's scheme)
 * with a keep-alive agent, instead of the client library's fetch. Under load fetch cost about a
 * millisecond of the web process's CPU per query, and it asks for gzip, so that Meilisearch compressed
 * every answer and we decompressed it again on the same two cores: this sends no Accept-Encoding, and
 * Meilisearch answers uncompressed. Over https the certificate is verified against Node's CAs, plus
 * those of NODE_EXTRA_CA_CERTS (README: a private CA).
 * The embedded server's health check during its start uses it too (meili-launch.ts: fetch's first call
 * loads undici, ~30 ms of the web thread's CPU during every start). The other calls (indexing,
 * settings, an outside server's health) keep the client library.
 */
import http from 'node:http';
import https from 'node:https';

export type MeiliFailure = 'timeout' | 'unreachable' | 'api';

/** A failed query: `unreachable` (refused or broken connection), `timeout`, or `api` (Meilisearch said no). */
export class MeiliQueryError extends Error {
  constructor(
    readonly failure: MeiliFailure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'MeiliQueryError';
  }
}

export interface MeiliHttp {
  post<T>(path: string, body: unknown): Promise<T>;
  get<T>(path: string): Promise<T>;
}

export function createMeiliHttp(options: { url: string; apiKey?: string; timeoutMs: number }): MeiliHttp {
  const base = new URL(options.url);
  const secure = base.protocol === 'https:';
  if (!secure && base.protocol !== 'http:')
    throw new Error(`MEILI_URL must be http or https: ${base.protocol}`);
  const transport = secure ? https : http;
  const agent = new transport.Agent({ keepAlive: true, maxSockets: 64 });
  const authorization = options.apiKey ? `Bearer ${options.apiKey}` : undefined;
  /** One request; its answer parsed as JSON. `body`: sent as JSON (a POST). */
  const send = <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise<T>((resolve, reject) => {
      const request = transport.request(
        {
          agent,
          // hostname, not host: an IPv6 literal comes bracketed in URL.host.
          hostname: base.hostname.replace(/^\[(.*)\]$/, '$1'),
          port: base.port || (secure ? 443 : 80),
          path: `${base.pathname.replace(/\/$/, '')}${path}`,
          method,
          headers: {
            ...(payload === undefined
              ? {}
              : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
            ...(authorization ? { authorization } : {}),
          },
        },
        (response) => {
          response.on('close', () => clearTimeout(deadline));
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (err) => reject(new MeiliQueryError('unreachable', err.message)));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = response.statusCode ?? 0;
            if (status < 200 || status >= 300) {
              reject(
                new MeiliQueryError('api', `Meilisearch answered ${status}: ${text.slice(0, 200)}`, status),
              );
              return;
            }
            try {
              resolve(JSON.parse(text) as T);
            } catch {
              reject(new MeiliQueryError('api', 'Meilisearch answered something that is not JSON', status));
            }
          });
        },
      );
      // No complete answer within the limit: give up on this request (its socket is destroyed).
      const deadline = setTimeout(
        () => request.destroy(new MeiliQueryError('timeout', `no answer within ${options.timeoutMs} ms`)),
        options.timeoutMs,
      );
      request.on('error', (err) => {
        clearTimeout(deadline);
        reject(err instanceof MeiliQueryError ? err : new MeiliQueryError('unreachable', err.message));
      });
      request.end(payload);
    });
  };
  return {
    post: (path, body) => send('POST', path, body),
    get: (path) => send('GET', path),
  };
}
