/**
 * The embedded Meilisearch, kept alive: when its process exits without being asked to (a crash, the
 * kernel's OOM killer, a stray kill), the supervisor logs it and starts it again on the same port, data
 * and key, after 0.5 s, then 1, 2, 4… up to 30 s between failed attempts. A restarted process that dies
 * again within a minute counts as a failed attempt, so a crash loop slows down too; one that lived longer
 * starts the count again. Meanwhile `state()` is "restarting": /healthz says so and
 * search answers from PostgreSQL; once the new process answers, `onRestarted` listeners run (the search
 * service leaves the fallback at once) and the indexer drains what the outbox kept meanwhile.
 *
 * One supervisor per embedded process, in the process that started it: with MEILI_URL, Meilisearch is
 * someone else's to run and nothing here applies.
 */
import { type EmbeddedMeili, startEmbeddedMeili } from './meili-process';

export type SupervisedState = 'running' | 'restarting' | 'stopped';

export interface SupervisedMeili {
  /** `http://127.0.0.1:PORT`: the same across restarts. */
  url: string;
  masterKey: string;
  state(): SupervisedState;
  /** The current process's id; undefined while restarting or stopped. */
  pid(): number | undefined;
  /** Called each time a restarted process answers its health check. */
  onRestarted(listener: () => void): void;
  /** Stops restarting, then stops the process (SIGTERM, then SIGKILL after 5 s). */
  stop(): Promise<void>;
}

export interface SuperviseOptions {
  dataDir: string;
  /** Lifecycle notes (exit, restart attempts, restarted). */
  log?: (message: string) => void;
  /** Every line Meilisearch prints. */
  output?: (line: string) => void;
  /** First delay before a restart, doubled at each failed attempt. Default 500 ms. */
  backoffBaseMs?: number;
  /** Longest delay between attempts. Default 30 s. */
  backoffCapMs?: number;
}

/** A restarted process that ran this long before dying was not crash-looping: the count starts again. */
const STABLE_AFTER_MS = 60_000;

/** The delay before restart attempt `attempt` (0 for the first). */
export function restartDelay(attempt: number, baseMs = 500, capMs = 30_000): number {
  return Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
}

export async function superviseEmbeddedMeili(options: SuperviseOptions): Promise<SupervisedMeili> {
  const log = options.log ?? (() => {});
  const base = options.backoffBaseMs ?? 500;
  const cap = options.backoffCapMs ?? 30_000;
  let current: EmbeddedMeili | undefined = await startEmbeddedMeili({
    dataDir: options.dataDir,
    log: options.output,
  });
  const port = Number(new URL(current.url).port);
  const { url, masterKey } = current;
  let state: SupervisedState = 'running';
  let stopping = false;
  let wake: (() => void) | undefined;
  const listeners: (() => void)[] = [];
  /** Restarted processes in a row that died within STABLE_AFTER_MS: the next restart's first attempt. */
  let quickDeaths = 0;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref();
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function restart() {
    let attempt = quickDeaths;
    const down = Date.now();
    while (!stopping) {
      const delay = restartDelay(attempt, base, cap);
      log(`meilisearch: restart attempt ${attempt + 1} in ${delay} ms`);
      await sleep(delay);
      if (stopping) return;
      try {
        current = await startEmbeddedMeili({ dataDir: options.dataDir, port, log: options.output });
      } catch (err) {
        log(`meilisearch: restart failed: ${(err as Error).message.split('\n')[0]}`);
        attempt++;
        continue;
      }
      if (stopping) {
        await current.stop();
        return;
      }
      state = 'running';
      log(`meilisearch: restarted (pid ${current.pid}) ${Date.now() - down} ms after it exited`);
      watch(current, true);
      for (const listener of listeners) listener();
      return;
    }
  }

  function watch(instance: EmbeddedMeili, restarted: boolean) {
    const startedAt = Date.now();
    instance.exited.then((how) => {
      if (stopping || instance !== current) return;
      current = undefined;
      state = 'restarting';
      quickDeaths = restarted && Date.now() - startedAt < STABLE_AFTER_MS ? quickDeaths + 1 : 0;
      log(`meilisearch (pid ${instance.pid}) exited unexpectedly (${how}); restarting it`);
      void restart();
    });
  }
  watch(current, false);

  return {
    url,
    masterKey,
    state: () => state,
    pid: () => current?.pid,
    onRestarted(listener) {
      listeners.push(listener);
    },
    async stop() {
      stopping = true;
      state = 'stopped';
      wake?.();
      const last = current;
      current = undefined;
      await last?.stop();
    },
  };
}
