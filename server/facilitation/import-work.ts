/**
 * The work behind the import pages, as background tasks (import-tasks.ts): analysing an upload for its
 * preview, and importing it. Both report their progress and end with what the page shows. A new file is
 * stored once it has been read (an unreadable or oversized one is never written: with the embedded
 * database a write of megabytes would hold the web thread), with its analysis (import-analysis.ts): the
 * page that shows the preview, on whatever instance, reads it from there, and "Importer" right after
 * the preview does not analyse the file again.
 */
import type { Db } from '../../db/client';
import { type AnalysisStore, analysisKey } from './import-analysis';
import { commitDrafts } from './import-commit';
import { type Analysed, type AnalyzeForPersonOptions, analyzeForPerson } from './import-preview';
import { InvalidStructureChoice, type StructureChoice } from './import-structures';
import type { TaskContext, TaskResult } from './import-tasks';
import { deleteUpload, markImported, saveUpload, uploadContent } from './uploads';

export type WorkOptions = Omit<AnalyzeForPersonOptions, 'onProgress'> & { uploadId: string };

export interface WorkServices {
  db: Db;
  analyses: AnalysisStore;
  log: (error: unknown, message: string) => void;
}

const GONE = 'Ce fichier n’est plus disponible : envoyez-le de nouveau.';

/** A file just received by the upload route, not stored yet. */
export interface NewUpload {
  ownerId: number;
  filename: string;
  bytes: Buffer;
}

/** The stored analysis for these options, or a new one (stored, with a new file); a failure says why. */
async function analyse(
  services: WorkServices,
  options: WorkOptions,
  context: TaskContext,
  fresh?: NewUpload,
): Promise<Analysed | { ok: false; message: string; cause?: unknown }> {
  const key = analysisKey(options);
  const stored = fresh ? null : await services.analyses.load(options.uploadId, key);
  if (stored) return stored;
  const bytes = fresh?.bytes ?? (await uploadContent(services.db, options.uploadId));
  if (!bytes) return { ok: false, message: GONE };
  const read = await analyzeForPerson(bytes, {
    ...options,
    onProgress: (phase, done, total) => context.report(phase, done, total),
  });
  if (!read.ok) return read;
  if (fresh)
    await saveUpload(services.db, fresh.ownerId, fresh.filename, fresh.bytes, new Date(), options.uploadId);
  await services.analyses.save(options.uploadId, key, read);
  return read;
}

/** A file that cannot be read is not kept (nor stored, when new): the page shows the form with the message. */
async function unreadable(
  services: WorkServices,
  uploadId: string,
  failure: { message: string; cause?: unknown },
) {
  await deleteUpload(services.db, uploadId);
  if (failure.cause) services.log(failure.cause, 'import analysis failed');
  return { type: 'unreadable' as const, message: failure.message };
}

/**
 * The preview of an upload; `extra` is a refusal or a notice to show over it (a bad import form),
 * `fresh` the file just received (stored if it can be read).
 */
export function previewWork(
  services: WorkServices,
  options: WorkOptions,
  extra: { formError?: string; status?: number; notice?: string } = {},
  fresh?: NewUpload,
) {
  return async (context: TaskContext): Promise<TaskResult> => {
    const analysed = await analyse(services, options, context, fresh);
    if (!analysed.ok) return unreadable(services, options.uploadId, analysed);
    context.report('checking', 0, 0);
    return { type: 'preview', ...extra };
  };
}

/**
 * "Importer" (`tout`: refused while any row has an error) or "Importer seulement les lignes valides"
 * (`valides`): commits the analysed drafts in short transactions (import-batches.ts), the last of which
 * ends the task: an instance that dies before it leaves the task running and its rows undone by the
 * next attempt (or the page that reports the interruption), and one that lost its lease meanwhile
 * undoes what it wrote (import-tasks.ts).
 */
export function importWork(
  services: WorkServices,
  options: WorkOptions,
  choice: 'tout' | 'valides',
  createdBy: number,
  structureChoices: ReadonlyMap<number, StructureChoice> = new Map(),
) {
  return async (context: TaskContext): Promise<TaskResult> => {
    const analysed = await analyse(services, options, context);
    if (!analysed.ok) return unreadable(services, options.uploadId, analysed);
    const { analysis } = analysed;
    const invalidRows = analysis.results.length - analysis.drafts.length;
    if (choice === 'tout' && invalidRows > 0) {
      const formError = `Rien n’a été importé : ${invalidRows} ligne(s) contiennent des erreurs. Corrigez le fichier, ou choisissez « Importer seulement les lignes valides ».`;
      return { type: 'preview', status: 422, formError };
    }
    if (!analysis.drafts.length)
      return { type: 'preview', status: 422, formError: 'Aucune ligne valide à importer.' };
    let result: TaskResult | undefined;
    try {
      await commitDrafts(services.db, analysis.drafts, {
        createdBy,
        uploadId: options.uploadId,
        structureChoices,
        onProgress: (done, total) => context.report('writing', done, total),
        beforeCommit: async (tx, counts) => {
          const summary = {
            needsCreated: counts.needsCreated,
            needsSkipped: counts.needsSkipped,
            structures: counts.structures,
          };
          // Imported once: a second "Importer" (another tab, a replayed form) rolls back here.
          if (!(await markImported(tx, options.uploadId, summary))) throw new AlreadyImported();
          result = { type: 'preview', notice: importNotice(summary), imported: true };
          await context.completeIn(tx, result);
        },
      });
    } catch (error) {
      if (error instanceof AlreadyImported) return { type: 'preview', notice: ALREADY_IMPORTED };
      if (error instanceof InvalidStructureChoice) {
        const formError = `Ligne ${error.row} : la structure choisie n’est plus proposée pour cette ligne. Vérifiez les choix de structures et relancez l’import.`;
        return { type: 'preview', status: 422, formError };
      }
      throw error;
    }
    return result as TaskResult;
  };
}

class AlreadyImported extends Error {}

export const ALREADY_IMPORTED = 'Ce fichier a déjà été importé : rien n’a été enregistré une seconde fois.';

/** French plural: 0 and 1 take the singular. */
const plural = (count: number, one: string, many: string) => `${count} ${count <= 1 ? one : many}`;

/** "Import terminé : 3 besoins créés en brouillon, …": the counts of what was saved. */
export function importNotice(summary: {
  needsCreated: number;
  needsSkipped: number;
  structures: { created: unknown[]; linked: unknown[] };
}): string {
  return `Import terminé : ${plural(summary.needsCreated, 'besoin créé', 'besoins créés')} en brouillon, ${plural(summary.needsSkipped, 'besoin déjà présent ignoré', 'besoins déjà présents ignorés')} ; ${plural(summary.structures.created.length, 'structure créée', 'structures créées')} (non revendiquées), ${plural(summary.structures.linked.length, 'structure existante reliée', 'structures existantes reliées')}.`;
}

/** Said when a new file's instance stopped before the file was read (and so stored). */
export const PREVIEW_INTERRUPTED =
  'L’analyse du fichier a été interrompue (un serveur s’est arrêté) avant qu’il soit enregistré : envoyez-le de nouveau.';

/**
 * Said when an import's instance stopped before its end: what its transactions wrote is undone as the
 * page says so (import-routes.ts), and in any case by its next attempt (import-batches.ts).
 */
export const IMPORT_INTERRUPTED =
  'L’import a été interrompu avant sa fin (un serveur s’est arrêté) : rien n’a été importé. Relancez-le.';
