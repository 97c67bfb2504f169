/**
 * Checks a Meilisearch server given by MEILI_URL (http or https): waits up to `timeoutMs` for
 * `GET /health` to say "available", then checks that the key opens the indexes API. Rejects with one
 * clear line; at once for a certificate Node does not trust (waiting would not change it).
 */
export async function waitForMeili(url: string, key: string | undefined, timeoutMs: number): Promise<void> {
  let base: URL;
  try {
    base = new URL(url);
  } catch {
    throw new Error(`MEILI_URL is not a valid URL: ${url}`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new Error(`MEILI_URL must be http or https: ${redactUrl(base)}`);
  }
  const shown = redactUrl(base);
  const endpoint = (route: string) => `${base.toString().replace(/\/+$/, '')}${route}`;
  const deadline = Date.now() + timeoutMs;
  let problem = 'no answer';
  for (;;) {
    const remaining = deadline - Date.now();
    try {
      const res = await fetch(endpoint('/health'), {
        signal: AbortSignal.timeout(Math.max(100, Math.min(2_000, remaining))),
      });
      const body = (await res.json().catch(() => null)) as { status?: unknown } | null;
      if (res.ok && body?.status === 'available') break;
      problem = `GET /health answered ${res.status}${body?.status ? ` "${String(body.status)}"` : ''}`;
    } catch (err) {
      problem = describeFetchError(err);
      if (certificateProblem(err)) throw new Error(`Meilisearch at ${shown} is unreachable (${problem})`);
    }
    if (Date.now() + 100 >= deadline) {
      throw new Error(`Meilisearch at ${shown} is unreachable (${problem}) after ${timeoutMs} ms`);
    }
    await sleep(100);
  }

  let res: Response;
  try {
    res = await fetch(endpoint('/indexes?limit=1'), {
      headers: key ? { Authorization: `Bearer ${key}` } : {},
      signal: AbortSignal.timeout(Math.max(1_000, deadline - Date.now())),
    });
  } catch (err) {
    throw new Error(`Meilisearch at ${shown} stopped answering (${describeFetchError(err)})`);
  }
  if (res.ok) return;
  const body = (await res.json().catch(() => null)) as { code?: unknown } | null;
  const code = typeof body?.code === 'string' ? body.code : `HTTP ${res.status}`;
  if (res.status === 401 || res.status === 403) {
    throw new Error(
      key
        ? `Meilisearch at ${shown} rejected MEILI_MASTER_KEY (${code})`
        : `Meilisearch at ${shown} requires a key: set MEILI_MASTER_KEY (${code})`,
    );
  }
  throw new Error(`Meilisearch at ${shown} answered GET /indexes with ${code}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function redactUrl(url: URL): string {
  const copy = new URL(url.toString());
  if (copy.password) copy.password = '***';
  return copy.toString().replace(/\/+$/, '');
}

/** The TLS error code of a failed fetch whose certificate Node does not trust, or null. */
function certificateProblem(err: unknown): string | null {
  const code = (err as { cause?: { code?: string } }).cause?.code ?? '';
  return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code) ? code : null;
}

function describeFetchError(err: unknown): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return 'no answer in time';
  }
  const certificate = certificateProblem(err);
  if (certificate) {
    return `TLS certificate not trusted: ${certificate}; a private CA goes in NODE_EXTRA_CA_CERTS`;
  }
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused';
  if (cause?.code === 'ENOTFOUND') return 'unknown host';
  return cause?.code ?? cause?.message ?? (err as Error).message ?? String(err);
}
