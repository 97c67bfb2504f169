/**
 * The background jobs' runner (server/jobs.ts) tells the server when a heavy run ended (a matching run
 * that did something), so that its garbage is collected once the server is quiet (db/idle-gc.ts); runs
 * that found nothing to do, and light jobs, do not.
 */
import type { FastifyInstance } from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import { startBackgroundJobs } from '../../server/jobs';

const app = { log: { warn() {} } } as unknown as FastifyInstance;

describe('background jobs', () => {
  it('reports the runs that did heavy work, and only those', async () => {
    const results = ['nothing', 'ran', 'nothing'];
    let runs = 0;
    const afterHeavyRun = vi.fn();
    const stop = startBackgroundJobs(
      app,
      [
        {
          name: 'heavy-now-and-then',
          everyMs: 20,
          run: async () => results[runs++] ?? 'nothing',
          heavy: (r) => r === 'ran',
        },
        { name: 'light', everyMs: 20, run: async () => 'ran' },
      ],
      { afterHeavyRun },
    );
    await vi.waitFor(() => expect(runs).toBeGreaterThanOrEqual(3), { timeout: 2_000 });
    await stop();
    expect(afterHeavyRun).toHaveBeenCalledTimes(1);
  });
});
