/**
 * Background tasks of the import pages, in the database (`import_tasks`) so that every instance sees
 * them: reading a large file and writing its needs take seconds, so the page answers at once with a
 * progress page while the work runs on the instance that started it, and the progress page polled on
 * any instance reads the phase and counts from the row. One task per upload at a time: a second click
 * on "Importer" while the import runs shows its progress instead of starting another.
 *
 * The working instance holds a lease on the row and renews it every `heartbeatMs` with the progress;
 * the end is written only while the lease is still its own (an import writes it in its commit's
 * transaction: see import-work.ts). A running task whose lease ran out was interrupted (a crash, a
 * deploy): `claim` then takes it over. A finished task keeps its result until the page that shows it
 * takes it, or a day (uploads.ts sweeps).
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { importTasks } from '../../db/schema';

export type TaskPhase = (typeof importTasks.$inferSelect)['phase'];

/** What the page shows when the task is over (the preview itself is the upload's stored analysis). */
export type TaskResult =
  /**
   * The preview, with a notice, or a refusal (formError, with its status); `imported`: the import is
   * done, the upload's page says what was saved (import-routes.ts `renderImported`).
   */
  | { type: 'preview'; notice?: string; formError?: string; status?: number; imported?: true }
  /** The file cannot be read: the upload form with this message (422); the file was not kept. */
  | { type: 'unreadable'; message: string }
  /** A defect or a database failure: the error page. */
  | { type: 'failed'; message: string };

export interface ImportTask {
  uploadId: string;
  ownerId: number;
  filename: string;
  kind: 'preview' | 'import';
  state: 'running' | 'done';
  phase: TaskPhase;
  done: number;
  total: number;
  result: TaskResult | null;
  /** Running, but its instance stopped renewing the lease: the work was cut short. */
  interrupted: boolean;
}

/** What a task's work gets: progress, and ending the task inside the work's own transaction. */
export interface TaskContext {
  report(phase: TaskPhase, done: number, total: number): void;
  /** Writes the end in `tx`; throws LeaseLost (rolling `tx` back) when the task is no longer ours. */
  completeIn(tx: DbOrTx, result: TaskResult): Promise<void>;
}

export class LeaseLost extends Error {
  constructor(uploadId: string) {
    super(`import task ${uploadId}: lease lost to another instance, result dropped`);
  }
}

type Work = (context: TaskContext) => Promise<TaskResult>;

const columns = {
  uploadId: importTasks.uploadId,
  ownerId: importTasks.ownerId,
  filename: importTasks.filename,
  kind: importTasks.kind,
  state: importTasks.state,
  phase: importTasks.phase,
  done: importTasks.done,
  total: importTasks.total,
  result: importTasks.result,
  interrupted: sql<boolean>`(${importTasks.state} = 'running' and ${importTasks.leaseUntil} < now())`,
};

const toTask = (row: Omit<ImportTask, 'result'> & { result: unknown }): ImportTask => ({
  ...row,
  // postgres.js and PGlite may answer the boolean as such or as 't'/'f'.
  interrupted: row.interrupted === true || (row.interrupted as unknown) === 't',
  result: (row.result as TaskResult | null) ?? null,
});

export class ImportTasks {
  /** Names this app instance in the leases it holds. */
  readonly instance = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly local = new Map<string, Promise<void>>();
  private readonly leaseMs: number;
  private readonly heartbeatMs: number;

  constructor(
    private readonly db: DbOrTx,
    private readonly log: (error: unknown, message: string) => void,
    options: { leaseMs?: number; heartbeatMs?: number } = {},
  ) {
    this.leaseMs = options.leaseMs ?? 20_000;
    this.heartbeatMs = options.heartbeatMs ?? 1_000;
  }

  private leaseEnd() {
    return sql`now() + ${`${this.leaseMs} milliseconds`}::interval`;
  }

  /** The person's task for this upload, running or finished; null for anyone else. */
  async get(uploadId: string, ownerId: number): Promise<ImportTask | null> {
    const [row] = await this.db
      .select(columns)
      .from(importTasks)
      .where(and(eq(importTasks.uploadId, uploadId), eq(importTasks.ownerId, ownerId)));
    return row ? toTask(row) : null;
  }

  /** Removes and returns a finished task's result, so that the next visit starts afresh. */
  async take(task: ImportTask): Promise<TaskResult | null> {
    if (task.state !== 'done') return null;
    const [row] = await this.db
      .delete(importTasks)
      .where(and(eq(importTasks.uploadId, task.uploadId), eq(importTasks.state, 'done')))
      .returning({ result: importTasks.result });
    return (row?.result as TaskResult | undefined) ?? task.result;
  }

