/**
 * The whole reading of an uploaded file: cells → header row → column mapping → one result per data row,
 * and the summary DESIGN.md fixes for `npm run import`. Never throws for a bad file: it answers
 * `{ ok: false, message }` with a French message.
 */
import { ImportFileError } from './errors';
import {
  applyMappingOverride,
  type ColumnMapping,
  detectMapping,
  findHeaderRow,
  headerTexts,
  type MappingOverride,
} from './headers';
import { type ImportLimit, ImportTooLarge } from './limits';
import { type ImportLookups, memoizeLookups } from './lookups';
import { cellText } from './parse-misc';
import type { Sheet } from './read';
import { readSpreadsheetOffThread } from './read-pool';
import { normalizeText } from './text';
import type { Field, NeedDraft, RowIssue } from './types';
import { type RowResult, validateRow } from './validate-row';

export interface AnalyzeOptions {
  /** ISO date used for "dès que possible" and past-date warnings. */
  today: string;
  lookups: ImportLookups;
  /** The person's column choices, replacing the detected ones for those columns. */
  mapping?: MappingOverride;
}

export interface ImportAnalysis {
  ok: true;
  format: Sheet['format'];
  sheetName: string | null;
  separator?: string;
  encoding?: string;
  /** 1-based, as the spreadsheet numbers it. */
  headerRow: number;
  mapping: ColumnMapping[];
  /** Fields without which no row can be valid and that no column provides. */
  missingFields: Field[];
  results: RowResult[];
  drafts: NeedDraft[];
  errors: RowIssue[];
  warnings: RowIssue[];
}

/** A file that cannot be analysed: the French message, and `limit` when it was refused for its size. */
export type AnalyzeFailure = { ok: false; message: string; limit?: ImportLimit; cause?: unknown };

export type AnalyzeOutcome = ImportAnalysis | AnalyzeFailure;

export interface ImportSummary {
  rows: number;
  valid: number;
  errors: RowIssue[];
}

const REQUIRED: { fields: Field[]; label: string }[] = [
  { fields: ['structureName'], label: 'structureName' },
  { fields: ['commune', 'postalCode'], label: 'commune' },
  { fields: ['role', 'romeCode'], label: 'role' },
  { fields: ['hours'], label: 'hours' },
];

const UNREADABLE = 'Le fichier est illisible : envoyez un fichier Excel (.xlsx) ou CSV.';

/** Reads the file in the worker thread of read-pool.ts (off this thread, under a memory limit). */
export async function readForAnalysis(
  bytes: Uint8Array,
): Promise<{ ok: true; sheet: Sheet } | AnalyzeFailure> {
  try {
    return { ok: true, sheet: await readSpreadsheetOffThread(bytes) };
  } catch (error) {
    if (error instanceof ImportTooLarge) return { ok: false, message: error.message, limit: error.limit };
    if (error instanceof ImportFileError) return { ok: false, message: error.message };
    return { ok: false, message: UNREADABLE, cause: error };
  }
}

export async function analyzeFile(bytes: Uint8Array, options: AnalyzeOptions): Promise<AnalyzeOutcome> {
  const read = await readForAnalysis(bytes);
  if (!read.ok) return read;
  const { sheet } = read;
  try {
    return analyzeSheet(sheet, options);
  } catch (error) {
    // A defect of ours must not become a 500 for the person: they get a message, the caller logs `cause`.
    return { ok: false, message: UNREADABLE, cause: error };
  }
}

export function analyzeSheet(sheet: Sheet, options: AnalyzeOptions): AnalyzeOutcome {
  const plan = planAnalysis(sheet, options);
  if (!plan.ok) return plan;
  const results: RowResult[] = [];
  for (let r = plan.firstDataIndex; r < sheet.rows.length; r++) validateAt(plan, sheet, r, results);
  return finishAnalysis(plan, sheet, results);
}

/**
 * The same analysis, yielding to the event loop every `step` rows and reporting the rows read so far
 * (out of the rows under the header): the import page runs it in the background and shows the count.
 */
