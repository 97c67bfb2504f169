/**
 * The import as a facilitator sees it: the file analysed by server/imports, then restricted to their
 * territories (a row whose commune lies elsewhere is an error on that row for them: they create
 * structures only where they facilitate), with each row's raw cells, the structures found or to be
 * created "not yet claimed", and the column mapping to show and change.
 */
import type { DbOrTx } from '../../db/client';
import { departementLabel, formatHours } from '../common/labels';
import {
  type AnalyzeFailure,
  analyzeSheetStepwise,
  defaultLookups,
  describeSlots,
  type ImportAnalysis,
  type ImportLookups,
  type MappingOverride,
  type NeedDraft,
  type RowIssue,
  readForAnalysis,
  structureKey,
} from '../imports';
import { cellText } from '../imports/parse-misc';
import type { Sheet } from '../imports/read';
import { matchStructures, type StructureCandidate, type StructureMatch } from './import-structures';

export const FIELD_LABELS: Record<string, string> = {
  structureName: 'Nom de la structure',
  siret: 'N° SIRET',
  postalCode: 'Code postal',
  commune: 'Commune',
  role: 'Poste recherché',
  romeCode: 'Code ROME',
  hours: 'Heures / semaine',
  days: 'Jours souhaités',
  halfDays: 'Nombre de demi-journées',
  start: 'Date de début',
  travel: 'Distance maximale (km)',
  description: 'Commentaires',
  contact: 'Contact (ignoré)',
};

const UNREADABLE = 'Le fichier est illisible : envoyez un fichier Excel (.xlsx) ou CSV.';

let lookups: Promise<ImportLookups> | undefined;
const importLookups = () => {
  lookups ??= defaultLookups();
  return lookups;
};

export interface PreviewRow {
  row: number;
  cells: { field: string; text: string }[];
  draft: NeedDraft | null;
  hours: string;
  days: string;
  errors: RowIssue[];
  warnings: RowIssue[];
  /** The structures this row's may be, and the one chosen by default (null for a row in error). */
  structure: (StructureMatch & { defaultCandidate: StructureCandidate | null }) | null;
}

export interface StructurePreview {
  name: string;
  siret: string | null;
  communeName: string | null;
  exists: boolean;
}

export interface Preview {
  ok: true;
  sheet: Sheet;
  analysis: ImportAnalysis;
  rows: PreviewRow[];
  structures: StructurePreview[];
  counts: { rows: number; valid: number; invalid: number; toCreate: number; existing: number };
}

/** A row in a commune outside the person's territories cannot be imported by them. */
export function restrictToTerritories(
  analysis: ImportAnalysis,
  territories: string[] | null,
): ImportAnalysis {
  if (territories === null) return analysis;
  const results = analysis.results.map((result) => {
    const departement = result.draft?.departement;
    if (!result.draft || (departement && territories.includes(departement))) return result;
    const message = `${result.draft.communeName ?? 'Cette commune'} (${departement ?? '?'}) est hors de vos territoires (${territories.map(departementLabel).join(', ')}) : vous ne pouvez pas importer ce besoin.`;
    return {
      ...result,
      draft: null,
      errors: [...result.errors, { row: result.row, field: 'commune', message }],
    };
  });
  return {
    ...analysis,
    results,
    drafts: results.flatMap((r) => (r.draft ? [r.draft] : [])),
    errors: results.flatMap((r) => r.errors),
  };
}

export interface AnalyzeForPersonOptions {
  territories: string[] | null;
  mapping: MappingOverride | null;
  today: string;
  /** Phases and rows done, for the progress page (reading has no row count: 0 of 0). */
  onProgress?: (phase: 'reading' | 'analysing', done: number, total: number) => void;
}

/** A file read and analysed for a person. */
export interface Analysed {
  ok: true;
  sheet: Sheet;
  analysis: ImportAnalysis;
}

/**
 * Reads (in the worker thread of server/imports/read-pool.ts) and analyses the file; never throws for a
 * bad file (a French message instead, saying what is too big for a file past the import limits).
 */
export async function analyzeForPerson(
  bytes: Uint8Array,
  options: AnalyzeForPersonOptions,
): Promise<AnalyzeFailure | Analysed> {
  options.onProgress?.('reading', 0, 0);
  const read = await readForAnalysis(bytes);
  if (!read.ok) return read;
  const { sheet } = read;
  try {
    options.onProgress?.('analysing', 0, 0);
    const outcome = await analyzeSheetStepwise(
      sheet,
      { today: options.today, lookups: await importLookups(), mapping: options.mapping ?? undefined },
      (done, total) => options.onProgress?.('analysing', done, total),
    );
    if (!outcome.ok) return outcome;
    return { ok: true, sheet, analysis: restrictToTerritories(outcome, options.territories) };
  } catch (error) {
    return { ok: false, message: UNREADABLE, cause: error };
  }
}

/** The preview of an analysed file: its rows with their cells, and the structures known or to create. */
export async function buildPreview(db: DbOrTx, analysed: Analysed): Promise<Preview> {
  const { sheet, analysis } = analysed;
  const groups = new Map<string, NeedDraft>();
  for (const draft of analysis.drafts)
    if (!groups.has(structureKey(draft))) groups.set(structureKey(draft), draft);
  const matches = await matchStructures(db, groups);
  const existing = new Set([...matches].filter(([, m]) => m.defaultId !== null).map(([key]) => key));
  const matchOf = (draft: NeedDraft) => {
    const match = matches.get(structureKey(draft)) as StructureMatch;
    return { ...match, defaultCandidate: match.candidates.find((c) => c.id === match.defaultId) ?? null };
  };
  const mapped = analysis.mapping.filter((m) => m.field && m.field !== 'contact');
  const rows: PreviewRow[] = analysis.results.map((result) => {
    const cells = sheet.rows[result.row - 1] ?? [];
    const draft = result.draft;
    return {
      row: result.row,
      cells: mapped.map((m) => ({ field: m.field as string, text: cellText(cells[m.column] ?? null) })),
      draft,
      hours: draft ? formatHours(draft.hoursHundredths / 100) : '',
      days: draft ? describeSlots(draft.allowedSlots) : '',
      errors: result.errors,
      warnings: result.warnings,
      structure: draft ? matchOf(draft) : null,
    };
  });
  const structures = new Map<string, StructurePreview>();
  for (const draft of analysis.drafts) {
    const key = structureKey(draft);
    if (!structures.has(key))
      structures.set(key, {
        name: draft.structure.name,
        siret: draft.structure.siret,
        communeName: draft.communeName,
        exists: existing.has(key),
      });
  }
  const list = [...structures.values()];
  return {
    ok: true,
    sheet,
    analysis,
    rows,
    structures: list,
    counts: {
      rows: analysis.results.length,
      valid: analysis.drafts.length,
      invalid: analysis.results.length - analysis.drafts.length,
      toCreate: list.filter((s) => !s.exists).length,
      existing: list.filter((s) => s.exists).length,
    },
  };
}
