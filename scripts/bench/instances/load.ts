/**
 * autocannon against one instance or several at once: the connections are shared out between the
 * instances (one autocannon run per instance, all at the same time), and the latencies of every run are
 * merged into one histogram, so a p99 "across two instances" is the p99 of all the requests.
 */
import { createRequire } from 'node:module';

interface RawResult {
  duration: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}
interface Aggregated {
  latency: { p50: number; p99: number };
}
// autocannon ships no types; this is the part of its API used here.
const autocannon = createRequire(import.meta.url)('autocannon') as ((
  options: Record<string, unknown>,
) => Promise<RawResult>) & {
  aggregateResult(results: RawResult[], opts: Record<string, unknown>): Aggregated;
};

export interface Request {
  method?: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Called before each request, e.g. to give it an address of its own. */
  setupRequest?: (request: Record<string, unknown>) => Record<string, unknown>;
}

export interface Figures {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  /** Answers with the expected status. */
  expected: number;
  /** Connection errors, time-outs and answers with another status. */
  failures: number;
}

export async function loadAcross(
  bases: string[],
  requests: Request[],
  options: { seconds: number; connections: number; expectedStatus: number },
): Promise<Figures> {
  const per = Math.max(1, Math.floor(options.connections / bases.length));
  const results = await Promise.all(
    bases.map((url) =>
      autocannon({
        url,
        connections: per,
        duration: options.seconds,
        skipAggregateResult: true,
        requests: requests.map((r) => ({ method: r.method ?? 'GET', ...r })),
      }),
    ),
  );
  const merged = autocannon.aggregateResult(results, { url: bases[0], connections: per * bases.length });
  // Every answer, counted by status (totalCompletedRequests leaves out those after the last 1 s sample).
  const requestsDone = results.reduce(
    (sum, r) => sum + Object.values(r.statusCodeStats).reduce((s, c) => s + c.count, 0),
    0,
  );
  const expected = results.reduce(
    (sum, r) => sum + (r.statusCodeStats[options.expectedStatus]?.count ?? 0),
    0,
  );
  const seconds = Math.max(...results.map((r) => r.duration));
  return {
    rps: requestsDone / seconds,
    p50: merged.latency.p50,
    p99: merged.latency.p99,
    requests: requestsDone,
    expected,
    failures: results.reduce((sum, r) => sum + r.errors + r.timeouts, 0) + (requestsDone - expected),
  };
}