export async function analyzeSheetStepwise(
  sheet: Sheet,
  options: AnalyzeOptions,
  onProgress: (done: number, total: number) => void,
  step = 250,
): Promise<AnalyzeOutcome> {
  const plan = planAnalysis(sheet, options);
  if (!plan.ok) return plan;
  const results: RowResult[] = [];
  const total = Math.max(0, sheet.rows.length - plan.firstDataIndex);
  onProgress(0, total);
  for (let r = plan.firstDataIndex; r < sheet.rows.length; r++) {
    validateAt(plan, sheet, r, results);
    const done = r - plan.firstDataIndex + 1;
    if (done % step === 0) {
      onProgress(done, total);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  onProgress(total, total);
  return finishAnalysis(plan, sheet, results);
}

interface AnalysisPlan {
  ok: true;
  headerIndex: number;
  firstDataIndex: number;
  mapping: ColumnMapping[];
  columns: Partial<Record<Field, number>>;
  missingFields: Field[];
  context: { today: string; lookups: ImportLookups };
}

function planAnalysis(sheet: Sheet, options: AnalyzeOptions): AnalysisPlan | { ok: false; message: string } {
  const headerIndex = findHeaderRow(sheet.rows);
  if (headerIndex === null) {
    return {
      ok: false,
      message:
        "Aucune ligne d'en-tête reconnue : la première ligne du tableau doit porter les titres des colonnes (par exemple « Nom de la structure », « Code postal », « Poste recherché », « Heures / semaine »).",
    };
  }
  const headers = headerTexts(sheet, headerIndex);
  let mapping = detectMapping(headers);
  if (options.mapping) mapping = applyMappingOverride(mapping, options.mapping);

  const columns: Partial<Record<Field, number>> = {};
  for (const entry of mapping)
    if (entry.field && entry.field !== 'contact') columns[entry.field] ??= entry.column;
  const missingFields = REQUIRED.filter((r) => r.fields.every((f) => columns[f] === undefined)).map(
    (r) => r.fields[0],
  );
  return {
    ok: true,
    headerIndex,
    firstDataIndex: headerIndex + 1,
    mapping,
    columns,
    missingFields,
    context: { today: options.today, lookups: memoizeLookups(options.lookups) },
  };
}

/** Validates sheet row `r` (0-based) into `results`, unless it is empty or a "Total" line. */
function validateAt(plan: AnalysisPlan, sheet: Sheet, r: number, results: RowResult[]) {
  const cells = sheet.rows[r];
  if (!cells.some((cell) => cell !== null)) return;
  if (isTotalRow(cells, plan.columns)) return;
  results.push(validateRow({ row: r + 1, cells, columns: plan.columns }, plan.context));
}

function finishAnalysis(plan: AnalysisPlan, sheet: Sheet, results: RowResult[]): ImportAnalysis {
  const drafts = results.flatMap((result) => (result.draft ? [result.draft] : []));
  return {
    ok: true,
    format: sheet.format,
    sheetName: sheet.sheetName,
    separator: sheet.separator,
    encoding: sheet.encoding,
    headerRow: plan.headerIndex + 1,
    mapping: plan.mapping,
    missingFields: plan.missingFields,
    results,
    drafts,
    errors: results.flatMap((result) => result.errors),
    warnings: results.flatMap((result) => result.warnings),
  };
}

/** A "Total" line under the table sums the hours; it is not a need. */
function isTotalRow(cells: Sheet['rows'][number], columns: Partial<Record<Field, number>>): boolean {
  const first = cells.find((cell) => cell !== null);
  if (first === undefined || !/^(?:sous )?(?:total|totaux)\b/.test(normalizeText(cellText(first))))
    return false;
  const roleColumn = columns.role ?? columns.romeCode;
  return roleColumn === undefined || cells[roleColumn] === null;
}

/** The JSON summary of DESIGN.md: data rows read, rows without error, every row error. */
export function summarize(analysis: ImportAnalysis): ImportSummary {
  return {
    rows: analysis.results.length,
    valid: analysis.drafts.length,
    errors: analysis.errors.map(({ row, field, message }) => ({ row, field, message })),
  };
}
