/**
 * The work behind the import pages, as background tasks (import-tasks.ts): analysing a file for its
 * preview, and importing it. Both report their progress and end with what the page shows.
 */
import type { Db } from '../../db/client';
import { commitDrafts } from '../imports';
import { type AnalyzeForPersonOptions, analyzeForPerson, buildPreview } from './import-preview';
import type { TaskPhase, TaskResult } from './import-tasks';

type Report = (phase: TaskPhase, done: number, total: number) => void;
type Options = Omit<AnalyzeForPersonOptions, 'onProgress'>;

async function analyse(db: Db, bytes: Uint8Array, options: Options, report: Report) {
  const read = await analyzeForPerson(bytes, { ...options, onProgress: report });
  if (!read.ok) return read;
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
