/**
 * The last analysis of an upload, kept with it in the database (`import_uploads.analysis`, gzipped
 * JSON) so that the preview and the import of a large file are served from it by any instance, without
 * reading and validating the file again (seconds for 5,000 rows). An analysis depends only on the file,
 * the mapping, the day and the person's territories, all in its key; the structures known are looked up
 * again at each page. The last few analyses read are also kept parsed in the app's memory.
 */
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { and, eq } from 'drizzle-orm';
import { byteaOf, byteaValue, type DbOrTx } from '../../db/client';
import { importUploads } from '../../db/schema';
import type { Analysed, AnalyzeForPersonOptions } from './import-preview';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export function analysisKey(options: Pick<AnalyzeForPersonOptions, 'mapping' | 'today' | 'territories'>) {
  return JSON.stringify([options.mapping, options.today, options.territories]);
}

/** Dates (XLSX cells) survive JSON as `{ "$date": "…" }`. */
function replacer(this: Record<string, unknown>, key: string, value: unknown) {
  const raw = this[key];
  return raw instanceof Date ? { $date: raw.toISOString() } : value;
}

function reviver(_key: string, value: unknown) {
  if (value && typeof value === 'object' && '$date' in value && Object.keys(value).length === 1) {
    return new Date((value as { $date: string }).$date);
  }
  return value;
}

/** What is stored: the drafts and the issue lists are derived from the results, so left out. */
function toStored(analysed: Analysed) {
  const { drafts: _drafts, errors: _errors, warnings: _warnings, ...analysis } = analysed.analysis;
  return { sheet: { ...analysed.sheet, merged: [...analysed.sheet.merged] }, analysis };
}

function fromStored(stored: ReturnType<typeof toStored>): Analysed {
  const { results } = stored.analysis;
  return {
    ok: true,
    sheet: { ...stored.sheet, merged: new Set(stored.sheet.merged) },
    analysis: {
      ...stored.analysis,
      drafts: results.flatMap((r) => (r.draft ? [r.draft] : [])),
      errors: results.flatMap((r) => r.errors),
      warnings: results.flatMap((r) => r.warnings),
    },
  };
}

const KEEP_PARSED = 4;

/** One per app (so that two apps in one process share nothing but the database, as two servers do). */
export class AnalysisStore {
  private readonly parsed = new Map<string, Analysed>();

  constructor(private readonly db: DbOrTx) {}

  private keep(uploadId: string, key: string, analysed: Analysed) {
    const id = `${uploadId} ${key}`;
    this.parsed.delete(id);
    this.parsed.set(id, analysed);
    while (this.parsed.size > KEEP_PARSED) this.parsed.delete(this.parsed.keys().next().value as string);
  }

  async save(uploadId: string, key: string, analysed: Analysed) {
    const packed = await gzipAsync(Buffer.from(JSON.stringify(toStored(analysed), replacer)));
    await this.db
      .update(importUploads)
      .set({ analysisKey: key, analysis: byteaValue(packed) })
      .where(eq(importUploads.id, uploadId));
    this.keep(uploadId, key, analysed);
  }

  /** The upload's analysis for this key, or null when it has none for it (another mapping, another day). */
  async load(uploadId: string, key: string): Promise<Analysed | null> {
    const cached = this.parsed.get(`${uploadId} ${key}`);
    if (cached) return cached;
    const [row] = await this.db
      .select({ analysis: byteaOf(importUploads.analysis) })
      .from(importUploads)
      .where(and(eq(importUploads.id, uploadId), eq(importUploads.analysisKey, key)));
    if (!row?.analysis) return null;
    const analysed = fromStored(JSON.parse((await gunzipAsync(row.analysis)).toString('utf8'), reviver));
    this.keep(uploadId, key, analysed);
    return analysed;
  }

  /** Whether the upload has an analysis for this key, without reading it. */
  async has(uploadId: string, key: string): Promise<boolean> {
    if (this.parsed.has(`${uploadId} ${key}`)) return true;
    const [row] = await this.db
      .select({ id: importUploads.id })
      .from(importUploads)
      .where(and(eq(importUploads.id, uploadId), eq(importUploads.analysisKey, key)));
    return row !== undefined;
  }
}