  /**
   * Ends an interrupted task with `result`, unless another instance did (or took it over) meanwhile;
   * answers the task as it now is.
   */
  async endInterrupted(task: ImportTask, result: TaskResult): Promise<ImportTask | null> {
    await this.db
      .update(importTasks)
      .set({ state: 'done', result, leaseOwner: null, leaseUntil: null, updatedAt: new Date() })
      .where(
        and(
          eq(importTasks.uploadId, task.uploadId),
          eq(importTasks.state, 'running'),
          sql`${importTasks.leaseUntil} < now()`,
        ),
      );
    return this.get(task.uploadId, task.ownerId);
  }

  /**
   * Starts `work` for the upload here, unless a task of it is running with a live lease: then that
   * task is answered, and `finished` is null. `finished` settles when the work is over (never rejects).
   */
  async start(
    meta: Pick<ImportTask, 'uploadId' | 'ownerId' | 'filename' | 'kind'>,
    work: Work,
    attempt = 1,
  ): Promise<{ task: ImportTask; finished: Promise<void> | null }> {
    const fresh = {
      ...meta,
      state: 'running' as const,
      phase: 'reading' as const,
      done: 0,
      total: 0,
      result: null,
      leaseOwner: this.instance,
      leaseUntil: this.leaseEnd(),
      updatedAt: new Date(),
    };
    const [claimed] = await this.db
      .insert(importTasks)
      .values(fresh)
      .onConflictDoUpdate({
        target: importTasks.uploadId,
        set: fresh,
        setWhere: sql`${importTasks.state} = 'done' or ${importTasks.leaseUntil} < now()`,
      })
      .returning(columns);
    if (!claimed) {
      const running = await this.get(meta.uploadId, meta.ownerId);
      if (running) return { task: running, finished: null };
      // Taken and ended between the two statements: try again, a few times (not someone else's row).
      if (attempt < 3) return this.start(meta, work, attempt + 1);
      throw new Error(`import task ${meta.uploadId}: cannot be claimed`);
    }
    const finished = this.run(toTask(claimed), work);
    this.local.set(meta.uploadId, finished);
    void finished.then(() => {
      if (this.local.get(meta.uploadId) === finished) this.local.delete(meta.uploadId);
    });
    return { task: toTask(claimed), finished };
  }

  private async run(task: ImportTask, work: Work): Promise<void> {
    const progress = { phase: task.phase, done: 0, total: 0 };
    let completed = false;
    let beat: Promise<unknown> = Promise.resolve();
    const ours = () =>
      and(eq(importTasks.uploadId, task.uploadId), eq(importTasks.leaseOwner, this.instance));
    const heartbeat = setInterval(() => {
      beat = this.db
        .update(importTasks)
        .set({ ...progress, leaseUntil: this.leaseEnd(), updatedAt: new Date() })
        .where(and(ours(), eq(importTasks.state, 'running')))
        .catch((error) => this.log(error, 'import task heartbeat failed'));
    }, this.heartbeatMs);
    const complete = async (db: DbOrTx, result: TaskResult) => {
      const [row] = await db
        .update(importTasks)
        .set({ state: 'done', result, leaseOwner: null, leaseUntil: null, updatedAt: new Date() })
        .where(and(ours(), eq(importTasks.state, 'running')))
        .returning({ uploadId: importTasks.uploadId });
      if (!row) throw new LeaseLost(task.uploadId);
      completed = true;
    };
    const context: TaskContext = {
      report: (phase, done, total) => Object.assign(progress, { phase, done, total }),
      completeIn: complete,
    };
    // Let the request that started the task answer first when it does not wait for it.
    await new Promise((resolve) => setImmediate(resolve));
    let result: TaskResult;
    try {
      result = await work(context);
    } catch (error) {
      // An end written inside the work's transaction was rolled back with it.
      completed = false;
      if (error instanceof LeaseLost) this.log(error, 'import task taken over');
      else this.log(error, 'import task failed');
      result = { type: 'failed', message: error instanceof Error ? error.message : String(error) };
    }
    clearInterval(heartbeat);
    await beat;
    if (completed) return;
    await complete(this.db, result).catch((error) => this.log(error, 'import task end not written'));
  }

  /** Every task running in this instance, for a graceful shutdown to wait on. */
  running(): Promise<void>[] {
    return [...this.local.values()];
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
