/**
 * Spreadsheet import of needs (a facilitator's territorial diagnosis): reading XLSX and CSV, header
 * detection and mapping, value parsers, row validation into need drafts: pure parsing, apart from
 * `defaultLookups` (which loads the places and roles data). Nothing here touches the database: the
 * facilitation capability writes the drafts (server/facilitation/import-commit.ts). See docs/import.md.
 */
export {
  type AnalyzeFailure,
  type AnalyzeOptions,
  type AnalyzeOutcome,
  analyzeFile,
  analyzeSheet,
  analyzeSheetStepwise,
  type ImportAnalysis,
  type ImportSummary,
  readForAnalysis,
  summarize,
} from './analyze';
export { MAX_HUNDREDTHS_PER_HALF_DAY, slotsNeededFor, USUAL_HUNDREDTHS_PER_HALF_DAY } from './capacity';
export { ImportFileError } from './errors';
export { fingerprintDraft } from './fingerprint';
export { HEADER_SYNONYMS, TEMPLATE_HEADERS } from './header-synonyms';
export {
  applyMappingOverride,
  type ColumnMapping,
  classifyHeader,
  detectMapping,
  findHeaderRow,
  type MappingOverride,
} from './headers';
export { IMPORT_LIMITS, type ImportLimit, ImportTooLarge, tooLargeMessage } from './limits';
export { defaultLookups, type ImportLookups } from './lookups';
export { parseStartDate } from './parse-date';
export { describeSlots, parseDays } from './parse-days';
export { formatHours, parseHours } from './parse-hours';
export { parseSiret } from './parse-siret';
export { readSpreadsheet } from './read';
export { structureKey } from './structure-key';
export type { CellValue, Field, NeedDraft, RowIssue } from './types';
export { DEFAULT_MAX_TRAVEL_KM, validateRow } from './validate-row';
