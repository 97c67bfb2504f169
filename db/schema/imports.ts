import { sql } from 'drizzle-orm';
import { check, customType, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { people } from './accounts';

/**
 * PostgreSQL's bytea as a Node Buffer, whatever the driver: postgres.js gives a Buffer, PGlite a
 * Uint8Array (and either may be given one).
 */
export const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
});

/** The largest upload kept, as the import form and `npm run import` refuse more (IMPORT_LIMITS.fileBytes). */
const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/**
 * A spreadsheet a facilitator uploaded, kept between its preview and its import so that every step
 * (preview, column mapping, import) can be served by any app instance. Only its uploader reaches it
 * (server/facilitation/uploads.ts); it is deleted when expired, at the next upload of anyone.
 * `analysis` is the last analysis of the file (gzipped JSON), for the mapping, day and territories in
 * `analysisKey`: the preview and the import of a large file read it instead of analysing it again.
 */
export const importUploads = pgTable(
  'import_uploads',
  {
    /** 128 random bits in hex: the id in the page's address. */
    id: text().primaryKey(),
    ownerId: integer()
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    filename: text().notNull(),
    content: bytea().notNull(),
    /** The person's column choices: `{ "3": "hours", "5": null }`. */
    mapping: jsonb().$type<Record<string, string | null>>(),
    /** What its import saved (counts, structures): set once, in the import's transaction; never twice. */
    imported: jsonb(),
    analysisKey: text(),
    analysis: bytea(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('import_uploads_owner_idx').on(t.ownerId, t.createdAt),
    index('import_uploads_expiry_idx').on(t.expiresAt),
    check('import_uploads_size', sql`octet_length(${t.content}) <= ${sql.raw(String(MAX_UPLOAD_BYTES))}`),
  ],
);

export const IMPORT_TASK_KINDS = ['preview', 'import'] as const;
export const IMPORT_TASK_PHASES = ['reading', 'analysing', 'checking', 'writing'] as const;

/**
 * The analysis or the import of an upload, running or just finished, one at a time per upload: the
 * progress page of any instance reads it. The instance doing the work holds a lease (`leaseOwner`
 * until `leaseUntil`) that it renews while it works; a running task whose lease has run out was
 * interrupted (a crash, a deploy): a preview is started again, an import is reported as not done (its
 * commit and the task's end are one transaction, so a task still running wrote nothing).
 * `result` is what the page shows once done (never the preview itself: that is the upload's analysis).
 * Not a foreign key to the upload: a file that turns out unreadable is deleted at once, and its task
 * still tells the page why.
 */
export const importTasks = pgTable(
  'import_tasks',
  {
    uploadId: text().primaryKey(),
    ownerId: integer()
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    filename: text().notNull(),
    kind: text().$type<(typeof IMPORT_TASK_KINDS)[number]>().notNull(),
    /** 'running' or 'done'. */
    state: text().$type<'running' | 'done'>().notNull(),
    phase: text().$type<(typeof IMPORT_TASK_PHASES)[number]>().notNull().default('reading'),
    done: integer().notNull().default(0),
    total: integer().notNull().default(0),
    result: jsonb().$type<Record<string, unknown>>(),
    leaseOwner: text(),
    leaseUntil: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('import_tasks_updated_idx').on(t.updatedAt)],
);

/**
 * One import commit in progress or done (server/facilitation/import-batches.ts). An import writes in
 * short transactions, each tagging its rows with the batch (`needs.import_batch_id`,
 * `organizations.import_batch_id`); the last one marks the batch 'done'. A batch still 'writing' is
 * invisible to the deduplication of other imports; the next attempt of the same upload, or any import
 * once its lease has run out (its instance died), deletes what it wrote.
 */
export const importBatches = pgTable(
  'import_batches',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    state: text().$type<'writing' | 'done'>().notNull().default('writing'),
    /** The upload imported (its next attempt undoes this one at once); null from the command line. */
    uploadId: text(),
    leaseUntil: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('import_batches_writing_idx').on(t.leaseUntil).where(sql`${t.state} = 'writing'`)],
);
