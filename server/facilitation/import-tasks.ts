/**
 * Background tasks of the import pages: reading a large file and writing its needs take seconds, so the
 * page answers at once with a progress page while the work runs in this server process. The registry
 * is in memory, keyed by upload id, one task per upload at a time (a second click on "Importer" while
 * the import runs shows its progress instead of starting another). A finished task keeps its result
 * until the page that shows it takes it, or for an hour. A restart loses running tasks: the upload
 * itself is on disk, so the person reloads the preview; an unfinished import wrote nothing (one
 * transaction).
 */
import type { Preview } from './import-preview';

export type TaskPhase = 'reading' | 'analysing' | 'checking' | 'writing';

/** What the page shows when the task is over. */
export type TaskResult =
  /** The preview, with a notice after an import, or a refusal (formError, 422). */
  | {
      type: 'preview';
      preview: Extract<Preview, { ok: true }>;
      notice?: string;
      formError?: string;
      status?: number;
    }
  /** The file cannot be read: the upload form with this message (422), nothing kept. */
  | { type: 'unreadable'; message: string; cause?: unknown }
  /** A defect or a database failure: the error page. */
  | { type: 'failed'; error: unknown };

export interface ImportTask {
  uploadId: string;
  ownerId: number;
  filename: string;
  kind: 'preview' | 'import';
  phase: TaskPhase;
  done: number;
  total: number;
  result: TaskResult | null;
  /** Settles when the work is over (never rejects: failures are a `failed` result). */
  finished: Promise<void>;
}

const KEEP_FINISHED_MS = 3_600_000;

export class ImportTasks {
  private readonly tasks = new Map<string, ImportTask>();

  /** The person's task for this upload, running or finished; null for anyone else. */
  get(uploadId: string, ownerId: number): ImportTask | null {
    const task = this.tasks.get(uploadId);
    return task && task.ownerId === ownerId ? task : null;
  }

  /** Removes and returns a finished task's result, so that the next visit starts afresh. */
  take(task: ImportTask): TaskResult | null {
    if (!task.result) return null;
    this.tasks.delete(task.uploadId);
    return task.result;
  }

  /**
   * Starts `work` for the upload; `work` reports progress through `report` and returns the result. A
   * running task of the same upload is returned instead of starting a second one.
   */
  start(
    meta: Pick<ImportTask, 'uploadId' | 'ownerId' | 'filename' | 'kind'>,
    work: (report: (phase: TaskPhase, done: number, total: number) => void) => Promise<TaskResult>,
  ): ImportTask {
    const running = this.tasks.get(meta.uploadId);
    if (running && !running.result) return running;
    const task: ImportTask = {
      ...meta,
      phase: 'reading',
      done: 0,
      total: 0,
      result: null,
      finished: Promise.resolve(),
    };
    this.tasks.set(meta.uploadId, task);
    const report = (phase: TaskPhase, done: number, total: number) => {
      task.phase = phase;
      task.done = done;
      task.total = total;
    };
    task.finished = (async () => {
      // Let the request that started the task answer first when it does not wait for it.
      await new Promise((resolve) => setImmediate(resolve));
      try {
        task.result = await work(report);
      } catch (error) {
        task.result = { type: 'failed', error };
      }
      const timer = setTimeout(() => {
        if (this.tasks.get(task.uploadId) === task) this.tasks.delete(task.uploadId);
      }, KEEP_FINISHED_MS);
      timer.unref();
    })();
    return task;
  }

  /** Every task still running, for a graceful shutdown to wait on. */
  running(): Promise<void>[] {
    return [...this.tasks.values()].filter((task) => !task.result).map((task) => task.finished);
  }
}

/** The French line of the progress page. */
export function progressLabel(task: Pick<ImportTask, 'phase' | 'done' | 'total'>): string {
  switch (task.phase) {
    case 'reading':
      return 'Lecture du fichier…';
    case 'analysing':
      return task.total ? `Lecture… ${task.done} lignes sur ${task.total}` : 'Lecture du fichier…';
    case 'checking':
      return 'Recherche des structures déjà connues…';
    case 'writing':
      return `Import… ${task.done} sur ${task.total}`;
  }
}
