/** autocannon runs against a URL list (cycled per connection), reduced to the figures the report needs. */
import { createRequire } from 'node:module';

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  throughput: { total: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
// autocannon ships no types; this is the part of its API used here.
const autocannon = createRequire(import.meta.url)('autocannon') as (
  options: Record<string, unknown>,
) => Promise<AutocannonResult>;

export interface LoadFigures {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  bytesPerRequest: number;
  errors: number;
  non2xx: number;
}

export interface LoadRequest {
  method?: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export async function load(
  base: string,
  requests: LoadRequest[],
  options: { seconds: number; connections: number },
): Promise<LoadFigures> {
  const result = await autocannon({
    url: base,
    connections: options.connections,
    duration: options.seconds,
    requests: requests.map((r) => ({
      method: r.method ?? 'GET',
      path: r.path,
      headers: r.headers,
      body: r.body,
    })),
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    bytesPerRequest: result.requests.total ? result.throughput.total / result.requests.total : 0,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}
