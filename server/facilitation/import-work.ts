/**
 * The work behind the import pages, as background tasks (import-tasks.ts): analysing a file for its
 * preview, and importing it. Both report their progress and end with what the page shows.
 */
import type { Db } from '../../db/client';
import { commitDrafts } from '../imports';
import { type AnalyzeForPersonOptions, analyzeForPerson, buildPreview } from './import-preview';
import type { TaskPhase, TaskResult } from './import-tasks';

type Report = (phase: TaskPhase, done: number, total: number) => void;
type Options = Omit<AnalyzeForPersonOptions, 'onProgress'> & {
  /** The upload's id: its last analysis is remembered under it (see `analyses`). */
  uploadId: string;
};
type Analysed = Extract<Awaited<ReturnType<typeof analyzeForPerson>>, { ok: true }>;

/**
 * The last analyses of uploads, so that "Importer" right after the preview does not read and validate
 * the file a second time (seconds for 5,000 rows). An analysis depends only on the file, the mapping,
 * the day and the person's territories, all in the key; the structures known are looked up again. A
 * few entries, for a quarter of an hour: a large analysis weighs some megabytes.
 */
const analyses = new Map<string, { key: string; read: Analysed; at: number }>();
const KEEP_ANALYSES = 4;
const KEEP_ANALYSIS_MS = 15 * 60_000;

function analysisKey(options: Options) {
  return JSON.stringify([options.mapping, options.today, options.territories]);
}

function remembered(options: Options): Analysed | null {
  const entry = analyses.get(options.uploadId);
  if (!entry || entry.key !== analysisKey(options) || Date.now() - entry.at > KEEP_ANALYSIS_MS) return null;
  return entry.read;
}

function remember(options: Options, read: Analysed) {
  analyses.delete(options.uploadId);
  analyses.set(options.uploadId, { key: analysisKey(options), read, at: Date.now() });
  while (analyses.size > KEEP_ANALYSES) analyses.delete(analyses.keys().next().value as string);
}

async function analyse(db: Db, bytes: Uint8Array, options: Options, report: Report) {
  const cached = remembered(options);
  const read = cached ?? (await analyzeForPerson(bytes, { ...options, onProgress: report }));
  if (!read.ok) return read;
  if (!cached) remember(options, read);
  report('checking', 0, 0);
  const preview = await buildPreview(db, bytes, options, read);
  if (!preview.ok) return preview;
  return { ok: true as const, preview };
}

/**
 * The preview of a file. `keep` runs once the file is known to be readable (the upload route stores
 * the file then: a file that cannot be read is never kept).
 */
export function previewWork(
  db: Db,
  bytes: Uint8Array,
  options: Options,
  extra: { keep?: () => Promise<void>; formError?: string; status?: number } = {},
) {
  return async (report: Report): Promise<TaskResult> => {
    const analysed = await analyse(db, bytes, options, report);
    if (!analysed.ok) return { type: 'unreadable', message: analysed.message, cause: analysed.cause };
    await extra.keep?.();
    return { type: 'preview', preview: analysed.preview, formError: extra.formError, status: extra.status };
  };
}

/**
 * "Importer" (`tout`: refused while any row has an error) or "Importer seulement les lignes valides"
 * (`valides`): re-analyses the kept file with the kept mapping, commits in one transaction, then shows
 * the preview again (its structures are now known) with the counts.
 */
export function importWork(
  db: Db,
  bytes: Uint8Array,
  options: Options,
  choice: 'tout' | 'valides',
  createdBy: number,
) {
  return async (report: Report): Promise<TaskResult> => {
    const analysed = await analyse(db, bytes, options, report);
    if (!analysed.ok) return { type: 'unreadable', message: analysed.message, cause: analysed.cause };
    const { preview } = analysed;
    const { analysis } = preview;
    const invalidRows = analysis.results.length - analysis.drafts.length;
    if (choice === 'tout' && invalidRows > 0) {
      const formError = `Rien n’a été importé : ${invalidRows} ligne(s) contiennent des erreurs. Corrigez le fichier, ou choisissez « Importer seulement les lignes valides ».`;
      return { type: 'preview', preview, status: 422, formError };
    }
    if (!analysis.drafts.length) {
      return { type: 'preview', preview, status: 422, formError: 'Aucune ligne valide à importer.' };
    }
    const result = await commitDrafts(db, analysis.drafts, {
      createdBy,
      onProgress: (done, total) => report('writing', done, total),
    });
    report('checking', 0, 0);
    const after = await buildPreview(db, bytes, options, { ok: true, sheet: preview.sheet, analysis });
    if (!after.ok) return { type: 'unreadable', message: after.message, cause: after.cause };
    return {
      type: 'preview',
      preview: after,
      notice: `Import terminé : ${result.needsCreated} besoin(s) créé(s) en brouillon, ${result.needsSkipped} déjà présent(s) ; ${result.organizationsCreated} structure(s) créée(s) (non revendiquées), ${result.organizationsFound} retrouvée(s).`,
    };
  };
}
